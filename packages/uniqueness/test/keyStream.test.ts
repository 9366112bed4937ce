import { describe, expect, it } from "vitest";
import { KeyStream } from "../src/mpc/booleanShares.js";
import { seededRandom } from "../src/randomSource.js";

// The correlated randomness is AES-256-CTR from nonce ‖ block, each take at a fresh block:
// checked against Web Crypto's AES-CTR, an independent implementation of the same cipher.
const random = seededRandom("keyStream.test");

async function webCryptoStream(key: Uint8Array, nonce: Uint8Array, block: number, length: number) {
  const counter = new Uint8Array(16);
  counter.set(nonce);
  new DataView(counter.buffer).setUint32(12, block);
  const cryptoKey = await crypto.subtle.importKey("raw", key.slice(), "AES-CTR", false, ["encrypt"]);
  return new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-CTR", counter, length: 32 }, cryptoKey, new Uint8Array(length)),
  );
}

describe("the key stream", () => {
  it("is AES-256-CTR from the nonce, each take starting at the next whole block", async () => {
    const key = random(32);
    const nonce = random(12);
    const stream = new KeyStream(key, nonce);
    let block = 0;
    for (const length of [5, 16, 100, 4096, 70_001]) {
      const taken = await stream.take(length);
      expect(taken.length).toBe(length);
      expect([...taken]).toEqual([...(await webCryptoStream(key, nonce, block, length))]);
      block += Math.ceil(length / 16);
    }
  });

  it("differs for another nonce or key, and refuses keys and nonces of the wrong size", async () => {
    const key = random(32);
    const nonce = random(12);
    const first = await new KeyStream(key, nonce).take(64);
    expect([...(await new KeyStream(key, random(12)).take(64))]).not.toEqual([...first]);
    expect([...(await new KeyStream(random(32), nonce).take(64))]).not.toEqual([...first]);
    expect(() => new KeyStream(random(16), nonce)).toThrow("a key stream needs a 32-byte key and a 12-byte nonce");
    expect(() => new KeyStream(key, random(16))).toThrow("a key stream needs a 32-byte key and a 12-byte nonce");
  });
});
