import type { Hex } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/** Sends the wallet everything credited to it; `amount` 0 and no hash when nothing is. */
export async function withdraw(clients: RegistryClients): Promise<{ hash?: Hex; amount: bigint }> {
  const amount = await chainCall(() =>
    clients.client.readContract({
      address: clients.registry,
      abi: humanityRegistryAbi,
      functionName: "withdrawable",
      args: [clients.wallet.account.address],
    }),
  );
  if (amount === 0n) return { amount };
  return { hash: await registryWrite(clients, "withdraw", []), amount };
}
