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

function proofWith(time: bigint): ParsedPersonhoodProof {
  const signals: PublicSignals = readPublicSignals(["5", "6", "1", "0", "7", "8", time.toString()]);
  return { maxDepth: 20, proof: groth16, signals, publicSignals: Object.values(signals).map(String) };
}

const policy = { merkleRoots: [5n], issuerRoot: 6n, scope: 7n, message: 8n, at: AT, verificationKey: {} };

describe("verifyPersonhoodProof on a time signal no prover makes", () => {
  it.each([2n ** 250n, 2n ** 40n, 8_640_000_000_001n])("answers invalid, never throws, for %s", async (time) => {
    expect(await verifyPersonhoodProof(proofWith(time), policy)).toEqual({
      valid: false,
      reason: `the proof's time signal ${time} is past the largest time (2^40 - 1 seconds)`,
      nullifier: 1n,
    });
  });

  it("still calls a time in range but in the future by its date", async () => {
    const result = await verifyPersonhoodProof(proofWith(BigInt(AT + 86_400)), policy);
    expect(result).toEqual({
      valid: false,
      reason: "the proof's time 2027-01-16T08:00:00Z is in the future",
      nullifier: 1n,
    });
  });
});
