import type { Hex } from "viem";
import { removalSiblings } from "../../registry.js";
import { readRegistrySet } from "./humanitySiblings.js";
import { readHumanity } from "./readHumanity.js";
import { readRequest } from "./readRequest.js";
import { registryWrite } from "./registryWrite.js";
import type { FromBlock, RegistryClients } from "./types.js";

/**
 * Releases a final request's vouchers, or removes their registrations when an aggravated
 * challenge won. Returns the hash and how many vouchers were processed (0: nothing was sent).
 */
export async function processVouches(
  clients: RegistryClients,
  params: { requestId: bigint } & FromBlock,
): Promise<{ hash?: Hex; processed: number }> {
  const { client, registry } = clients;
  const request = await readRequest(client, registry, params.requestId);
  const left = request.vouches.slice(request.processedVouches);
  if (left.length === 0) return { processed: 0 };
  let siblings: bigint[][] = left.map(() => []);
  if (request.punishVouchers) {
    const records = await Promise.all(left.map((voucher) => readHumanity(client, registry, voucher)));
    siblings = removalSiblings(await readRegistrySet(client, registry, params), records);
  }
  return { hash: await registryWrite(clients, "processVouches", [params.requestId, siblings]), processed: left.length };
}
