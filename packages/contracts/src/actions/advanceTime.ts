import { InputError } from "@pop/core/errors";
import type { PublicClient } from "viem";
import { DEV_CHAIN_ID } from "../devAccounts.js";
import { chainCall } from "../errors/chainError.js";
import { chainTime } from "./chainTime.js";

/**
 * Moves a local development chain's clock forward and mines a block at the new time (anvil's
 * evm_increaseTime + evm_mine), e.g. to end a registry challenge period.
 * @param client a public client on the local chain
 * @param params.seconds how far to move
 * @returns the new latest block's timestamp
 * @throws InputError on any chain but a local development chain (31337)
 */
export async function advanceTime(client: PublicClient, params: { seconds: number }): Promise<{ timestamp: number }> {
  const chainId = await chainCall(() => client.getChainId());
  if (chainId !== DEV_CHAIN_ID) {
    throw new InputError(
      `only a local development chain (${DEV_CHAIN_ID}) can have its clock moved, not chain ${chainId}`,
    );
  }
  return chainCall(async () => {
    await client.request({ method: "evm_increaseTime", params: [params.seconds] } as never);
    await client.request({ method: "evm_mine", params: [] } as never);
    return { timestamp: Number(await chainTime(client)) };
  });
}
