import { createCipheriv } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEGMENT_ENTRIES, ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlotRecord, SlotStore } from "../src/slotStore.js";

/**
 * One party's store at 70,000 entries, past what one wasm32 memory held (65,536), across a
 * restart. 2.7 GB of slot files in a temporary directory, 2.7 GB of gallery memory per open.
 */
const ENTRIES = 70_000;
const PARTY = 1;
const WIDTH = 31;
/** A deleted person's slot: a hole, which the next enrolment fills. */
const HOLE = 50_000;

/** Slot `slot`'s share: AES-128-CTR keystream under the slot, uniform as a real share is, and made again at will. */
function shareOf(slot: number): Uint16Array {
  const key = new Uint8Array(16);
  new DataView(key.buffer).setUint32(0, slot);
  const bytes = createCipheriv("aes-128-ctr", key, new Uint8Array(16)).update(new Uint8Array(38_400));
  return new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 38_400));
}
const idOf = (kind: number, slot: number) => `${kind}${slot.toString(16).padStart(31, "0")}`;
const recordOf = (slot: number): SlotRecord => ({
  slot,
  personId: idOf(1, slot),
  requestId: idOf(2, slot),
  nullifierCommitment: String(slot + 1),
  commitment: String(slot + 2),
  escrow: BigInt(slot),
  shares: [shareOf(slot)],
});

function* records(): Generator<SlotRecord> {
  for (let slot = 0; slot < ENTRIES; slot++) if (slot !== HOLE) yield recordOf(slot);
}

const query = shareOf(999_999);
/** The dot shares of the query with one share, from a one-entry gallery (one segment, one memory). */
function reference(share: Uint16Array): Uint16Array[] {
  const one = new ShareGallery();
  one.add(share);
  const dots = one.dotShares(PARTY, query);
  return [dots.code, dots.mask];
}

/** Checks the query's dot shares at the segment boundaries, the last entry and the hole. */
function expectRight(store: SlotStore, filled: readonly SlotRecord[]) {
  const start = performance.now();
  const dots = store.gallery.dotShares(PARTY, query, { entries: store.comparedSlots });
  const ms = performance.now() - start;
  expect(dots.count).toBe(store.comparedSlots * WIDTH);
  const probes = [0, SEGMENT_ENTRIES - 1, SEGMENT_ENTRIES, 2 * SEGMENT_ENTRIES - 1, 2 * SEGMENT_ENTRIES, ENTRIES - 1];
  const shares = new Map<number, Uint16Array>(probes.map((slot) => [slot, shareOf(slot)]));
  shares.set(HOLE, new Uint16Array(19_200));
  for (const record of filled) shares.set(record.slot, record.shares[0]!);
  for (const [slot, share] of shares) {
    const [code, mask] = reference(share);
    expect(dots.code.subarray(slot * WIDTH, (slot + 1) * WIDTH), `slot ${slot} code`).toEqual(code);
    expect(dots.mask.subarray(slot * WIDTH, (slot + 1) * WIDTH), `slot ${slot} mask`).toEqual(mask);
  }
  return ms;
}

describe("a party store past one wasm32 memory", () => {
  const dir = mkdtempSync(join(tmpdir(), "pop-slots-heavy-"));
  let writeMs = 0;
  beforeAll(async () => {
    const start = performance.now();
    expect(await SlotStore.writeSlots(dir, PARTY, "face", records())).toBe(ENTRIES - 1);
    writeMs = performance.now() - start;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("heavy: 70,000 entries open, answer right in the last segment, and again after a restart", async () => {
    let start = performance.now();
    let store: SlotStore | undefined = await SlotStore.open(dir, PARTY, "face");
    const openMs = performance.now() - start;
    expect(store.count).toBe(ENTRIES - 1);
    expect(store.comparedSlots).toBe(ENTRIES);
    const dotsMs = expectRight(store, []);
    // Two enrolments through the node's path: the hole first, then a new slot at the end.
    const filled = [recordOf(HOLE), { ...recordOf(ENTRIES), shares: [shareOf(ENTRIES + 1)] }];
    for (const record of filled) {
      expect(store.lowestFreeSlot()).toBe(record.slot);
      await store.prepare(record);
      await store.commit(record.requestId);
    }
    expectRight(store, filled);
    store = undefined; // the restart: this gallery's memory goes, a new process would start empty
    start = performance.now();
    const again = await SlotStore.open(dir, PARTY, "face");
    const reopenMs = performance.now() - start;
    expect(again.count).toBe(ENTRIES + 1);
    expect(again.comparedSlots).toBe(ENTRIES + 1);
    expect(again.slotOf(idOf(1, HOLE))).toBe(HOLE);
    expectRight(again, filled);
    console.log(
      JSON.stringify({ entries: ENTRIES, writeMs, openMs, dotsMs, reopenMs, rssGB: process.memoryUsage().rss / 1e9 }),
    );
  }, 600_000);
});
