import type { Address, Hex, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { readHumanitySet } from "../../readHumanitySet.js";
import { leafSiblings } from "../../registry.js";
import { readHumanity } from "./readHumanity.js";
import { eventRange, type FromBlock } from "./types.js";

/** The registry's humanity set, rebuilt from the set's events. */
export async function readRegistrySet(client: PublicClient, registry: Address, options: FromBlock) {
  return chainCall(async () => {
    const humanitySet = await client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "humanitySet",
    });
    return readHumanitySet({ client, address: humanitySet, ...eventRange(options) });
  });
}

/** The siblings of a humanity's current leaf, from the set's events (empty when it has none). */
export async function humanitySiblings(
  client: PublicClient,
  registry: Address,
  humanityId: Hex,
  options: FromBlock = {},
): Promise<bigint[]> {
  const [set, humanity] = await Promise.all([
    readRegistrySet(client, registry, options),
    readHumanity(client, registry, humanityId),
  ]);
  return leafSiblings(set, humanity);
}
