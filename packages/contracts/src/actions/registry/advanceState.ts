import type { Address, Hex } from "viem";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients, SignedVouch } from "./types.js";

/**
 * Moves a funded claim with enough valid vouches (on-chain vouchers and signed vouches) into its
 * challenge period. Invalid, expired or busy vouches are skipped; too few valid ones revert with
 * HumanityRegistry__NotEnoughVouches.
 */
export function advanceState(
  clients: RegistryClients,
  params: { claimer: Address; vouchers?: readonly Hex[]; signedVouches?: readonly SignedVouch[] },
): Promise<Hex> {
  return registryWrite(clients, "advanceState", [params.claimer, params.vouchers ?? [], params.signedVouches ?? []]);
}
