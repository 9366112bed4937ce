import { HumanitySet } from "@pop/protocol/humanitySet";
import type { Address, PublicClient } from "viem";
import { humanitySetAbi } from "./generated/artifacts.js";

/**
 * Rebuilds the humanity set off-chain from the contract's events (MemberAdded, MemberUpdated,
 * MemberRemoved), replayed in chain order. Its root equals the contract's at `toBlock`.
 * @param params.client a public client
 * @param params.address the HumanitySet contract
 * @param params.fromBlock the deployment block (default 0)
 * @param params.toBlock the last block to read (default: the latest)
 * @param params.chunk blocks per log query, for RPC providers that cap ranges (default 50,000)
 * @returns the set, with removed members as zero leaves
 */
export async function readHumanitySet(params: {
  client: PublicClient;
  address: Address;
  fromBlock?: bigint;
  toBlock?: bigint;
  chunk?: bigint;
}): Promise<HumanitySet> {
  const { client, address } = params;
  // Uncached: viem otherwise serves a block number up to its polling interval old.
  const last = params.toBlock ?? (await client.getBlockNumber({ cacheTime: 0 }));
  const chunk = params.chunk ?? 50_000n;
  const set = new HumanitySet();
  for (let from = params.fromBlock ?? 0n; from <= last; from += chunk) {
    const to = from + chunk - 1n < last ? from + chunk - 1n : last;
    const logs = await client.getContractEvents({ address, abi: humanitySetAbi, fromBlock: from, toBlock: to });
    for (const log of logs) {
      if (log.eventName === "MemberAdded" || log.eventName === "MemberUpdated") {
        set.applyAt(Number(log.args.index), log.args.leaf as bigint);
      } else if (log.eventName === "MemberRemoved") {
        set.applyAt(Number(log.args.index), 0n);
      }
    }
  }
  return set;
}
