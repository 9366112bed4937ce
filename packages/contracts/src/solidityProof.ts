import { hashToField } from "@pop/protocol/hashToField";
import type { Groth16Proof } from "@pop/protocol/publicSignals";
import { readPublicSignals } from "@pop/protocol/publicSignals";
import { type Address, hexToBytes } from "viem";

/** The PersonhoodProof struct of IPersonhoodVerifier.sol. */
export type SolidityPersonhoodProof = {
  maxDepth: bigint;
  merkleRoot: bigint;
  issuerRoot: bigint;
  nullifier: bigint;
  /** flags | country << 2 | kind << 12 | time << 16 (the proof's time is packed in). */
  disclosure: bigint;
  points: readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
};

/**
 * Converts a proof (snarkjs form plus its public signals) into the struct contracts take,
 * with the G2 point's coordinates swapped into the order the generated verifier expects.
 * @param proof the proof document's maxDepth, proof and publicSignals
 * @returns the struct, and the scope and message signals to pass beside it
 */
export function toSolidityProof(proof: { maxDepth: number; proof: Groth16Proof; publicSignals: readonly string[] }): {
  proof: SolidityPersonhoodProof;
  scope: bigint;
  message: bigint;
} {
  const signals = readPublicSignals(proof.publicSignals);
  const { pi_a: a, pi_b: b, pi_c: c } = proof.proof;
  return {
    proof: {
      maxDepth: BigInt(proof.maxDepth),
      merkleRoot: signals.merkleRoot,
      issuerRoot: signals.issuerRoot,
      nullifier: signals.nullifier,
      disclosure: signals.disclosure,
      points: [a[0], a[1], b[0][1], b[0][0], b[1][1], b[1][0], c[0], c[1]].map(
        BigInt,
      ) as unknown as SolidityPersonhoodProof["points"],
    },
    scope: signals.scope,
    message: signals.message,
  };
}

/**
 * The message a PersonhoodToken mint binds: hashToField of the recipient's 20 address bytes,
 * as the contract computes it from msg.sender.
 * @param address the minting account
 */
export function addressToField(address: Address): bigint {
  return hashToField(hexToBytes(address));
}
