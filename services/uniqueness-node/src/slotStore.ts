import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { checkId } from "@pop/uniqueness/wire/ids";
import {
  checkRecord,
  eachRecord,
  encodeRecord,
  MAX_SLOTS,
  PENDING_FILE,
  READ_AHEAD,
  SLOT_FILE,
  type SlotRecord,
  StoreError,
  slotName,
  syncDirectory,
  writeDurably,
} from "./slotFiles.js";

/**
 * A node's durable gallery: one file per occupied slot, holding this party's share of one
 * person. The three nodes must agree on which person is in which slot (the MPC compares slot
 * k on every node), so slots are explicit and persisted in the file names, and a deleted
 * person leaves a zeroed hole (an all-zero share never matches) instead of moving others.
 *
 * Enrolment is two-phase: `prepare` writes the record under pending/, `commit` places the share
 * in memory and then renames the record into slots/, `abort` drops it. Every write is a
 * temporary file, fsync, rename, fsync of the directory: a crash leaves the old state or the
 * new one, never a half-written file, and never a slot file the node could not load.
 */

// The store's vocabulary, defined with its file format.
export { MAX_SLOTS, type SlotRecord, StoreError } from "./slotFiles.js";

/** A party's slots on disk and, in the same order, in the matching kernel's memory. */
export class SlotStore {
  readonly party: Party;
  readonly gallery = new ShareGallery();
  readonly #dir: string;
  readonly #people = new Map<string, number>();
  readonly #occupied = new Set<number>();
  readonly #pending = new Map<string, SlotRecord>();
  readonly #committed = new Set<string>();

  private constructor(dir: string, party: Party) {
    this.#dir = dir;
    this.party = party;
  }

  /**
   * Opens (creating if needed) a store and loads every slot and pending record, checking each
   * file's checksum, party and name. Any bad file stops the node: it never runs on a gallery
   * that silently lost someone.
   */
  static async open(dir: string, party: Party): Promise<SlotStore> {
    const store = new SlotStore(dir, party);
    await mkdir(join(dir, "slots"), { recursive: true, mode: 0o700 });
    await mkdir(join(dir, "pending"), { recursive: true, mode: 0o700 });
    await eachRecord({ dir, folder: "slots", pattern: SLOT_FILE, party, what: "slot file" }, (record, key, file) => {
      if (record.slot !== Number(key) || store.#people.has(record.personId)) {
        throw new StoreError(`${file} does not match its name or repeats a person`);
      }
      if (record.slot >= MAX_SLOTS) {
        throw new StoreError(`${file} is past the last slot (${MAX_SLOTS - 1})`);
      }
      store.gallery.set(record.slot, record.share);
      store.#enter(record);
    });
    await eachRecord(
      { dir, folder: "pending", pattern: PENDING_FILE, party, what: "pending record" },
      (record, key, file) => {
        if (record.requestId !== key) {
          throw new StoreError(`${file} does not match its name`);
        }
        store.#pending.set(record.requestId, record);
      },
    );
    return store;
  }

  /**
   * Writes many slot records into a store's directory at once, to build a gallery before a
   * node opens it (tests, benchmarks, an import). Files are written directly, READ_AHEAD at a
   * time, and each folder is synced once at the end: a crash part-way leaves a directory to
   * build again (open refuses a cut-off file by its checksum). Never on a store that is open.
   * @param dir the store's directory (created if needed)
   * @param party the party whose shares these are
   * @param records the records, each slot and person once; an iterable, so that a caller can
   *   make shares one by one instead of holding them all
   * @returns how many records were written
   */
  static async writeSlots(dir: string, party: Party, records: Iterable<SlotRecord>): Promise<number> {
    await mkdir(join(dir, "slots"), { recursive: true, mode: 0o700 });
    await mkdir(join(dir, "pending"), { recursive: true, mode: 0o700 });
    const slots = new Set<number>();
    const people = new Set<string>();
    let batch: Promise<void>[] = [];
    for (const record of records) {
      checkRecord(record);
      if (slots.has(record.slot) || people.has(record.personId)) {
        throw new StoreError(`slot ${record.slot} or person ${record.personId} is written twice`);
      }
      slots.add(record.slot);
      people.add(record.personId);
      const file = join(dir, "slots", slotName(record.slot));
      batch.push(writeFile(file, encodeRecord(party, record), { mode: 0o600, flag: "wx" }));
      if (batch.length === READ_AHEAD) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
    await syncDirectory(join(dir, "slots"));
    await syncDirectory(join(dir, "pending"));
    return slots.size;
  }

  /** Enters a record whose share is in the gallery into the maps. */
  #enter(record: SlotRecord): void {
    this.#people.set(record.personId, record.slot);
    this.#occupied.add(record.slot);
    this.#committed.add(record.requestId);
  }

  /** People enrolled. */
  get count(): number {
    return this.#people.size;
  }

  /**
   * How many slots a comparison covers: up to the highest occupied one. Nodes with the same
   * people agree on it even when one has trailing holes and another, just restarted, has not.
   */
  get comparedSlots(): number {
    let highest = -1; // a loop, not Math.max(...slots): a spread of 10^5 arguments overflows the stack
    for (const slot of this.#occupied) highest = Math.max(highest, slot);
    return highest + 1;
  }

  /** Whether an enrolment request is committed here (its record sits in a slot). */
  committedBy(requestId: string): boolean {
    return this.#committed.has(requestId);
  }

  /** The slot a person is in, if enrolled. */
  slotOf(personId: string): number | undefined {
    return this.#people.get(personId);
  }

  /** The lowest slot that is neither occupied nor claimed by a pending enrolment. */
  lowestFreeSlot(): number {
    const claimed = new Set([...this.#pending.values()].map((record) => record.slot));
    let slot = 0;
    while (this.#occupied.has(slot) || claimed.has(slot)) {
      slot++;
    }
    return slot;
  }

  /** Pending enrolments (prepared, not yet committed or aborted). */
  pending(): SlotRecord[] {
    return [...this.#pending.values()];
  }

  /** Phase 1: durably records an enrolment into `record.slot` without placing it. */
  async prepare(record: SlotRecord): Promise<void> {
    checkRecord(record);
    if (this.#occupied.has(record.slot) || this.pending().some((other) => other.slot === record.slot)) {
      throw new StoreError(`slot ${record.slot} is taken`);
    }
    if (this.#people.has(record.personId) || this.pending().some((other) => other.personId === record.personId)) {
      throw new StoreError(`person ${record.personId} is already enrolled`);
    }
    if (this.#pending.has(record.requestId)) {
      throw new StoreError(`request ${record.requestId} is already pending`);
    }
    await writeDurably(join(this.#dir, "pending"), `${record.requestId}.share`, encodeRecord(this.party, record));
    this.#pending.set(record.requestId, record);
  }

  /**
   * Phase 2: moves a prepared enrolment into its slot. Memory first: making the slot's room in
   * the gallery is the step that can fail (the node is out of memory), and it fails with the
   * record still pending, never with a renamed slot file the node could not load on restart.
   * The share is written into that room after the rename, so no comparison meets it uncommitted.
   */
  async commit(requestId: string): Promise<SlotRecord> {
    const record = this.#pending.get(requestId);
    if (record === undefined) {
      throw new StoreError(`request ${requestId} is not pending`);
    }
    if (record.slot >= this.gallery.size) {
      this.gallery.set(record.slot, new Uint16Array(TEMPLATE_VALUES)); // a free slot is a zeroed hole
    }
    await rename(join(this.#dir, "pending", `${requestId}.share`), join(this.#dir, "slots", slotName(record.slot)));
    this.gallery.set(record.slot, record.share); // in place: cannot fail
    this.#pending.delete(requestId);
    this.#enter(record);
    await syncDirectory(join(this.#dir, "slots"));
    await syncDirectory(join(this.#dir, "pending"));
    return record;
  }

  /** Drops a prepared enrolment. */
  async abort(requestId: string): Promise<void> {
    if (!this.#pending.has(requestId)) {
      return;
    }
    await rm(join(this.#dir, "pending", `${requestId}.share`), { force: true });
    await syncDirectory(join(this.#dir, "pending"));
    this.#pending.delete(requestId);
  }

  /** Deletes a person (revocation, right to be forgotten): the file goes, the slot is zeroed. */
  async remove(personId: string): Promise<boolean> {
    const slot = this.#people.get(checkId(personId, "personId"));
    if (slot === undefined) {
      return false;
    }
    await rm(join(this.#dir, "slots", slotName(slot)));
    await syncDirectory(join(this.#dir, "slots"));
    this.gallery.set(slot, new Uint16Array(TEMPLATE_VALUES));
    this.#people.delete(personId);
    this.#occupied.delete(slot);
    return true;
  }
}
