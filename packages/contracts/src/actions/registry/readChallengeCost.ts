import type { Address, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { committeeArbitratorAbi } from "../../generated/committeeArbitrator.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";

/** The arbitration cost a challenge pays, read from the registry's arbitrator. */
export function readChallengeCost(client: PublicClient, registry: Address): Promise<bigint> {
  return chainCall(async () => {
    const read = { address: registry, abi: humanityRegistryAbi } as const;
    const [arbitrator, extraData] = await Promise.all([
      client.readContract({ ...read, functionName: "arbitrator" }),
      client.readContract({ ...read, functionName: "arbitratorExtraData" }),
    ]);
    return client.readContract({
      address: arbitrator,
      abi: committeeArbitratorAbi,
      functionName: "arbitrationCost",
      args: [extraData],
    });
  });
}
