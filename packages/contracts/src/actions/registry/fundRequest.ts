import type { Hex } from "viem";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/** Crowdfunds a request's deposit (anything above what is missing is kept for the sender). */
export function fundRequest(clients: RegistryClients, params: { requestId: bigint; value: bigint }): Promise<Hex> {
  return registryWrite(clients, "fundRequest", [params.requestId], params.value);
}
