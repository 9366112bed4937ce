import type { ProveProgress } from "@pop/circuits/prove";
import type { Credential } from "@pop/protocol/credential";
import type { PopIdentity } from "@pop/protocol/identity";
import type { Address, Hex } from "viem";
import { chainCall } from "../errors/chainError.js";
import type { DeploymentRecord } from "../files/deploymentFile.js";
import { personhoodTokenAbi } from "../generated/personhoodToken.js";
import { personhoodTokenWithErrorsAbi } from "./mintToken.js";
import { proveForToken } from "./proveForToken.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/**
 * Refreshes the wallet's soulbound token: a fresh proof of the same nullifier for the token's
 * scope, bound to the wallet, against the humanity set's current root (a removed human cannot
 * make one), after which the token is valid for another lifetime.
 * @param clients the holder's wallet and a public client
 * @param params.deployment the deployment (sets, verifier, token)
 * @param params.identity the holder's identity
 * @param params.credential the holder's credential
 * @param params.onProgress told how proving goes
 * @returns the token id, the holder, the new end of its validity (Unix seconds) and the hash
 * @throws the errors of provePersonhood; ChainError naming the contract's refusal
 */
export async function refreshPersonhoodToken(
  clients: ActionClients,
  params: { deployment: DeploymentRecord; identity: PopIdentity; credential: Credential; onProgress?: ProveProgress },
): Promise<{ tokenId: bigint; holder: Address; validUntil: bigint; tx: Hex }> {
  const { deployment } = params;
  const holder = clients.wallet.account.address;
  const solidityProof = await proveForToken(clients, params);
  const tx = await simulateAndWrite(clients, {
    address: deployment.personhoodToken,
    abi: personhoodTokenWithErrorsAbi,
    functionName: "refresh",
    args: [solidityProof],
  });
  const validUntil = await chainCall(() =>
    clients.client.readContract({
      address: deployment.personhoodToken,
      abi: personhoodTokenAbi,
      functionName: "validUntil",
      args: [solidityProof.nullifier],
    }),
  );
  return { tokenId: solidityProof.nullifier, holder, validUntil, tx };
}
