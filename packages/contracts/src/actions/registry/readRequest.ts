import type { Address, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";

/** Reads a request's record (throws HumanityRegistry__NoSuchRequest for an unknown id). */
export function readRequest(client: PublicClient, registry: Address, requestId: bigint) {
  return chainCall(() =>
    client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "request",
      args: [requestId],
    }),
  );
}
