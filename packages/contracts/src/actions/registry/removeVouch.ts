import type { Address, Hex } from "viem";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/** Withdraws an on-chain vouch that was not used yet. */
export function removeVouch(clients: RegistryClients, params: { claimer: Address; humanityId: Hex }): Promise<Hex> {
  return registryWrite(clients, "removeVouch", [params.claimer, params.humanityId]);
}
