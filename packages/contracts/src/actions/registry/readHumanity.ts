import type { Address, Hex, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";

/** Reads a humanity's record (owner zero: not registered). */
export function readHumanity(client: PublicClient, registry: Address, humanityId: Hex) {
  return chainCall(() =>
    client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "humanity",
      args: [humanityId],
    }),
  );
}
