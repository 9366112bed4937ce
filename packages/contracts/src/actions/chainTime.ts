import type { PublicClient } from "viem";
import { chainCall } from "../errors/chainError.js";

/**
 * The chain's time: the latest block's timestamp. Contracts judge proofs, vouches and periods
 * by block time, not by this machine's clock.
 * @param client a public client
 * @returns Unix seconds
 * @throws ChainError when the chain cannot be asked
 */
export function chainTime(client: PublicClient): Promise<bigint> {
  return chainCall(async () => (await client.getBlock({ blockTag: "latest" })).timestamp);
}
