import { constants } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { InputError, PopError } from "@pop/core/errors";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { checkId } from "@pop/uniqueness/wire/ids";

/**
 * A node's durable gallery: one file per occupied slot, holding this party's share of one
 * person. The three nodes must agree on which person is in which slot (the MPC compares slot
 * k on every node), so slots are explicit and persisted in the file names, and a deleted
 * person leaves a zeroed hole (an all-zero share never matches) instead of moving others.
 *
 * Enrolment is two-phase: `prepare` writes the record under pending/, `commit` renames it into
 * slots/, `abort` drops it. Every write is a temporary file, fsync, rename, fsync of the
 * directory: a crash leaves the old state or the new one, never a half-written file.
 */

/** Raised when the data directory holds something the node will not run on. */
export class StoreError extends PopError {}

const MAGIC = new TextEncoder().encode("popslot1");
const ID_BYTES = 16;
const SHARE_BYTES = TEMPLATE_VALUES * 2;
const HEADER = MAGIC.length + 1 + 4 + ID_BYTES + ID_BYTES;
const RECORD_BYTES = HEADER + SHARE_BYTES + 32;
const SLOT_FILE = /^([0-9]{8})\.share$/;
const PENDING_FILE = /^([0-9a-f]{32})\.share$/;
/** The most slots a store holds (the kernel's memory is 32-bit: 100,000 shares is 3.84 GB). */
export const MAX_SLOTS = 100_000;

/** One stored share and what it belongs to. */
export type SlotRecord = {
  readonly slot: number;
  /** The person's id (32 hex characters), chosen by the enrolling issuer. */
  readonly personId: string;
  /** The enrolment request that wrote it (32 hex characters). */
  readonly requestId: string;
  readonly share: Uint16Array;
};

function encodeRecord(party: Party, record: SlotRecord): Uint8Array {
  const bytes = new Uint8Array(RECORD_BYTES);
  bytes.set(MAGIC, 0);
  bytes[MAGIC.length] = party;
  new DataView(bytes.buffer).setUint32(MAGIC.length + 1, record.slot, true);
  bytes.set(hexToBytes(record.personId, "personId", ID_BYTES), MAGIC.length + 5);
  bytes.set(hexToBytes(record.requestId, "requestId", ID_BYTES), MAGIC.length + 5 + ID_BYTES);
  bytes.set(new Uint8Array(record.share.buffer, record.share.byteOffset, SHARE_BYTES), HEADER);
  bytes.set(sha256(bytes.subarray(0, HEADER + SHARE_BYTES)), HEADER + SHARE_BYTES);
  return bytes;
}

function decodeRecord(party: Party, bytes: Uint8Array, file: string): SlotRecord {
  const sum = bytes.subarray(HEADER + SHARE_BYTES);
  if (
    bytes.length !== RECORD_BYTES ||
    bytesToHex(bytes.subarray(0, MAGIC.length)) !== bytesToHex(MAGIC) ||
    bytesToHex(sha256(bytes.subarray(0, HEADER + SHARE_BYTES))) !== bytesToHex(sum)
  ) {
    throw new StoreError(`${file} is corrupt (bad length, magic or checksum)`);
  }
  if (bytes[MAGIC.length] !== party) {
    throw new StoreError(`${file} belongs to party ${bytes[MAGIC.length]}, not ${party}`);
  }
  return {
    slot: new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length + 1, true),
    personId: bytesToHex(bytes.subarray(MAGIC.length + 5, MAGIC.length + 5 + ID_BYTES)),
    requestId: bytesToHex(bytes.subarray(MAGIC.length + 5 + ID_BYTES, HEADER)),
    share: new Uint16Array(bytes.slice(HEADER, HEADER + SHARE_BYTES).buffer),
  };
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurably(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dir, `${name}.tmp`);
  const handle = await open(temporary, constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY, 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, join(dir, name));
  await syncDirectory(dir);
}

const slotName = (slot: number) => `${String(slot).padStart(8, "0")}.share`;

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
    for (const name of (await readdir(join(dir, "slots"))).sort()) {
      if (name.endsWith(".tmp")) {
        await rm(join(dir, "slots", name)); // an interrupted write: the rename never happened
        continue;
      }
      const match = SLOT_FILE.exec(name);
      if (match === null) {
        throw new StoreError(`slots/${name} is not a slot file`);
      }
      const record = decodeRecord(party, new Uint8Array(await readFile(join(dir, "slots", name))), `slots/${name}`);
      if (record.slot !== Number(match[1]) || store.#people.has(record.personId)) {
        throw new StoreError(`slots/${name} does not match its name or repeats a person`);
      }
      store.#place(record);
    }
    for (const name of await readdir(join(dir, "pending"))) {
      if (name.endsWith(".tmp")) {
        await rm(join(dir, "pending", name));
        continue;
      }
      const match = PENDING_FILE.exec(name);
      if (match === null) {
        throw new StoreError(`pending/${name} is not a pending record`);
      }
      const record = decodeRecord(party, new Uint8Array(await readFile(join(dir, "pending", name))), `pending/${name}`);
      if (record.requestId !== match[1]) {
        throw new StoreError(`pending/${name} does not match its name`);
      }
      store.#pending.set(record.requestId, record);
    }
    return store;
  }

  #place(record: SlotRecord): void {
    this.gallery.set(record.slot, record.share);
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
    return this.#occupied.size === 0 ? 0 : Math.max(...this.#occupied) + 1;
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
    checkId(record.personId, "personId");
    checkId(record.requestId, "requestId");
    if (!Number.isInteger(record.slot) || record.slot < 0 || record.slot >= MAX_SLOTS) {
      throw new InputError(`slot must be an integer from 0 to ${MAX_SLOTS - 1}`);
    }
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

  /** Phase 2: moves a prepared enrolment into its slot. */
  async commit(requestId: string): Promise<SlotRecord> {
    const record = this.#pending.get(requestId);
    if (record === undefined) {
      throw new StoreError(`request ${requestId} is not pending`);
    }
    await rename(join(this.#dir, "pending", `${requestId}.share`), join(this.#dir, "slots", slotName(record.slot)));
    await syncDirectory(join(this.#dir, "slots"));
    await syncDirectory(join(this.#dir, "pending"));
    this.#pending.delete(requestId);
    this.#place(record);
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
