import type { Hex } from "viem";
import { humanitySiblings } from "./humanitySiblings.js";
import { readRequest } from "./readRequest.js";
import { registryWrite } from "./registryWrite.js";
import { eventRange, type FromBlock, type RegistryClients } from "./types.js";

/**
 * Applies a request whose challenge period ended unchallenged, or whose disputes are ruled: the
 * leaf is inserted, replaced or removed (siblings read from the set's events).
 */
export async function executeRequest(
  clients: RegistryClients,
  params: { requestId: bigint } & FromBlock,
): Promise<Hex> {
  const request = await readRequest(clients.client, clients.registry, params.requestId);
  const siblings = await humanitySiblings(clients.client, clients.registry, request.humanityId, eventRange(params));
  return registryWrite(clients, "executeRequest", [params.requestId, siblings]);
}
