import type { Hex } from "viem";
import { readDeposit } from "./readDeposit.js";
import { openRequest } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/**
 * Claims a Humanity ID for an identity commitment (a first claim, or a reclaim of an old ID).
 * @param params.humanityId bytes20; by PoH's convention the claimer's address for a first claim
 * @param params.evidence the CID of the evidence bundle (name, photo, video)
 * @param params.value wei paid now (default: the full deposit; others may fund the rest)
 */
export async function claimHumanity(
  clients: RegistryClients,
  params: { humanityId: Hex; evidence: string; commitment: bigint; value?: bigint },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = params.value ?? (await readDeposit(clients.client, clients.registry));
  return openRequest(clients, "claimHumanity", [params.humanityId, params.evidence, params.commitment], value);
}
