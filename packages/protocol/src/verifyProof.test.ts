import { describe, expect, it } from "vitest";
import type { ParsedPersonhoodProof } from "./proofDocument.js";
import { type PublicSignals, readPublicSignals } from "./publicSignals.js";
import { verifyPersonhoodProof } from "./verifyProof.js";

const AT = 1_800_000_000;
const groth16 = {
  pi_a: ["1", "2", "1"],
  pi_b: [
    ["1", "2"],
    ["3", "4"],
    ["1", "0"],
  ],
  pi_c: ["1", "2", "1"],
  protocol: "groth16",
  curve: "bn128",
} as ParsedPersonhoodProof["proof"];

function proofWith(disclosure: bigint): ParsedPersonhoodProof {
  const signals: PublicSignals = readPublicSignals(["5", "6", "1", disclosure.toString(), "7", "8"]);
  return { maxDepth: 20, proof: groth16, signals, publicSignals: Object.values(signals).map(String) };
}
const at = (time: number) => BigInt(time) << 16n;

const policy = { merkleRoots: [5n], issuerRoot: 6n, scope: 7n, message: 8n, at: AT, verificationKey: {} };

describe("verifyPersonhoodProof on a disclosure signal no prover makes", () => {
  it.each([2n ** 250n, 2n ** 56n, at(AT) | (1n << 60n)])(
    "answers invalid, never throws, for %s",
    async (disclosure) => {
      expect(await verifyPersonhoodProof(proofWith(disclosure), policy)).toEqual({
        valid: false,
        reason: "the disclosure signal is malformed: disclosure has bits outside its 56-bit layout",
        nullifier: 1n,
      });
    },
  );

  it("reads the proof's time from the disclosure and calls a future one by its date", async () => {
    expect(await verifyPersonhoodProof(proofWith(at(AT + 86_400)), policy)).toEqual({
      valid: false,
      reason: "the proof's time 2027-01-16T08:00:00Z is in the future",
      nullifier: 1n,
    });
    expect(await verifyPersonhoodProof(proofWith(at(AT - 3601)), policy)).toEqual({
      valid: false,
      reason: "the proof's time 2027-01-15T06:59:59Z is too old",
      nullifier: 1n,
    });
  });

  it("gets past the time check with a time inside the window (the pairing then decides)", async () => {
    expect(await verifyPersonhoodProof(proofWith(at(AT)), policy)).toEqual({
      valid: false,
      reason: "the Groth16 proof does not verify against its public signals",
      nullifier: 1n,
    });
  });
});
