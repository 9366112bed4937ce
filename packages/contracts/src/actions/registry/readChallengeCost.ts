import type { Address, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { committeeArbitratorAbi } from "../../generated/committeeArbitrator.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";

/**
 * The arbitration cost a challenge of request `requestId` pays: its arbitrator's cost under the
 * terms the request was opened with (governance may have changed them since).
 */
export function readChallengeCost(client: PublicClient, registry: Address, requestId: bigint): Promise<bigint> {
  return chainCall(async () => {
    const read = { address: registry, abi: humanityRegistryAbi } as const;
    const request = await client.readContract({ ...read, functionName: "request", args: [requestId] });
    const terms = await client.readContract({ ...read, functionName: "terms", args: [BigInt(request.terms)] });
    return client.readContract({
      address: terms.arbitrator,
      abi: committeeArbitratorAbi,
      functionName: "arbitrationCost",
      args: [terms.arbitratorExtraData],
    });
  });
}
