import type { Address, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";

/** The deposit a claim, renewal or revocation needs: base deposit + arbitration cost. */
export function readDeposit(client: PublicClient, registry: Address): Promise<bigint> {
  return chainCall(() => client.readContract({ address: registry, abi: humanityRegistryAbi, functionName: "deposit" }));
}
