import type { Hex } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { humanitySiblings } from "./humanitySiblings.js";
import { registryWrite } from "./registryWrite.js";
import type { FromBlock, RegistryClients } from "./types.js";

/** The owner removes their own humanity at once; returns the hash and the humanity removed. */
export async function renounceHumanity(
  clients: RegistryClients,
  params: FromBlock = {},
): Promise<{ hash: Hex; humanityId: Hex }> {
  const { client, registry, wallet } = clients;
  const humanityId = await chainCall(() =>
    client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "walletHumanity",
      args: [wallet.account.address],
    }),
  );
  const hash = await registryWrite(clients, "renounceHumanity", [
    await humanitySiblings(client, registry, humanityId, params),
  ]);
  return { hash, humanityId };
}
