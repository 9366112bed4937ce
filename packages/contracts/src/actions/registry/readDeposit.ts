import type { Address, PublicClient } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";

/**
 * The deposit a claim, renewal or revocation needs (base deposit + arbitration cost): one opened
 * now under the current terms, or request `requestId` under its own.
 */
export function readDeposit(client: PublicClient, registry: Address, requestId?: bigint): Promise<bigint> {
  const read = { address: registry, abi: humanityRegistryAbi } as const;
  return chainCall(() =>
    requestId === undefined
      ? client.readContract({ ...read, functionName: "deposit" })
      : client.readContract({ ...read, functionName: "requestDeposit", args: [requestId] }),
  );
}
