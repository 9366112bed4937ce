import type { Address, Hex } from "viem";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/** Credits an appeal round's fees and rewards to `beneficiary` (default: the wallet). */
export function withdrawFeesAndRewards(
  clients: RegistryClients,
  params: { requestId: bigint; challengeIndex: bigint; round: bigint; beneficiary?: Address },
): Promise<Hex> {
  const beneficiary = params.beneficiary ?? clients.wallet.account.address;
  return registryWrite(clients, "withdrawFeesAndRewards", [
    beneficiary,
    params.requestId,
    params.challengeIndex,
    params.round,
  ]);
}
