import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@pop/core/errors";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { describe, expect, it } from "vitest";
import { SlotStore, StoreError } from "../src/slotStore.js";

const random = seededRandom("slotStore.test");
const id = () => Array.from(random(16), (b) => b.toString(16).padStart(2, "0")).join("");
const share = () => new Uint16Array(random(38_400).slice().buffer);

async function enrolled(dir: string, count: number) {
  const store = await SlotStore.open(dir, 1);
  const records = [];
  for (let i = 0; i < count; i++) {
    const record = { slot: store.lowestFreeSlot(), personId: id(), requestId: id(), share: share() };
    await store.prepare(record);
    await store.commit(record.requestId);
    records.push(record);
  }
  return { store, records };
}

describe("the slot store", () => {
  it("survives a restart: the same people in the same slots, shares bit for bit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pop-slots-"));
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
    const dir = mkdtempSync(join(tmpdir(), "pop-slots-"));
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

  it("abort leaves nothing behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pop-slots-"));
    const { store } = await enrolled(dir, 0);
    const record = { slot: 0, personId: id(), requestId: id(), share: share() };
    await store.prepare(record);
    await store.abort(record.requestId);
    expect(readdirSync(join(dir, "pending"))).toEqual([]);
    expect((await SlotStore.open(dir, 1)).pending()).toEqual([]);
  });

  it("refuses a taken slot, a person twice and a bad id", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pop-slots-"));
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

  it("will not open on a corrupt file, another party's file or a stray file", async () => {
    const corrupt = mkdtempSync(join(tmpdir(), "pop-slots-"));
    await enrolled(corrupt, 2);
    const file = join(corrupt, "slots", "00000001.share");
    const bytes = readFileSync(file);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    writeFileSync(file, bytes);
    await expect(SlotStore.open(corrupt, 1)).rejects.toThrow(
      new StoreError("slots/00000001.share is corrupt (bad length, magic or checksum)"),
    );
    const other = mkdtempSync(join(tmpdir(), "pop-slots-"));
    await enrolled(other, 1);
    await expect(SlotStore.open(other, 2)).rejects.toThrow(
      new StoreError("slots/00000000.share belongs to party 1, not 2"),
    );
    writeFileSync(join(other, "slots", "notes.txt"), "x");
    await expect(SlotStore.open(other, 1)).rejects.toThrow(new StoreError("slots/notes.txt is not a slot file"));
  });
});
