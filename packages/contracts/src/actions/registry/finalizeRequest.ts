import type { Hex } from "viem";
import { executeRequest } from "./executeRequest.js";
import { processVouches } from "./processVouches.js";
import type { RegistryClients } from "./types.js";

/**
 * Applies a request whose challenge period ended (or whose disputes are ruled), then releases
 * or penalises its vouchers. Siblings are read from the humanity set's events from `fromBlock`,
 * the set's own deployment block: members added before the registry existed are in its tree.
 * @param clients any wallet and the registry
 * @param params.requestId the request
 * @param params.fromBlock where the humanity set's events start
 * @returns the execution's hash and how many vouchers were processed
 * @throws ChainError naming the contract's refusal (still challengeable, disputed, …)
 */
export async function finalizeRequest(
  clients: RegistryClients,
  params: { requestId: bigint; fromBlock: bigint },
): Promise<{ tx: Hex; released: number }> {
  const tx = await executeRequest(clients, params);
  const { processed } = await processVouches(clients, params);
  return { tx, released: processed };
}
