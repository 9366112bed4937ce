import { sha256 } from "@noble/hashes/sha2.js";
import { InputError } from "@pop/core/errors";
import type { ReplicatedEngine, Shared } from "../mpc/booleanShares.js";
import { andTwoGroups, type DecisionBits, gatherBits } from "../mpc/matchDecision.js";

/**
 * A party's gallery split over shards (docs/uniqueness.md#past-one-machine). Shard k of K
 * holds the gallery's slots k, k + K, k + 2K, … (round robin: the shards grow together and
 * a query costs each about the same), at local index ⌊slot / K⌋. Each shard decides over its
 * entries with its counterparts in the other two parties and keeps its two group bits shared
 * (decideShared); the coordinators AND the K shards' bits in MPC and open only the result.
 */

/** The most shards a party may have. */
export const MAX_SHARDS = 1024;

/**
 * Where a gallery slot lives.
 * @param slot the slot in the whole gallery
 * @param shards K, the party's shard count
 * @returns the shard and the index in that shard's gallery
 */
export function shardOf(slot: number, shards: number): { shard: number; index: number } {
  checkShards(shards);
  if (!Number.isInteger(slot) || slot < 0) throw new InputError("a slot is a non-negative integer");
  return { shard: slot % shards, index: Math.floor(slot / shards) };
}

/**
 * How many of the gallery's first `entries` slots shard k holds.
 * @param entries the slots compared in the whole gallery
 * @param shard k
 * @param shards K
 * @returns the count
 */
export function entriesInShard(entries: number, shard: number, shards: number): number {
  checkShards(shards);
  return Math.max(0, Math.ceil((entries - shard) / shards));
}

function checkShards(shards: number): void {
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new InputError(`a party has 1 to ${MAX_SHARDS} shards`);
  }
}

/**
 * The 12-byte nonce of one part of a sharded request: shard k's decision, or the
 * coordinators' AND. The pairwise keys are the request's; each part's keystream starts at its
 * own nonce, so no two parts ever use the same stream.
 * @param nonce the request's decision nonce (12 bytes)
 * @param part "combine", or the shard's number
 * @returns the part's nonce
 */
export function partNonce(nonce: Uint8Array, part: number | "combine"): Uint8Array {
  if (nonce.length !== 12) throw new InputError("a request nonce is 12 bytes");
  const label = new TextEncoder().encode(`pop.shard|${part}|`);
  const input = new Uint8Array(label.length + 12);
  input.set(label);
  input.set(nonce, label.length);
  return sha256(input).slice(0, 12);
}

/**
 * ANDs the shards' shared DecisionBits into the party's (one AND round per doubling of K):
 * "no conflict" holds when it holds on every shard, and so does "no same-human match".
 * Nothing is opened here.
 * @param engine the coordinator's engine for the request
 * @param shards each shard's bits, in shard order (the same order on all three parties)
 * @returns the gallery's DecisionBits
 */
export async function andShardBits(engine: ReplicatedEngine, shards: readonly DecisionBits[]): Promise<DecisionBits> {
  checkShards(shards.length);
  const joined: Shared = {
    own: Uint32Array.from(shards, (bits) => bits.own[0]! & 0b11),
    next: Uint32Array.from(shards, (bits) => bits.next[0]! & 0b11),
  };
  const positions = [...shards.map((_, k) => k * 32), ...shards.map((_, k) => k * 32 + 1)];
  return andTwoGroups(engine, gatherBits(joined, positions), shards.length, shards.length);
}
