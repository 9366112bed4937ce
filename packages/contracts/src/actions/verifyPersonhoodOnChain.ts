import type { ParsedPersonhoodProof } from "@pop/protocol/proofDocument";
import { decodeDisclosure, firstNonCanonicalSignal } from "@pop/protocol/publicSignals";
import type { VerificationResult } from "@pop/protocol/verifyProof";
import type { Address, PublicClient } from "viem";
import { decodeRevert, toChainError } from "../errors/chainError.js";
import { toSolidityProof } from "../solidityProof.js";
import { verifyOnChain } from "./verifyOnChain.js";

/**
 * Asks the PersonhoodVerifier contract whether a proof is valid (a view call: nothing is
 * recorded), with the same result type as the off-chain verifyPersonhoodProof: valid with the
 * nullifier and what is disclosed, or invalid with the contract's custom error as the reason.
 * @param client a public client on the verifier's chain
 * @param params.verifier the PersonhoodVerifier address
 * @param params.proof the parsed proof document
 * @param params.scope the relying party's scope (field element)
 * @param params.message the expected message; the proof's own message signal when omitted
 * @returns the verification result; never throws for a bad proof
 * @throws ChainError when the chain cannot be asked (not for a refusal)
 */
export async function verifyPersonhoodOnChain(
  client: PublicClient,
  params: { verifier: Address; proof: ParsedPersonhoodProof; scope: bigint; message?: bigint },
): Promise<VerificationResult> {
  const { signals } = params.proof;
  const overflow = firstNonCanonicalSignal(signals);
  const { proof } = toSolidityProof(params.proof);
  try {
    await verifyOnChain(client, {
      verifier: params.verifier,
      proof,
      scope: params.scope,
      message: params.message ?? signals.message,
    });
  } catch (error) {
    const revert = decodeRevert(error);
    if (revert === undefined) throw toChainError(error);
    return { valid: false, reason: `the verifier contract refused: ${revert.errorName}(${revert.args.join(", ")})` };
  }
  // The contract reduces nothing, but say so plainly should a non-canonical signal ever pass.
  if (overflow !== undefined) {
    return { valid: false, reason: `public signal ${overflow} is not a canonical field element` };
  }
  const { time, disclosed } = decodeDisclosure(signals.disclosure);
  return { valid: true, nullifier: signals.nullifier, disclosed, time, signals };
}
