import type { Address, PublicClient } from "viem";
import { personhoodVerifierAbi } from "../generated/personhoodVerifier.js";
import type { SolidityPersonhoodProof } from "../solidityProof.js";

/**
 * Asks the PersonhoodVerifier contract whether a proof is valid for a scope and message
 * (a view call: nothing is recorded). Resolves when valid; rejects with the contract's custom
 * error (PersonhoodVerifier__UnknownRoot, __InvalidProof, …) when not.
 * @param params.verifier the PersonhoodVerifier address
 * @param params.proof the proof struct (see toSolidityProof)
 * @param params.scope the scope field element
 * @param params.message the message field element
 */
export async function verifyOnChain(
  client: PublicClient,
  params: { verifier: Address; proof: SolidityPersonhoodProof; scope: bigint; message: bigint },
): Promise<void> {
  await client.readContract({
    address: params.verifier,
    abi: personhoodVerifierAbi,
    functionName: "verify",
    args: [params.proof, params.scope, params.message],
  });
}
