import type { Address, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { committeeArbitratorAbi } from "../../generated/committeeArbitrator.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { readTerms } from "./setTerms.js";

/**
 * The arbitration cost a challenge of request `requestId` pays: its arbitrator's cost under the
 * terms the request was opened with (governance may have changed them since).
 */
export function readChallengeCost(client: PublicClient, registry: Address, requestId: bigint): Promise<bigint> {
  return chainCall(async () => {
    const request = await client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "request",
      args: [requestId],
    });
    const terms = await readTerms({ client, registry }, BigInt(request.terms));
    return client.readContract({
      address: terms.arbitrator,
      abi: committeeArbitratorAbi,
      functionName: "arbitrationCost",
      args: [terms.arbitratorExtraData],
    });
  });
}
