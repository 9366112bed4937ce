import { createHash } from "node:crypto";
import { constants, readFile as readFileCallback } from "node:fs";
import { mkdir, open, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { InputError, PopError } from "@pop/core/errors";
import { SNARK_SCALAR_FIELD } from "@pop/protocol/field";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { checkId } from "@pop/uniqueness/wire/ids";
import type { EntryRecord } from "./galleryStore.js";

/**
 * The slot store's files (slotStore.ts): a record is the magic "popslot3", the party, the slot
 * (u32 LE), the person and request ids, N, the authenticator commitment c and this party's
 * escrow share of n (32 bytes each, big-endian), the number of template shares, the shares and a
 * SHA-256 of all that. Writes are durable (temporary file, fsync, rename, fsync of the
 * directory); reads check every file. A "popslot2" file (before entries held c) is refused.
 */

/** Raised when the data directory holds something the node will not run on. */
export class StoreError extends PopError {}

const MAGIC = new TextEncoder().encode("popslot3");
const OLD_MAGIC = new TextEncoder().encode("popslot2");
const ID_BYTES = 16;
const FIELD_BYTES = 32;
const SHARE_BYTES = TEMPLATE_VALUES * 2;
const AT_SLOT = MAGIC.length + 1;
const AT_PERSON = AT_SLOT + 4;
const AT_REQUEST = AT_PERSON + ID_BYTES;
const AT_N = AT_REQUEST + ID_BYTES;
const AT_C = AT_N + FIELD_BYTES;
const AT_ESCROW = AT_C + FIELD_BYTES;
const AT_COUNT = AT_ESCROW + FIELD_BYTES;
const HEADER = AT_COUNT + 1;
const recordBytes = (templates: number) => HEADER + templates * SHARE_BYTES + 32;
/** A committed slot's file name: the slot, 8 digits. */
export const SLOT_FILE = /^([0-9]{8})\.share$/;
/** A pending enrolment's file name: its request id. */
export const PENDING_FILE = /^([0-9a-f]{32})\.share$/;
/**
 * The most slots a store holds. The bound is the node's memory, not wasm32 (the gallery is in
 * segments, docs/uniqueness.md#gallery-memory): 38.4 KB a slot, 38.4 GB at the bound in one
 * process. The three nodes refuse the same slots, so the bound is a constant, not the machine's.
 */
export const MAX_SLOTS = 1_000_000;
/** Slot files read (or written in bulk) at once: opening 70,000 files is I/O-bound. */
export const READ_AHEAD = 32;

/** fs.readFile, promisified: half the time of fs/promises' readFile on 70,000 small files (Node 20). */
const readFile = promisify(readFileCallback);

/** One stored entry: the person, N, c, this party's escrow share and template shares. */
export type SlotRecord = EntryRecord;

const fieldBytes = (value: bigint, name: string) => hexToBytes(value.toString(16).padStart(64, "0"), name, FIELD_BYTES);

/** A record's bytes, checksum included. */
export function encodeRecord(party: Party, record: SlotRecord): Uint8Array {
  const templates = record.shares.length;
  const bytes = new Uint8Array(recordBytes(templates));
  bytes.set(MAGIC, 0);
  bytes[MAGIC.length] = party;
  new DataView(bytes.buffer).setUint32(AT_SLOT, record.slot, true);
  bytes.set(hexToBytes(record.personId, "personId", ID_BYTES), AT_PERSON);
  bytes.set(hexToBytes(record.requestId, "requestId", ID_BYTES), AT_REQUEST);
  bytes.set(fieldBytes(BigInt(record.nullifierCommitment), "nullifierCommitment"), AT_N);
  bytes.set(fieldBytes(BigInt(record.commitment), "commitment"), AT_C);
  bytes.set(fieldBytes(record.escrow, "escrow"), AT_ESCROW);
  bytes[AT_COUNT] = templates;
  for (const [i, share] of record.shares.entries()) {
    bytes.set(new Uint8Array(share.buffer, share.byteOffset, SHARE_BYTES), HEADER + i * SHARE_BYTES);
  }
  const end = HEADER + templates * SHARE_BYTES;
  bytes.set(checksum(bytes.subarray(0, end)), end);
  return bytes;
}

/** SHA-256 by Node's OpenSSL: ten times noble's rate here, and a store opens 2.7 GB of files at 70,000. */
function checksum(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

function decodeRecord(party: Party, templates: number, bytes: Uint8Array, file: string): SlotRecord {
  const end = HEADER + templates * SHARE_BYTES;
  if (bytesToHex(bytes.subarray(0, OLD_MAGIC.length)) === bytesToHex(OLD_MAGIC)) {
    throw new StoreError(
      `${file} was written by an older node (popslot2, without the person's authenticator commitment); this node reads popslot3 only`,
    );
  }
  if (
    bytes.length !== recordBytes(templates) ||
    bytesToHex(bytes.subarray(0, MAGIC.length)) !== bytesToHex(MAGIC) ||
    bytes[AT_COUNT] !== templates ||
    bytesToHex(checksum(bytes.subarray(0, end))) !== bytesToHex(bytes.subarray(end))
  ) {
    throw new StoreError(`${file} is corrupt (bad length, magic or checksum)`);
  }
  if (bytes[MAGIC.length] !== party) {
    throw new StoreError(`${file} belongs to party ${bytes[MAGIC.length]}, not ${party}`);
  }
  // Copies, aligned for 16-bit values (the shares start at an odd offset of the file).
  const shares = Array.from({ length: templates }, (_, i) => {
    const share = new Uint16Array(TEMPLATE_VALUES);
    new Uint8Array(share.buffer).set(bytes.subarray(HEADER + i * SHARE_BYTES, HEADER + (i + 1) * SHARE_BYTES));
    return share;
  });
  const field = (at: number) => BigInt(`0x${bytesToHex(bytes.subarray(at, at + FIELD_BYTES))}`);
  return {
    slot: new DataView(bytes.buffer, bytes.byteOffset).getUint32(AT_SLOT, true),
    personId: bytesToHex(bytes.subarray(AT_PERSON, AT_PERSON + ID_BYTES)),
    requestId: bytesToHex(bytes.subarray(AT_REQUEST, AT_REQUEST + ID_BYTES)),
    nullifierCommitment: String(field(AT_N)),
    commitment: String(field(AT_C)),
    escrow: field(AT_ESCROW),
    shares,
  };
}

/** fsync of a directory, so that a rename or removal in it is durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `dir/name` all or nothing: a temporary file, fsync, rename, fsync of the directory. */
export async function writeDurably(dir: string, name: string, bytes: Uint8Array): Promise<void> {
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

/** The file name of a slot. */
export const slotName = (slot: number) => `${String(slot).padStart(8, "0")}.share`;

/** A decimal field element, as an entry holds N and c. */
export function checkDecimalField(value: string, name: string): void {
  if (typeof value !== "string" || !/^(0|[1-9][0-9]{0,77})$/.test(value) || BigInt(value) >= SNARK_SCALAR_FIELD) {
    throw new InputError(`${name} must be a decimal field element`);
  }
}

/** A record's ids, slot, N, c, escrow share and shares, as prepare and writeSlots take them. */
export function checkRecord(record: SlotRecord, templates: number): void {
  checkId(record.personId, "personId");
  checkId(record.requestId, "requestId");
  if (!Number.isInteger(record.slot) || record.slot < 0 || record.slot >= MAX_SLOTS) {
    throw new InputError(`slot must be an integer from 0 to ${MAX_SLOTS - 1}`);
  }
  if (
    record.shares.length !== templates ||
    record.shares.some((share) => !(share instanceof Uint16Array) || share.length !== TEMPLATE_VALUES)
  ) {
    throw new InputError(`shares must be ${templates} of ${TEMPLATE_VALUES} 16-bit values`);
  }
  checkDecimalField(record.nullifierCommitment, "nullifierCommitment");
  checkDecimalField(record.commitment, "commitment");
  if (typeof record.escrow !== "bigint" || record.escrow < 0n || record.escrow >= SNARK_SCALAR_FIELD) {
    throw new InputError("escrow must be a field element");
  }
}

/**
 * Visits the records in `dir/folder` in name order, each checked against its checksum and
 * party. Interrupted writes (.tmp: the rename never happened) are removed; any other stray
 * name stops the open. Files are read READ_AHEAD at a time and visited one by one, so only a
 * window of shares is held outside the gallery.
 */
export async function eachRecord(
  options: { dir: string; folder: string; pattern: RegExp; party: Party; templates: number; what: string },
  visit: (record: SlotRecord, key: string, file: string) => void,
): Promise<void> {
  const folder = join(options.dir, options.folder);
  const names: string[] = [];
  for (const name of (await readdir(folder)).sort()) {
    if (name.endsWith(".tmp")) {
      await rm(join(folder, name));
    } else if (options.pattern.test(name)) {
      names.push(name);
    } else {
      throw new StoreError(`${options.folder}/${name} is not a ${options.what}`);
    }
  }
  for (let at = 0; at < names.length; at += READ_AHEAD) {
    const window = names.slice(at, at + READ_AHEAD);
    const contents = await Promise.all(window.map((name) => readFile(join(folder, name))));
    window.forEach((name, i) => {
      const file = `${options.folder}/${name}`;
      visit(decodeRecord(options.party, options.templates, contents[i]!, file), options.pattern.exec(name)![1]!, file);
    });
  }
}

/**
 * Writes many slot records into a store's directory at once (SlotStore.writeSlots): each checked,
 * READ_AHEAD files at a time, each folder synced once at the end. Never on a store that is open.
 * @returns how many records were written
 * @throws StoreError for a slot or person written twice; InputError for a malformed record
 */
export async function writeSlotFiles(
  store: { dir: string; party: Party; templates: number },
  records: Iterable<SlotRecord>,
): Promise<number> {
  const { dir, party, templates } = store;
  for (const folder of ["slots", "pending", "removing", "rekeying"]) {
    await mkdir(join(dir, folder), { recursive: true, mode: 0o700 });
  }
  const slots = new Set<number>();
  const people = new Set<string>();
  let batch: Promise<void>[] = [];
  for (const record of records) {
    checkRecord(record, templates);
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
  return slots.size;
}
