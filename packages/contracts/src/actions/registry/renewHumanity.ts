import type { Hex } from "viem";
import { readDeposit } from "./readDeposit.js";
import { openRequest } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/**
 * The owner asks to renew inside the renewal window, with evidence that differs from the last.
 * @param params.commitment a new identity commitment (default: keep the current one)
 */
export async function renewHumanity(
  clients: RegistryClients,
  params: { evidence: string; commitment?: bigint; value?: bigint },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = params.value ?? (await readDeposit(clients.client, clients.registry));
  return openRequest(clients, "renewHumanity", [params.evidence, params.commitment ?? 0n], value);
}
