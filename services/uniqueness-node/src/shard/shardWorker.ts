import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Modality } from "@pop/uniqueness/custody/package";
import { ReplicatedEngine } from "@pop/uniqueness/mpc/booleanShares";
import { IRIS_ORIENTATIONS, irisPasses } from "@pop/uniqueness/mpc/irisQuery";
import { decideShared } from "@pop/uniqueness/mpc/matchDecision";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { entriesInShard, partNonce, shardOf } from "@pop/uniqueness/shard/combineShards";
import type { RingEnd } from "../peerRing.js";
import { decodeQuery, encodeAnswer, type ShardAnswer, type ShardQuery } from "./shardMessages.js";
import { decodeUpdate, encodeUpdateReply, type ShardUpdate } from "./shardUpdates.js";

/**
 * One shard of a party (docs/uniqueness.md#past-one-machine): the gallery slots k, k + K, …
 * of each of the party's galleries (left and right eye, or one), with their N commitments. It
 * answers the coordinator's queries on the party's NATS (subject `shardSubject(k)`): its dot
 * products, then the decision with shard k of the other two parties over its own ring link
 * (TLS 1.3, its own certificate pinned by theirs), stopping before any opening: the answer is
 * its two group bits, still shared. A shard never learns whether anything matched.
 */

/** What a shard is sent: a query to decide, or an entry to set or clear. */
export type ShardAction = "decide" | "update";

/**
 * The NATS subject of shard k's messages for one gallery ("iris" or "face"): shard k may
 * subscribe to `pop.shard.<k>.>` only, so it never sees another shard's.
 */
export function shardSubject(shard: number, gallery: Modality = "iris", action: ShardAction = "decide"): string {
  return `pop.shard.${shard}.${gallery}.${action}`;
}

/** A shard's part of the galleries. */
export class ShardWorker {
  readonly party: Party;
  readonly shard: number;
  readonly shards: number;
  /** One gallery per eye (or one), entries at local index ⌊slot / K⌋. */
  readonly galleries: readonly ShareGallery[];
  readonly #commitments: string[] = [];
  readonly #ring: RingEnd;
  readonly #gallery: Modality;
  readonly #subscriptions: Subscription[] = [];

  /**
   * @param options.party this party
   * @param options.shard k
   * @param options.shards K
   * @param options.galleries how many galleries (2: both eyes; 1: one eye or a face)
   * @param options.ring this shard's ring end, linked to shard k of the other parties
   * @param options.gallery which of the node's galleries this is (its NATS subjects say; default iris)
   * @param options.segmentEntries the galleries' segment size (tests only)
   */
  constructor(options: {
    party: Party;
    shard: number;
    shards: number;
    galleries: 1 | 2;
    ring: RingEnd;
    gallery?: Modality;
    segmentEntries?: number;
  }) {
    this.party = options.party;
    this.shard = options.shard;
    this.shards = options.shards;
    this.#ring = options.ring;
    this.#gallery = options.gallery ?? "iris";
    this.galleries = Array.from(
      { length: options.galleries },
      () => new ShareGallery(options.segmentEntries === undefined ? {} : { segmentEntries: options.segmentEntries }),
    );
  }

  /** Entries held. */
  get size(): number {
    return this.#commitments.length;
  }

  /**
   * Appends the entry of the next slot this shard holds (slot shard + K·size).
   * @param nullifierCommitment the entry's N commitment
   * @param shares this party's share for each gallery
   */
  add(nullifierCommitment: string, shares: readonly Uint16Array[]): void {
    if (shares.length !== this.galleries.length) throw new RangeError("one share per gallery");
    for (const [i, gallery] of this.galleries.entries()) gallery.add(shares[i]!);
    this.#commitments.push(nullifierCommitment);
  }

  /**
   * Writes the entry of a slot this shard holds (a pending or committed enrolment), growing
   * the galleries with empty entries up to it; `shares` null clears it (a removal or an aborted
   * enrolment): all-zero shares match no one, and an empty N is no one's.
   * @param update the slot, its N commitment and this party's share for each gallery, or null
   */
  set(update: ShardUpdate): void {
    const { shard, index } = shardOf(update.slot, this.shards);
    if (shard !== this.shard) throw new RangeError(`slot ${update.slot} is shard ${shard}'s, not ${this.shard}'s`);
    if (update.shares !== null && update.shares.length !== this.galleries.length) {
      throw new RangeError("one share per gallery");
    }
    for (const [i, gallery] of this.galleries.entries()) {
      gallery.set(index, update.shares?.[i] ?? new Uint16Array(TEMPLATE_VALUES));
    }
    while (this.#commitments.length <= index) this.#commitments.push("");
    this.#commitments[index] = update.shares === null ? "" : update.nullifierCommitment;
  }

  /**
   * This shard's side of one query: the shared group bits over its entries.
   * @param query the coordinator's query
   * @returns the bits and what they cost
   */
  async decide(query: ShardQuery): Promise<ShardAnswer> {
    const entries = entriesInShard(query.entries, this.shard, this.shards);
    if (entries > this.size) throw new RangeError(`shard ${this.shard} holds ${this.size} entries, not ${entries}`);
    if (query.shares.length !== this.galleries.length) throw new RangeError("one query share per gallery");
    const start = performance.now();
    const width = 2 * query.rotations + 1;
    const passes =
      this.galleries.length === 2
        ? irisPasses(
            { left: this.galleries[0]!, right: this.galleries[1]! },
            this.party,
            { left: query.shares[0]!, right: query.shares[1]! },
            entries,
            query.rotations,
          )
        : [this.galleries[0]!.dotShares(this.party, query.shares[0]!, { entries, rotations: query.rotations })];
    const dotsMs = performance.now() - start;
    const engine = new ReplicatedEngine({
      party: this.party,
      channel: this.#ring.channel(query.requestId),
      prevKey: query.prevKey,
      nextKey: query.nextKey,
      nonce: partNonce(query.nonce, this.shard),
    });
    const bits = await decideShared(engine, {
      passes,
      entries,
      width,
      orientations: this.galleries.length === 2 ? IRIS_ORIENTATIONS : [[0]],
      sameHuman: this.#commitments.slice(0, entries).map((n) => n === query.nullifierCommitment),
    });
    const mpcMs = performance.now() - start - dotsMs;
    return { bits, dotsMs, mpcMs, rounds: engine.rounds, bytesSent: engine.bytesSent };
  }

  /**
   * Answers queries and applies entry updates from the party's NATS until closed; a failing
   * message is answered with its error.
   * @param nats this shard's connection to its party's NATS server
   */
  listen(nats: NatsConnection): void {
    const serve = (
      action: ShardAction,
      run: (data: Uint8Array) => Promise<Uint8Array>,
      failed: (error: string) => Uint8Array,
    ) =>
      nats.subscribe(shardSubject(this.shard, this.#gallery, action), {
        callback: (error, message) => {
          if (error !== null) return;
          run(message.data).then(
            (reply) => message.respond(reply),
            (failure: unknown) => message.respond(failed((failure as Error).message)),
          );
        },
      });
    this.#subscriptions.push(
      serve(
        "decide",
        async (data) => encodeAnswer(await this.decide(decodeQuery(data))),
        (error) => encodeAnswer({ error }),
      ),
      serve(
        "update",
        async (data) => {
          this.set(decodeUpdate(data));
          return encodeUpdateReply();
        },
        encodeUpdateReply,
      ),
    );
  }

  /** Stops answering (the ring end stays open: another gallery's worker may share it). */
  stop(): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.unsubscribe();
  }

  /** Stops answering and closes the ring end. */
  async close(): Promise<void> {
    this.stop();
    await this.#ring.close();
  }
}
