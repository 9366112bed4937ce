import type { Hex } from "viem";
import { readDeposit } from "./readDeposit.js";
import { openRequest } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/**
 * Claims a Humanity ID for a human's two commitments (a first claim, or a reclaim of an old ID).
 * @param params.humanityId bytes20; by PoH's convention the claimer's address for a first claim
 * @param params.evidence the CID of the evidence bundle (name, photo, video)
 * @param params.commitment the authenticator commitment c the leaf will hold
 * @param params.nullifierCommitment the human's N: a first claim sets it for the ID for life, a
 *        reclaim must present the one the ID keeps (docs/registry.md#the-nullifier-commitment)
 * @param params.value wei paid now (default: the full deposit; others may fund the rest)
 * @throws ChainError naming the contract's refusal (HumanityRegistry__NullifierCommitmentMismatch, …)
 */
export async function claimHumanity(
  clients: RegistryClients,
  params: { humanityId: Hex; evidence: string; commitment: bigint; nullifierCommitment: bigint; value?: bigint },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = params.value ?? (await readDeposit(clients.client, clients.registry));
  const args = [params.humanityId, params.evidence, params.commitment, params.nullifierCommitment];
  return openRequest(clients, "claimHumanity", args, value);
}
