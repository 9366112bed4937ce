import type { Modality } from "@pop/uniqueness/custody/package";
import type { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";

/**
 * What the protocol needs of a gallery's durable store (slotStore.ts implements it): entries by
 * slot, each with its person, N, authenticator commitment c and escrow share, and its template
 * shares in one ShareGallery per template (left and right eye, or the face); enrolment, removal
 * and a rekey (a recovery replacing c) in two phases.
 */

/** One entry as the protocol writes it. */
export type EntryRecord = {
  readonly slot: number;
  readonly personId: string;
  /** The enrolment request that wrote it. */
  readonly requestId: string;
  /** N = Poseidon(n), decimal. */
  readonly nullifierCommitment: string;
  /**
   * c, the commitment of the person's authenticator (decimal): a consent to delete must be signed
   * by the key it commits to. Set at enrolment, replaced by a recovery.
   */
  readonly commitment: string;
  /** This party's escrow share of n. */
  readonly escrow: bigint;
  /** This party's share of each template (left, right; or the face). */
  readonly shares: readonly Uint16Array[];
};

/** A removal prepared and not yet committed or aborted. */
export type PendingRemoval = { readonly requestId: string; readonly personId: string; readonly slot: number };
/** A rekey prepared and not yet committed or aborted: the entry's c is to become `commitment`. */
export type PendingRekey = PendingRemoval & { readonly commitment: string };

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
  /** Phase 1 of a rekey: durably marked; false when the person is not here. */
  prepareRekey(requestId: string, personId: string, commitment: string): Promise<boolean>;
  /** Phase 2: the entry holds the new c. */
  commitRekey(requestId: string): Promise<void>;
  /** Drops a prepared rekey (the entry keeps its c). */
  abortRekey(requestId: string): Promise<void>;
  /** Rekeys pending. */
  pendingRekeys(): readonly PendingRekey[];
}
