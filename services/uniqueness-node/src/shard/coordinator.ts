import type { NatsConnection } from "@nats-io/transport-node";
import type { Modality } from "@pop/uniqueness/custody/package";
import { ReplicatedEngine } from "@pop/uniqueness/mpc/booleanShares";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import { type Decision, openDecision } from "@pop/uniqueness/mpc/matchDecision";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { andShardBits, partNonce, shardOf } from "@pop/uniqueness/shard/combineShards";
import type { RingEnd } from "../peerRing.js";
import { decodeAnswer, encodeQuery, type ShardAnswer, type ShardQuery } from "./shardMessages.js";
import { checkUpdateReply, encodeUpdate, type ShardUpdate } from "./shardUpdates.js";
import { shardSubject } from "./shardWorker.js";

/**
 * A party's coordinator (docs/uniqueness.md#past-one-machine): sends a query to its K shards
 * over the party's NATS (scatter), gathers their shared group bits, ANDs them in MPC with the
 * other two coordinators over its ring link and opens only the answer (conflict first, then
 * same-human). No per-shard bit is ever opened: which shard matched stays unknown to all.
 */

/** What a sharded decision cost, for benchmarks. */
export type ShardedStats = {
  /** Each shard's answer (cost only; its bits are shares). */
  shards: readonly Omit<ShardAnswer, "bits">[];
  /** The coordinators' AND and opening. */
  combineRounds: number;
  combineBytes: number;
  /** Bytes this coordinator published to its shards. */
  scatterBytes: number;
};

/** A party's coordinator. */
export class Coordinator {
  readonly party: Party;
  readonly shards: number;
  readonly #nats: NatsConnection;
  readonly #ring: RingEnd | undefined;
  readonly #gallery: Modality;
  readonly #timeoutMs: number;

  /**
   * @param options.party this party
   * @param options.shards K
   * @param options.nats the coordinator's connection to its party's NATS server
   * @param options.ring its ring end, linked to the other coordinators (a node passes its
   *   request's peer channel to `decide` instead)
   * @param options.gallery which of the party's galleries its shards hold (default iris)
   * @param options.timeoutMs how long a shard may take (default 120 s)
   */
  constructor(options: {
    party: Party;
    shards: number;
    nats: NatsConnection;
    ring?: RingEnd;
    gallery?: Modality;
    timeoutMs?: number;
  }) {
    this.party = options.party;
    this.shards = options.shards;
    this.#nats = options.nats;
    this.#ring = options.ring;
    this.#gallery = options.gallery ?? "iris";
    this.#timeoutMs = options.timeoutMs ?? 120_000;
  }

  /**
   * This party's side of a sharded N-aware decision.
   * @param query the request's id, nonce, pairwise keys, N commitment, compared slots, this party's shares
   * @param channel the channel to the other coordinators for this request (default: the ring's)
   * @returns the answer (the same on all three parties) and its cost
   */
  async decide(query: ShardQuery, channel?: PartyChannel): Promise<{ decision: Decision; stats: ShardedStats }> {
    const message = encodeQuery(query);
    const answers = await Promise.all(
      Array.from({ length: this.shards }, async (_, k) => {
        const reply = await this.#nats.request(shardSubject(k, this.#gallery), message, { timeout: this.#timeoutMs });
        return decodeAnswer(reply.data, k);
      }),
    );
    const engine = new ReplicatedEngine({
      party: this.party,
      channel: channel ?? this.#ringChannel(query.requestId),
      prevKey: query.prevKey,
      nextKey: query.nextKey,
      nonce: partNonce(query.nonce, "combine"),
    });
    const decision = await openDecision(
      engine,
      await andShardBits(
        engine,
        answers.map((answer) => answer.bits),
      ),
    );
    return {
      decision,
      stats: {
        shards: answers.map(({ bits: _, ...cost }) => cost),
        combineRounds: engine.rounds,
        combineBytes: engine.bytesSent,
        scatterBytes: message.length * this.shards,
      },
    };
  }

  #ringChannel(requestId: string): PartyChannel {
    if (this.#ring === undefined) throw new RangeError("a coordinator without a ring end needs a channel");
    return this.#ring.channel(requestId);
  }

  /**
   * Writes a slot's entry (or clears it) on the shard that holds it, and waits for its ack.
   * @param update the slot, its N commitment and this party's shares, or null shares
   * @throws InputError when the shard refuses or does not answer
   */
  async update(update: ShardUpdate): Promise<void> {
    const { shard } = shardOf(update.slot, this.shards);
    const reply = await this.#nats.request(shardSubject(shard, this.#gallery, "update"), encodeUpdate(update), {
      timeout: this.#timeoutMs,
    });
    checkUpdateReply(reply.data, shard);
  }

  /** Closes the ring end, if it has one (the NATS connection is the caller's). */
  async close(): Promise<void> {
    await this.#ring?.close();
  }
}
