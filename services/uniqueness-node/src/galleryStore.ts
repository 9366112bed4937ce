import type { Modality } from "@pop/uniqueness/custody/package";
import type { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";

/**
 * What the protocol needs of a gallery's durable store (slotStore.ts implements it): entries by
 * slot, each with its person, N and escrow share, and its template shares in one ShareGallery
 * per template (left and right eye, or the face); enrolment and removal in two phases.
 */

/** One entry as the protocol writes it. */
export type EntryRecord = {
  readonly slot: number;
  readonly personId: string;
  /** The enrolment request that wrote it. */
  readonly requestId: string;
  /** N = Poseidon(n), decimal. */
  readonly nullifierCommitment: string;
  /** This party's escrow share of n. */
  readonly escrow: bigint;
  /** This party's share of each template (left, right; or the face). */
  readonly shares: readonly Uint16Array[];
};

/** A removal prepared and not yet committed or aborted. */
export type PendingRemoval = { readonly requestId: string; readonly personId: string; readonly slot: number };

/** A gallery's store. */
export interface GalleryStore {
  readonly modality: Modality;
  /** One gallery per template, entries in slot order (a hole is all zeros). */
  readonly galleries: readonly ShareGallery[];
  /** People enrolled (committed). */
  readonly count: number;
  /** Slots a comparison covers: up to the highest occupied or pending one. */
  readonly comparedSlots: number;
  /** The lowest slot neither occupied nor pending. */
  lowestFreeSlot(): number;
  /** The slot of a person (committed or pending). */
  slotOf(personId: string): number | undefined;
  /** The entry in a slot, without its shares (committed or pending). */
  entryAt(slot: number): Omit<EntryRecord, "shares"> | undefined;
  /** Phase 1 of an enrolment: durably pending, and compared against from now on. */
  prepare(record: EntryRecord): Promise<void>;
  /** Phase 2: the pending entry becomes a slot. */
  commit(requestId: string): Promise<void>;
  /** Drops a pending entry (its slot is a hole again). */
  abort(requestId: string): Promise<void>;
  /** Enrolments pending. */
  pending(): readonly Omit<EntryRecord, "shares">[];
  /** Phase 1 of a removal: durably marked; false when the person is not here. */
  prepareRemoval(requestId: string, personId: string): Promise<boolean>;
  /** Phase 2: the entry goes, its slot becomes a hole. */
  commitRemoval(requestId: string): Promise<void>;
  /** Drops a prepared removal (the entry stays). */
  abortRemoval(requestId: string): Promise<void>;
  /** Removals pending. */
  pendingRemovals(): readonly PendingRemoval[];
}
