import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Modality, TEMPLATES_PER_PACKAGE } from "@pop/uniqueness/custody/package";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { checkId } from "@pop/uniqueness/wire/ids";
import type { GalleryStore, PendingRekey, PendingRemoval } from "./galleryStore.js";
import {
  checkDecimalField,
  checkRecord,
  eachRecord,
  encodeRecord,
  MAX_SLOTS,
  PENDING_FILE,
  SLOT_FILE,
  type SlotRecord,
  StoreError,
  slotName,
  syncDirectory,
  writeDurably,
  writeSlotFiles,
} from "./slotFiles.js";
import { MarkerFolder, readRekey, readRemoval } from "./slotMarkers.js";

/**
 * A node's durable gallery of one modality (docs/uniqueness.md#storage): one file per occupied
 * slot, holding this party's shares of one person's templates (both eyes, or the face), the
 * person's N, their authenticator commitment c and this party's escrow share of n. The three
 * nodes must agree on which person is in which slot (the MPC compares slot k on every node), so
 * slots are explicit and persisted in the file names, and a deleted person leaves a zeroed hole
 * (an all-zero share never matches).
 *
 * Enrolment is two-phase: `prepare` writes the record under pending/ and places its shares in
 * memory (from then on requests compare against it), `commit` renames it into slots/, `abort`
 * drops it and zeroes its slot. Removal is two-phase too: a marker under removing/, then the
 * slot file goes; and so is a rekey (a recovery's new c): a marker under rekeying/, then the
 * slot file is rewritten with the new c. Every write is a temporary file, fsync, rename, fsync
 * of the directory.
 */

// The store's vocabulary, defined with its file format.
export { MAX_SLOTS, type SlotRecord, StoreError } from "./slotFiles.js";

type Entry = Omit<SlotRecord, "shares">;

/** A party's slots on disk and, in the same order, in the matching kernel's memory. */
export class SlotStore implements GalleryStore {
  readonly party: Party;
  readonly modality: Modality;
  readonly galleries: readonly ShareGallery[];
  readonly #dir: string;
  readonly #people = new Map<string, number>();
  readonly #entries = new Map<number, Entry>();
  readonly #pending = new Map<string, Entry>();
  #removals!: MarkerFolder<PendingRemoval>;
  #rekeys!: MarkerFolder<PendingRekey>;

  private constructor(dir: string, party: Party, modality: Modality) {
    this.#dir = dir;
    this.party = party;
    this.modality = modality;
    this.galleries = Array.from({ length: TEMPLATES_PER_PACKAGE[modality] }, () => new ShareGallery());
  }

  /** The first template's gallery (the only one of a face store). */
  get gallery(): ShareGallery {
    return this.galleries[0]!;
  }

  get #templates(): number {
    return this.galleries.length;
  }

  /**
   * Opens (creating if needed) a store and loads every slot, pending record, removal and rekey
   * marker, checking each file's checksum, party and name. Any bad file stops the node: it never runs on a
   * gallery that silently lost someone.
   */
  static async open(dir: string, party: Party, modality: Modality): Promise<SlotStore> {
    const store = new SlotStore(dir, party, modality);
    for (const folder of ["slots", "pending"]) {
      await mkdir(join(dir, folder), { recursive: true, mode: 0o700 });
    }
    const templates = store.#templates;
    const folder = (name: string, pattern: RegExp, what: string) => ({
      dir,
      folder: name,
      pattern,
      party,
      templates,
      what,
    });
    await eachRecord(folder("slots", SLOT_FILE, "slot file"), (record, key, file) => {
      if (record.slot !== Number(key) || store.#people.has(record.personId)) {
        throw new StoreError(`${file} does not match its name or repeats a person`);
      }
      if (record.slot >= MAX_SLOTS) {
        throw new StoreError(`${file} is past the last slot (${MAX_SLOTS - 1})`);
      }
      store.#place(record);
      store.#enter(record);
    });
    await eachRecord(folder("pending", PENDING_FILE, "pending record"), (record, key, file) => {
      if (record.requestId !== key || store.#slotTaken(record.slot)) {
        throw new StoreError(`${file} does not match its name or takes a used slot`);
      }
      store.#place(record);
      store.#pending.set(record.requestId, withoutShares(record));
    });
    store.#removals = await MarkerFolder.open(dir, "removing", "removal marker", readRemoval);
    store.#rekeys = await MarkerFolder.open(dir, "rekeying", "rekey marker", readRekey);
    return store;
  }

  /**
   * Writes many slot records into a store's directory at once, to build a gallery before a node
   * opens it (tests, benchmarks, an import). Files are written READ_AHEAD at a time and each folder
   * is synced once at the end. Never on a store that is open.
   * @returns how many records were written
   */
  static writeSlots(dir: string, party: Party, modality: Modality, records: Iterable<SlotRecord>): Promise<number> {
    return writeSlotFiles({ dir, party, templates: TEMPLATES_PER_PACKAGE[modality] }, records);
  }

  /** Writes a record's shares into its slot of each gallery (growing them; may throw GalleryMemoryError). */
  #place(record: SlotRecord): void {
    for (const [i, share] of record.shares.entries()) this.galleries[i]!.set(record.slot, share);
  }

  #zero(slot: number): void {
    for (const gallery of this.galleries) {
      if (slot < gallery.size) gallery.set(slot, new Uint16Array(TEMPLATE_VALUES));
    }
  }

  #enter(record: Entry): void {
    this.#people.set(record.personId, record.slot);
    this.#entries.set(record.slot, withoutShares(record));
  }

  #slotTaken(slot: number): boolean {
    return this.#entries.has(slot) || [...this.#pending.values()].some((entry) => entry.slot === slot);
  }

  /** People enrolled (committed). */
  get count(): number {
    return this.#people.size;
  }

  /** Slots a comparison covers: up to the highest occupied or pending one. */
  get comparedSlots(): number {
    let highest = -1; // a loop, not Math.max(...slots): a spread of 10^5 arguments overflows the stack
    for (const slot of this.#entries.keys()) highest = Math.max(highest, slot);
    for (const entry of this.#pending.values()) highest = Math.max(highest, entry.slot);
    return highest + 1;
  }

  /** The lowest slot neither occupied nor pending. */
  lowestFreeSlot(): number {
    let slot = 0;
    while (this.#slotTaken(slot)) slot++;
    return slot;
  }

  /** The slot of a person (committed or pending). */
  slotOf(personId: string): number | undefined {
    return this.#people.get(personId) ?? [...this.#pending.values()].find((e) => e.personId === personId)?.slot;
  }

  /** The entry in a slot (committed or pending), without its shares. */
  entryAt(slot: number): Entry | undefined {
    return this.#entries.get(slot) ?? [...this.#pending.values()].find((entry) => entry.slot === slot);
  }

  /** Enrolments pending. */
  pending(): Entry[] {
    return [...this.#pending.values()];
  }

  /** Phase 1: durably records an enrolment into `record.slot`, and compares against it from now on. */
  async prepare(record: SlotRecord): Promise<void> {
    checkRecord(record, this.#templates);
    if (this.#slotTaken(record.slot)) throw new StoreError(`slot ${record.slot} is taken`);
    if (this.slotOf(record.personId) !== undefined) {
      throw new StoreError(`person ${record.personId} is already enrolled`);
    }
    if (this.#pending.has(record.requestId)) throw new StoreError(`request ${record.requestId} is already pending`);
    // Memory first: the room can fail (out of memory) and then nothing was written.
    for (const gallery of this.galleries) {
      if (record.slot >= gallery.size) gallery.set(record.slot, new Uint16Array(TEMPLATE_VALUES));
    }
    await writeDurably(join(this.#dir, "pending"), `${record.requestId}.share`, encodeRecord(this.party, record));
    this.#place(record);
    this.#pending.set(record.requestId, withoutShares(record));
  }

  /** Phase 2: the pending record becomes its slot. */
  async commit(requestId: string): Promise<void> {
    const entry = this.#pending.get(requestId);
    if (entry === undefined) throw new StoreError(`request ${requestId} is not pending`);
    await rename(join(this.#dir, "pending", `${requestId}.share`), join(this.#dir, "slots", slotName(entry.slot)));
    this.#pending.delete(requestId);
    this.#enter(entry);
    await syncDirectory(join(this.#dir, "slots"));
    await syncDirectory(join(this.#dir, "pending"));
  }

  /** Drops a prepared enrolment; its slot is a hole again. */
  async abort(requestId: string): Promise<void> {
    const entry = this.#pending.get(requestId);
    if (entry === undefined) return;
    await rm(join(this.#dir, "pending", `${requestId}.share`), { force: true });
    await syncDirectory(join(this.#dir, "pending"));
    this.#pending.delete(requestId);
    this.#zero(entry.slot);
  }

  /** Removals pending. */
  pendingRemovals(): PendingRemoval[] {
    return this.#removals.list();
  }

  /** Phase 1 of a removal: a durable marker; false when the person is not enrolled here. */
  async prepareRemoval(requestId: string, personId: string): Promise<boolean> {
    const slot = this.#people.get(checkId(personId, "personId"));
    if (slot === undefined) return false;
    await this.#removals.add({ requestId: checkId(requestId, "requestId"), personId, slot });
    return true;
  }

  /** Phase 2: the slot file goes, the slot is zeroed, the marker goes. */
  async commitRemoval(requestId: string): Promise<void> {
    const removal = this.#removals.get(requestId);
    if (removal === undefined) throw new StoreError(`removal ${requestId} is not pending`);
    if (this.#people.get(removal.personId) === removal.slot) {
      await rm(join(this.#dir, "slots", slotName(removal.slot)), { force: true });
      await syncDirectory(join(this.#dir, "slots"));
      this.#zero(removal.slot);
      this.#people.delete(removal.personId);
      this.#entries.delete(removal.slot);
    }
    await this.abortRemoval(requestId);
  }

  /** Drops a removal marker (the entry stays unless committed). */
  async abortRemoval(requestId: string): Promise<void> {
    await this.#removals.remove(requestId);
  }

  /** Rekeys pending. */
  pendingRekeys(): PendingRekey[] {
    return this.#rekeys.list();
  }

  /** Phase 1 of a rekey: a durable marker naming the new c; false when the person is not enrolled here. */
  async prepareRekey(requestId: string, personId: string, commitment: string): Promise<boolean> {
    const slot = this.#people.get(checkId(personId, "personId"));
    if (slot === undefined) return false;
    checkDecimalField(commitment, "commitment");
    await this.#rekeys.add({ requestId: checkId(requestId, "requestId"), personId, slot, commitment });
    return true;
  }

  /**
   * Phase 2: the slot file is rewritten with the new c (its shares as the gallery holds them,
   * which are the file's), then the marker goes. Applying it twice writes the same file.
   */
  async commitRekey(requestId: string): Promise<void> {
    const rekey = this.#rekeys.get(requestId);
    if (rekey === undefined) throw new StoreError(`rekey ${requestId} is not pending`);
    const entry = this.#entries.get(rekey.slot);
    if (entry !== undefined && entry.personId === rekey.personId) {
      const record = {
        ...entry,
        commitment: rekey.commitment,
        shares: this.galleries.map((gallery) => gallery.entry(rekey.slot)),
      };
      await writeDurably(join(this.#dir, "slots"), slotName(rekey.slot), encodeRecord(this.party, record));
      this.#entries.set(rekey.slot, withoutShares(record));
    }
    await this.#rekeys.remove(requestId);
  }

  /** Drops a rekey marker (the entry keeps its c). */
  async abortRekey(requestId: string): Promise<void> {
    await this.#rekeys.remove(requestId);
  }
}

function withoutShares(record: Entry & { shares?: unknown }): Entry {
  const { slot, personId, requestId, nullifierCommitment, commitment, escrow } = record;
  return { slot, personId, requestId, nullifierCommitment, commitment, escrow };
}
