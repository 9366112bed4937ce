import { X509Certificate } from "node:crypto";
import { bytesToHex } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { createNodeKeys } from "../src/keygen.js";
import { checkSecretsMatch, pairwiseKey, parseNodeSecrets } from "../src/nodeKeys.js";
import { RandomnessBook } from "../src/randomness.js";

/**
 * A node's keys, one per purpose, made by its own operator (before: one process made all three
 * nodes' keys, and one X25519 key served custody, the MACs and the correlated randomness, with
 * nothing fresh per start or per request).
 */

const [a, b] = await Promise.all(
  ([0, 1] as const).map((party) =>
    createNodeKeys({ party, host: "127.0.0.1", port: 7100 + party, peerPort: 7103 + party }),
  ),
);

describe("a node's keys", () => {
  it("are separate per purpose: custody, randomness, signing and TLS", () => {
    const { secrets, public: info } = a!;
    expect(new Set([secrets.encryption, secrets.randomness, secrets.signing]).size).toBe(3);
    expect(new Set([info.encryptionKey, info.randomnessKey, info.signingKey]).size).toBe(3);
    const certificate = new X509Certificate(info.certificate);
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(parseNodeSecrets(JSON.parse(JSON.stringify(secrets)), "k")).toEqual(secrets);
    expect([info.url, info.peerUrl]).toEqual(["https://127.0.0.1:7100", "https://127.0.0.1:7103"]);
  });

  it("refuses a version 1 key file and one that is not the cluster file's node", () => {
    expect(() => parseNodeSecrets({ ...a!.secrets, version: 1 }, "node-key.json")).toThrow(
      new InputError("node-key.json is a version 1 node key (no TLS, one key for all): run `pop uniqueness keygen`"),
    );
    expect(() => parseNodeSecrets({ ...a!.secrets, tlsKey: b!.secrets.tlsKey }, "k")).toThrow(
      new InputError("k.tlsKey is not the key of its certificate"),
    );
    expect(() => checkSecretsMatch(a!.secrets, { ...a!.public, randomnessKey: b!.public.randomnessKey }, "k")).toThrow(
      new InputError("k does not match node 0 of the cluster file (its randomnessKey differs)"),
    );
  });
});

describe("a request's correlated randomness", () => {
  /** What randomnessKeys computes on each side once the pair swapped contributions. */
  function exchange(requestId: string, books: [RandomnessBook, RandomnessBook]) {
    const fromA = books[0].mine(requestId, 1);
    const fromB = books[1].exchange(requestId, 0, fromA);
    books[0].exchange(requestId, 1, fromB);
    const salt = new Uint8Array([...fromA, ...fromB]);
    return {
      atA: pairwiseKey({ secrets: a!.secrets, peer: b!.public, purpose: "prf", context: requestId, salt }),
      atB: pairwiseKey({ secrets: b!.secrets, peer: a!.public, purpose: "prf", context: requestId, salt }),
      staticOnly: pairwiseKey({ secrets: a!.secrets, peer: b!.public, purpose: "prf", context: requestId }),
      fromA,
    };
  }

  it("is the same on both nodes, fresh per request and per start, and not the static key's alone", () => {
    const books: [RandomnessBook, RandomnessBook] = [new RandomnessBook(60_000), new RandomnessBook(60_000)];
    const first = exchange("aa".repeat(16), books);
    expect(bytesToHex(first.atA)).toBe(bytesToHex(first.atB));
    // A leaked static randomness secret alone does not give the request's key.
    expect(bytesToHex(first.atA)).not.toBe(bytesToHex(first.staticOnly));
    const second = exchange("bb".repeat(16), books);
    expect(bytesToHex(second.atA)).not.toBe(bytesToHex(first.atA));
    // The same request id after a restart (new books) gets other contributions.
    const restarted = exchange("aa".repeat(16), [new RandomnessBook(60_000), new RandomnessBook(60_000)]);
    expect(bytesToHex(restarted.fromA)).not.toBe(bytesToHex(first.fromA));
    expect(bytesToHex(restarted.atA)).not.toBe(bytesToHex(first.atA));
  });

  it("accepts a peer's contribution once", () => {
    const book = new RandomnessBook(60_000);
    const requestId = "cc".repeat(16);
    book.exchange(requestId, 1, new Uint8Array(32).fill(1));
    expect(() => book.exchange(requestId, 1, new Uint8Array(32).fill(2))).toThrow(
      `node 1 already gave its randomness for ${requestId}`,
    );
  });
});
