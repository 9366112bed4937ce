import { startAnvil } from "@pop/contracts/anvil";
import { ChainError, InputError } from "@pop/core/errors";
import { formatIsoTime } from "@pop/core/time";
import { createPublicClient, createTestClient, type Hex, http, keccak256, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRenewalBlock, checkSignedRenewalBlock, parseHashPrefix, parseWindow } from "../src/renewalBlock.js";

const DAY = 86_400;
const WINDOW = 30 * DAY;
let START = 0; // the next round hour after the chain's genesis block
let stop: () => Promise<void>;
let client: PublicClient;
// Ten blocks ten minutes apart; the validation block is the sixth.
const blocks: { number: number; hash: Hex; time: number }[] = [];

beforeAll(async () => {
  const chain = await startAnvil();
  stop = chain.stop;
  client = createPublicClient({ transport: http(chain.rpcUrl) });
  const test = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
  START = (Math.floor(Number((await client.getBlock()).timestamp) / 3600) + 1) * 3600;
  for (let k = 0; k < 10; k++) {
    await test.setNextBlockTimestamp({ timestamp: BigInt(START + 600 * k) });
    await test.mine({ blocks: 1 });
    const block = await client.getBlock();
    blocks.push({ number: Number(block.number), hash: block.hash, time: Number(block.timestamp) });
  }
});
afterAll(async () => {
  await stop?.();
});

const target = () => blocks[5]!;
const shown = (block = target()) => block.hash.slice(0, 12); // "0x" and 10 digits, as a sign would

describe("the renewal validation block: a shown hash prefix and time", () => {
  it("finds the block and accepts a submission inside the window", async () => {
    const result = await checkRenewalBlock({
      client,
      shownHash: shown(),
      shownTime: target().time,
      submitted: target().time + DAY,
      window: WINDOW,
    });
    expect(result).toEqual({
      ok: true,
      block: {
        number: target().number,
        hash: target().hash,
        time: new Date(target().time * 1000).toISOString().replace(".000Z", "Z"),
      },
      age: DAY,
      window: WINDOW,
    });
  });

  it("takes a time written to the minute, and a prefix in upper case without 0x", async () => {
    const result = await checkRenewalBlock({
      client,
      shownHash: target().hash.slice(2, 10).toUpperCase(),
      shownTime: target().time - 45,
      submitted: target().time + 10,
      window: WINDOW,
    });
    expect(result).toMatchObject({ ok: true, block: { number: target().number }, age: 10 });
  });

  it("refuses a time far from the block, another block's hash, a late or an early submission", async () => {
    const base = {
      client,
      shownHash: shown(),
      shownTime: target().time,
      submitted: target().time + DAY,
      window: WINDOW,
    };
    const farTime = await checkRenewalBlock({ ...base, shownTime: target().time + 7200 });
    expect(farTime.ok).toBe(false);
    expect(farTime.reason).toBe(
      `no block with a hash starting ${shown().slice(2)} within 60 s of ${formatIsoTime(target().time + 7200)}`,
    );
    expect((await checkRenewalBlock({ ...base, shownHash: shown(blocks[4]) })).ok).toBe(false);
    const late = await checkRenewalBlock({ ...base, submitted: target().time + WINDOW + 1 });
    expect(late).toMatchObject({
      ok: false,
      reason: `the submission came ${WINDOW + 1} s after the validation block, over the ${WINDOW} s window`,
    });
    const early = await checkRenewalBlock({ ...base, submitted: target().time - 1 });
    expect(early).toMatchObject({ ok: false, reason: "the submission is dated before the validation block", age: -1 });
    // The window's edge is inside it.
    expect((await checkRenewalBlock({ ...base, submitted: target().time + WINDOW })).ok).toBe(true);
  });

  it("refuses prefixes that are too short or not hex, and windows it cannot read", () => {
    expect(() => parseHashPrefix("0x1234567", "shown hash")).toThrow(
      new InputError("shown hash must be 8 to 64 hex digits (a prefix of a hash), not 0x1234567"),
    );
    expect(() => parseHashPrefix("0x1234567g", "shown hash")).toThrow(InputError);
    expect([
      parseWindow("30d"),
      parseWindow("2w"),
      parseWindow("12h"),
      parseWindow("90m"),
      parseWindow("3600s"),
    ]).toEqual([30 * DAY, 14 * DAY, 12 * 3600, 5400, 3600]);
    for (const bad of ["30", "30 days", "0d", "-1d", "1.5d", "d"]) {
      expect(() => parseWindow(bad)).toThrow(InputError);
    }
  });
});

describe("the renewal validation block: the signed variant", () => {
  const account = privateKeyToAccount(generatePrivateKey());
  const other = privateKeyToAccount(generatePrivateKey());
  const signed = async (signer = account) => signer.signMessage({ message: { raw: target().hash } });
  const base = async () => ({
    client,
    blockHash: target().hash,
    signature: await signed(),
    submitter: account.address,
    submitted: target().time + 3 * DAY,
    window: WINDOW,
  });

  it("accepts the submitter's signature over the block hash, and a sign showing the signature's hash", async () => {
    const options = await base();
    expect(await checkSignedRenewalBlock(options)).toMatchObject({ ok: true, signer: account.address, age: 3 * DAY });
    const sign = keccak256(options.signature as Hex).slice(0, 14);
    expect((await checkSignedRenewalBlock({ ...options, shownHash: sign })).ok).toBe(true);
  });

  it("refuses someone else's signature, a sign that shows another value, a block not on the chain", async () => {
    const options = await base();
    const forged = await checkSignedRenewalBlock({ ...options, signature: await signed(other) });
    expect(forged).toMatchObject({
      ok: false,
      reason: `the block hash was signed by ${other.address}, not by the submitter`,
    });
    const wrongSign = await checkSignedRenewalBlock({ ...options, shownHash: target().hash.slice(0, 14) });
    expect(wrongSign).toMatchObject({ ok: false, reason: "the sign does not show the hash of the signature" });
    const elsewhere = `0x${"ab".repeat(32)}` as Hex;
    const signedElsewhere = await account.signMessage({ message: { raw: elsewhere } });
    const missing = await checkSignedRenewalBlock({ ...options, blockHash: elsewhere, signature: signedElsewhere });
    expect(missing).toMatchObject({ ok: false, reason: `no block ${elsewhere} on this chain` });
    const late = await checkSignedRenewalBlock({ ...options, submitted: target().time + 40 * DAY });
    expect(late.ok).toBe(false);
  });

  it("refuses malformed inputs with a clear error", async () => {
    const options = await base();
    await expect(checkSignedRenewalBlock({ ...options, signature: "0x1234" })).rejects.toThrow(
      new InputError("signature must be 0x and 130 hex digits (r, s, v)"),
    );
    await expect(checkSignedRenewalBlock({ ...options, blockHash: "0x12" })).rejects.toThrow(
      new InputError("block hash must be 0x and 64 hex digits, not 0x12"),
    );
    await expect(checkSignedRenewalBlock({ ...options, submitter: "0x12" })).rejects.toThrow(InputError);
  });
});

describe("an unreachable chain", () => {
  it("is a ChainError, not an answer", async () => {
    const nowhere = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
    await expect(
      checkRenewalBlock({
        client: nowhere,
        shownHash: "0x12345678",
        shownTime: START,
        submitted: START,
        window: WINDOW,
      }),
    ).rejects.toThrow(ChainError);
  });
});
