import type { Address, Hex } from "viem";
import { personhoodTokenAbi } from "../generated/personhoodToken.js";
import { personhoodVerifierAbi } from "../generated/personhoodVerifier.js";
import type { SolidityPersonhoodProof } from "../solidityProof.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/** The token's ABI plus the verifier's errors, which bubble up through mint. */
export const personhoodTokenWithErrorsAbi = [
  ...personhoodTokenAbi,
  ...personhoodVerifierAbi.filter((item) => item.type === "error"),
];

/**
 * Mints the wallet's soulbound personhood token. The proof must be for the token's scope,
 * with message addressToField(wallet address) and the kind disclosed.
 * @param params.token the PersonhoodToken address
 * @param params.proof the proof struct (see toSolidityProof)
 * @returns the transaction hash
 */
export function mintToken(
  clients: ActionClients,
  params: { token: Address; proof: SolidityPersonhoodProof },
): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: params.token,
    abi: personhoodTokenWithErrorsAbi,
    functionName: "mint",
    args: [params.proof],
  });
}
