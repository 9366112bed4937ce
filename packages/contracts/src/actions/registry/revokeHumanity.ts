import type { Hex } from "viem";
import { readDeposit } from "./readDeposit.js";
import { openRequest } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/** Asks for a humanity's removal (anyone, with the full deposit and evidence). */
export async function revokeHumanity(
  clients: RegistryClients,
  params: { humanityId: Hex; evidence: string },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = await readDeposit(clients.client, clients.registry);
  return openRequest(clients, "revokeHumanity", [params.humanityId, params.evidence], value);
}
