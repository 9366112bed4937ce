import { HumanitySet } from "@pop/protocol/humanitySet";
import type { Address, PublicClient } from "viem";
import { humanitySetAbi } from "./generated/humanitySet.js";
import { type EventRange, readEvents } from "./readEvents.js";

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
export async function readHumanitySet(
  params: { client: PublicClient; address: Address } & EventRange,
): Promise<HumanitySet> {
  const set = new HumanitySet();
  for (const log of await readEvents({ ...params, abi: humanitySetAbi })) {
    if (log.eventName === "MemberAdded" || log.eventName === "MemberUpdated") {
      set.applyAt(Number(log.args.index), log.args.leaf as bigint);
    } else if (log.eventName === "MemberRemoved") {
      set.applyAt(Number(log.args.index), 0n);
    }
  }
  return set;
}
