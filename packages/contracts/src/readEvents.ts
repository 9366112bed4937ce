import type { Abi, Address, PublicClient } from "viem";
import { chainCall } from "./errors/chainError.js";

/** How far to read a contract's events, and in what block chunks. */
export type EventRange = { fromBlock?: bigint; toBlock?: bigint; chunk?: bigint };

/**
 * Reads every event of a contract in chain order, in block chunks for RPC providers that cap
 * log ranges.
 * @param params.client a public client
 * @param params.address the contract
 * @param params.abi its ABI (events are decoded with it)
 * @param params.fromBlock the first block (default 0)
 * @param params.toBlock the last block (default: the latest, read uncached)
 * @param params.chunk blocks per log query (default 50,000)
 */
export function readEvents<const TAbi extends Abi>(
  params: { client: PublicClient; address: Address; abi: TAbi } & EventRange,
) {
  return chainCall(async () => {
    const { client, address, abi } = params;
    // Uncached: viem otherwise serves a block number up to its polling interval old.
    const last = params.toBlock ?? (await client.getBlockNumber({ cacheTime: 0 }));
    const chunk = params.chunk ?? 50_000n;
    const logs = [];
    for (let from = params.fromBlock ?? 0n; from <= last; from += chunk) {
      const to = from + chunk - 1n < last ? from + chunk - 1n : last;
      logs.push(...(await client.getContractEvents({ address, abi, fromBlock: from, toBlock: to })));
    }
    return logs;
  });
}
