/**
 * The chain's side of a sync: a chunk of the registry's events, read so that they all belong to
 * the chain the index stands on, and the newest block the index recorded that is still on the
 * chain (where a reorganisation forked off).
 */
import { chainCall, toChainError } from "@pop/contracts/errors/chainError";
import { humanityRegistryAbi } from "@pop/contracts/generated/humanityRegistry";
import { type Address, BlockNotFoundError, type Hex, type PublicClient } from "viem";
import type { Row } from "./indexEvents.js";
import type { ChainEvent, Cursor, RecordedBlock } from "./indexStore.js";

/**
 * What a read found: the events of the chunk with the hash of its last block; nothing to read
 * (the chunk is empty) with the cursor still on the chain; a reorganisation under the cursor
 * (the block before it is not the one recorded); or a chain that changed during the read.
 */
export type ChunkRead =
  | { kind: "events"; toHash: Hex; events: ChainEvent[] }
  | { kind: "current" }
  | { kind: "reorg" }
  | { kind: "moved" };

/** A block's header (null: the chain has no such block, or not any more). */
async function blockAt(client: PublicClient, block: { blockNumber: bigint } | { blockHash: Hex }) {
  try {
    return await client.getBlock(block);
  } catch (error) {
    if (error instanceof BlockNotFoundError) return null;
    throw toChainError(error);
  }
}

/**
 * Reads the registry's events of blocks `cursor.next`…`to` (none when `to` < `cursor.next`).
 * Block `to` is read before the cursor's block is checked and again after the events: any
 * reorganisation at or under `to` during the read changes its hash, so events, cursor and
 * `to` are all of one chain when both reads agree.
 * @returns the events (with their block's time where the index keeps it), or what stopped the read
 * @throws ChainError when the chain fails
 */
export async function readChunk(params: {
  client: PublicClient;
  registry: Address;
  cursor: Cursor;
  to: bigint;
}): Promise<ChunkRead> {
  const { client, cursor, to } = params;
  const empty = to < cursor.next;
  const top = empty ? null : await blockAt(client, { blockNumber: to });
  if (!empty && top === null) return { kind: "moved" };
  if (cursor.hash !== null && (await blockAt(client, { blockNumber: cursor.next - 1n }))?.hash !== cursor.hash) {
    return { kind: "reorg" };
  }
  if (top === null) return { kind: "current" };
  const logs = await chainCall(() =>
    client.getContractEvents({
      address: params.registry,
      abi: humanityRegistryAbi,
      fromBlock: cursor.next,
      toBlock: to,
    }),
  );
  if ((await blockAt(client, { blockNumber: to }))?.hash !== top.hash) return { kind: "moved" };
  if (logs.some((log) => log.blockNumber === to && log.blockHash !== top.hash)) return { kind: "moved" };
  const events: ChainEvent[] = [];
  for (const log of logs) {
    let blockTime: number | null = null;
    if (log.eventName === "VouchallengerReported") {
      const block = await blockAt(client, { blockHash: log.blockHash });
      if (block === null) return { kind: "moved" };
      blockTime = Number(block.timestamp);
    }
    events.push({
      block: log.blockNumber,
      blockHash: log.blockHash,
      logIndex: log.logIndex,
      name: log.eventName,
      args: log.args as Row,
      blockTime,
    });
  }
  return { kind: "events", toHash: top.hash, events };
}

/**
 * The newest recorded block that is still on the chain. A block's hash commits to all its
 * ancestors, so the recorded blocks still on the chain are the oldest ones, up to the fork: a
 * binary search finds the last of them.
 * @param blocks the recorded blocks, oldest first
 * @returns its number, or null when none is on the chain any more
 */
export async function forkPoint(client: PublicClient, blocks: RecordedBlock[]): Promise<bigint | null> {
  let kept: bigint | null = null;
  let low = 0;
  let high = blocks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const recorded = blocks[middle]!;
    if ((await blockAt(client, { blockNumber: recorded.number }))?.hash === recorded.hash) {
      kept = recorded.number;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return kept;
}
