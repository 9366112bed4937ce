import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { InputError } from "@pop/core/errors";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { afterAll, describe, expect, it, vi } from "vitest";
import { MAX_SLOTS, SlotStore, StoreError } from "../src/slotStore.js";

const random = seededRandom("slotStore.test");
const id = () => Array.from(random(16), (b) => b.toString(16).padStart(2, "0")).join("");
const share = () => new Uint16Array(random(38_400).slice().buffer);

const made: string[] = [];
/** A fresh store directory, removed when the file's tests are done. */
function temporary(): string {
  const dir = mkdtempSync(join(tmpdir(), "pop-slots-"));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function enrolled(dir: string, count: number) {
  const store = await SlotStore.open(dir, 1);
  const records = [];
  for (let i = 0; i < count; i++) {
    const record = { slot: store.lowestFreeSlot(), personId: id(), requestId: id(), share: share() };
    await store.prepare(record);
    await store.commit(record.requestId);
    records.push(record);
  }
  return { store, records, dir };
}

describe("the slot store", () => {
  it("survives a restart: the same people in the same slots, shares bit for bit", async () => {
    const dir = temporary();
    const { store, records } = await enrolled(dir, 4);
    expect(await store.remove(records[1]!.personId)).toBe(true);
    const again = await SlotStore.open(dir, 1);
    expect(again.count).toBe(3);
    expect(again.slotOf(records[1]!.personId)).toBeUndefined();
    for (const i of [0, 2, 3]) {
      expect(again.slotOf(records[i]!.personId)).toBe(i);
      expect(again.gallery.entry(i)).toEqual(records[i]!.share);
    }
    // The hole is zeroed, and the next enrolment fills it.
    expect(again.gallery.entry(1)).toEqual(new Uint16Array(19_200));
    expect(again.lowestFreeSlot()).toBe(1);
    expect(again.comparedSlots).toBe(4);
  });

  it("a pending enrolment is kept across a restart until committed or aborted", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 1);
    const record = { slot: store.lowestFreeSlot(), personId: id(), requestId: id(), share: share() };
    await store.prepare(record);
    expect(store.lowestFreeSlot()).toBe(2);
    const restarted = await SlotStore.open(dir, 1);
    expect(restarted.pending().map((r) => r.requestId)).toEqual([record.requestId]);
    expect(restarted.slotOf(record.personId)).toBeUndefined();
    await restarted.commit(record.requestId);
    expect((await SlotStore.open(dir, 1)).slotOf(record.personId)).toBe(1);
  });

  it("a commit that cannot place the share in memory leaves it pending, and the store still opens", async () => {
    // The share goes into memory before the rename: a node out of gallery memory used to
    // rename first and then fail, leaving a slot file it could not load on restart.
    const dir = temporary();
    const { store } = await enrolled(dir, 1);
    const record = { slot: 1, personId: id(), requestId: id(), share: share() };
    await store.prepare(record);
    const full = new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    vi.spyOn(store.gallery, "set").mockImplementationOnce(() => {
      throw full;
    });
    await expect(store.commit(record.requestId)).rejects.toThrow(full);
    expect(readdirSync(join(dir, "slots"))).toEqual(["00000000.share"]);
    expect(readdirSync(join(dir, "pending"))).toEqual([`${record.requestId}.share`]);
    expect(store.pending().map((r) => r.requestId)).toEqual([record.requestId]);
    expect(store.slotOf(record.personId)).toBeUndefined();
    const restarted = await SlotStore.open(dir, 1);
    expect(restarted.pending().map((r) => r.requestId)).toEqual([record.requestId]);
    await restarted.commit(record.requestId);
    expect((await SlotStore.open(dir, 1)).gallery.entry(1)).toEqual(record.share);
  });

  it("a commit whose rename fails stays pending, and its slot stays a hole in memory", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 1);
    const record = { slot: 2, personId: id(), requestId: id(), share: share() };
    await store.prepare(record);
    mkdirSync(join(dir, "slots", "00000002.share")); // rename onto a directory fails (EISDIR)
    await expect(store.commit(record.requestId)).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(store.gallery.entry(2)).toEqual(new Uint16Array(19_200));
    expect(store.pending().map((r) => r.requestId)).toEqual([record.requestId]);
    expect(store.comparedSlots).toBe(1);
    rmdirSync(join(dir, "slots", "00000002.share"));
    await store.commit(record.requestId);
    expect(store.gallery.entry(2)).toEqual(record.share);
    expect(store.comparedSlots).toBe(3);
  });

  it("abort leaves nothing behind", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 0);
    const record = { slot: 0, personId: id(), requestId: id(), share: share() };
    await store.prepare(record);
    await store.abort(record.requestId);
    expect(readdirSync(join(dir, "pending"))).toEqual([]);
    expect((await SlotStore.open(dir, 1)).pending()).toEqual([]);
  });

  it("refuses a taken slot, a person twice and a bad id", async () => {
    const dir = temporary();
    const { store, records } = await enrolled(dir, 1);
    await expect(store.prepare({ slot: 0, personId: id(), requestId: id(), share: share() })).rejects.toThrow(
      new StoreError("slot 0 is taken"),
    );
    await expect(
      store.prepare({ slot: 1, personId: records[0]!.personId, requestId: id(), share: share() }),
    ).rejects.toThrow(new StoreError(`person ${records[0]!.personId} is already enrolled`));
    await expect(store.prepare({ slot: 1, personId: "XYZ", requestId: id(), share: share() })).rejects.toThrow(
      new InputError("personId must be 32 lower-case hex characters"),
    );
  });

  it("refuses a slot past MAX_SLOTS and a share of the wrong length", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 0);
    await expect(store.prepare({ slot: MAX_SLOTS, personId: id(), requestId: id(), share: share() })).rejects.toThrow(
      new InputError(`slot must be an integer from 0 to ${MAX_SLOTS - 1}`),
    );
    await expect(
      store.prepare({ slot: 0, personId: id(), requestId: id(), share: new Uint16Array(19_201) }),
    ).rejects.toThrow(new InputError("share must be 19200 16-bit values"));
    // A slot file past the bound, well formed and checksummed, does not open either.
    const file = readFileSync(join((await enrolled(temporary(), 1)).dir, "slots", "00000000.share"));
    file.writeUInt32LE(MAX_SLOTS, 9);
    file.set(sha256(file.subarray(0, file.length - 32)), file.length - 32);
    writeFileSync(join(dir, "slots", `0${MAX_SLOTS}.share`), file);
    await expect(SlotStore.open(dir, 1)).rejects.toThrow(
      new StoreError(`slots/0${MAX_SLOTS}.share is past the last slot (${MAX_SLOTS - 1})`),
    );
  });

  it("writeSlots writes a store in bulk that opens like one enrolled record by record", async () => {
    const dir = temporary();
    const records = [0, 1, 3].map((slot) => ({ slot, personId: id(), requestId: id(), share: share() }));
    expect(await SlotStore.writeSlots(dir, 2, records)).toBe(3);
    const store = await SlotStore.open(dir, 2);
    expect(store.count).toBe(3);
    expect(store.comparedSlots).toBe(4);
    expect(store.lowestFreeSlot()).toBe(2);
    for (const record of records) {
      expect(store.slotOf(record.personId)).toBe(record.slot);
      expect(store.gallery.entry(record.slot)).toEqual(record.share);
    }
    expect(store.gallery.entry(2)).toEqual(new Uint16Array(19_200));
    const twice = { slot: 7, personId: records[0]!.personId, requestId: id(), share: share() };
    await expect(SlotStore.writeSlots(temporary(), 2, [records[0]!, twice])).rejects.toThrow(
      new StoreError(`slot 7 or person ${twice.personId} is written twice`),
    );
  });

  it("will not open on a corrupt file, another party's file or a stray file", async () => {
    const corrupt = temporary();
    await enrolled(corrupt, 2);
    const file = join(corrupt, "slots", "00000001.share");
    const bytes = readFileSync(file);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    writeFileSync(file, bytes);
    await expect(SlotStore.open(corrupt, 1)).rejects.toThrow(
      new StoreError("slots/00000001.share is corrupt (bad length, magic or checksum)"),
    );
    const other = temporary();
    await enrolled(other, 1);
    await expect(SlotStore.open(other, 2)).rejects.toThrow(
      new StoreError("slots/00000000.share belongs to party 1, not 2"),
    );
    writeFileSync(join(other, "slots", "notes.txt"), "x");
    await expect(SlotStore.open(other, 1)).rejects.toThrow(new StoreError("slots/notes.txt is not a slot file"));
  });
});
