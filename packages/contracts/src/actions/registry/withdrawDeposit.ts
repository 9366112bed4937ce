import type { Address, Hex } from "viem";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/** Credits a final request's deposit share to `beneficiary` (default: the wallet). */
export function withdrawDeposit(
  clients: RegistryClients,
  params: { requestId: bigint; beneficiary?: Address },
): Promise<Hex> {
  return registryWrite(clients, "withdrawDeposit", [
    params.beneficiary ?? clients.wallet.account.address,
    params.requestId,
  ]);
}
