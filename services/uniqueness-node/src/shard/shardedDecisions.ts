import type { Modality } from "@pop/uniqueness/custody/package";
import type { MpcContext } from "@pop/uniqueness/mpc/booleanShares";
import type { Decision } from "@pop/uniqueness/mpc/matchDecision";
import type { GalleryStore } from "../galleryStore.js";
import type { PartyShards } from "./partyShards.js";

/**
 * A node's decisions on its shards (docs/uniqueness.md#past-one-machine). Before each decision
 * the node brings its shards level with its store: every slot the decision compares that
 * changed since it was last sent (an enrolment prepared, committed or aborted, a removal, a
 * settlement after a crash) is sent again, an entry or a hole. Requests run one at a time, so
 * a decision sees exactly what the store holds, pending enrolments included; the shards then
 * decide and the node ANDs their bits with its peers over its own request channel.
 */

/** What the shards hold of a slot: the request that wrote it and its N, or "" for a hole. */
const holeKey = "";

export class ShardedDecisions {
  readonly #shards: PartyShards;
  /** Per gallery, per slot, what the shards were last sent. */
  readonly #sent: Record<Modality, string[]> = { iris: [], face: [] };
  /** Decisions made on the shards so far. */
  decisions = 0;

  constructor(shards: PartyShards) {
    this.#shards = shards;
  }

  /** K, the shards each gallery is split over. */
  get shards(): number {
    return this.#shards.shards;
  }

  /** Sends the shards every compared slot of `store` that differs from what they hold. */
  async sync(store: GalleryStore, entries: number): Promise<void> {
    const sent = this.#sent[store.modality];
    const coordinator = this.#shards.coordinators[store.modality];
    const updates: Promise<void>[] = [];
    for (let slot = 0; slot < entries; slot++) {
      const entry = store.entryAt(slot);
      const key = entry === undefined ? holeKey : `${entry.requestId}|${entry.nullifierCommitment}`;
      if (sent[slot] === key) continue;
      sent[slot] = key;
      updates.push(
        coordinator.update({
          slot,
          nullifierCommitment: entry?.nullifierCommitment ?? "",
          shares: entry === undefined ? null : store.galleries.map((gallery) => gallery.entry(slot)),
        }),
      );
      // A few at a time: a store of 70,000 entries starts with 2.7 GB to send.
      if (updates.length === 32) await Promise.all(updates.splice(0));
    }
    try {
      await Promise.all(updates);
    } catch (error) {
      // What a failed update left is unknown: send every slot again next time.
      sent.length = 0;
      throw error;
    }
  }

  /**
   * This node's side of the N-aware decision over the first `entries` slots of `store`.
   * @param mpc the request's decision context (its channel to the peers, keys and nonce)
   * @param requestId the request (the shards' ring rounds are keyed by it)
   */
  async decide(
    mpc: MpcContext,
    options: {
      store: GalleryStore;
      requestId: string;
      shares: readonly Uint16Array[];
      entries: number;
      nullifierCommitment: string;
    },
  ): Promise<Decision> {
    const { store } = options;
    await this.sync(store, options.entries);
    const { decision } = await this.#shards.coordinators[store.modality].decide(
      {
        requestId: options.requestId,
        nonce: mpc.nonce,
        prevKey: mpc.prevKey,
        nextKey: mpc.nextKey,
        entries: options.entries,
        nullifierCommitment: options.nullifierCommitment,
        rotations: store.modality === "iris" ? 15 : 0,
        shares: options.shares,
      },
      mpc.channel,
    );
    this.decisions++;
    return decision;
  }
}
