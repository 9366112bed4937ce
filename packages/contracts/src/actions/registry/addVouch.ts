import type { Address, Hex } from "viem";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/** Vouches on chain for a claimer's claim of a Humanity ID (the wallet must own a registered humanity). */
export function addVouch(clients: RegistryClients, params: { claimer: Address; humanityId: Hex }): Promise<Hex> {
  return registryWrite(clients, "addVouch", [params.claimer, params.humanityId]);
}
