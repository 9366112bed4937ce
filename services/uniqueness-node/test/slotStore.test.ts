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
/** What an entry holds besides its ids and slot: N, c, this party's escrow share, the face's share. */
const entryParts = () => ({ nullifierCommitment: "12345", commitment: "111", escrow: 678n, shares: [share()] });
/** Both phases of a removal. */
async function removeNow(store: SlotStore, personId: string): Promise<boolean> {
  const requestId = id();
  if (!(await store.prepareRemoval(requestId, personId))) return false;
  await store.commitRemoval(requestId);
  return true;
}

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
  const store = await SlotStore.open(dir, 1, "face");
  const records = [];
  for (let i = 0; i < count; i++) {
    const record = { slot: store.lowestFreeSlot(), personId: id(), requestId: id(), ...entryParts() };
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
    expect(await removeNow(store, records[1]!.personId)).toBe(true);
    const again = await SlotStore.open(dir, 1, "face");
    expect(again.count).toBe(3);
    expect(again.slotOf(records[1]!.personId)).toBeUndefined();
    for (const i of [0, 2, 3]) {
      expect(again.slotOf(records[i]!.personId)).toBe(i);
      expect(again.gallery.entry(i)).toEqual(records[i]!.shares[0]);
    }
    // The hole is zeroed, and the next enrolment fills it.
    expect(again.gallery.entry(1)).toEqual(new Uint16Array(19_200));
    expect(again.lowestFreeSlot()).toBe(1);
    expect(again.comparedSlots).toBe(4);
  });

  it("a pending enrolment is kept across a restart until committed or aborted", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 1);
    const record = { slot: store.lowestFreeSlot(), personId: id(), requestId: id(), ...entryParts() };
    await store.prepare(record);
    expect(store.lowestFreeSlot()).toBe(2);
    const restarted = await SlotStore.open(dir, 1, "face");
    expect(restarted.pending().map((r) => r.requestId)).toEqual([record.requestId]);
    // A pending entry holds its slot and person, and is compared against, until it is settled.
    expect(restarted.slotOf(record.personId)).toBe(1);
    expect(restarted.gallery.entry(1)).toEqual(record.shares[0]);
    expect(restarted.comparedSlots).toBe(2);
    await restarted.commit(record.requestId);
    expect((await SlotStore.open(dir, 1, "face")).slotOf(record.personId)).toBe(1);
  });

  it("a prepare that cannot make room in memory writes nothing, and the store still opens", async () => {
    // Memory first: a node out of gallery memory used to rename a record it then could not
    // load on restart. Now the room is made before anything is written.
    const dir = temporary();
    const { store } = await enrolled(dir, 1);
    const record = { slot: 1, personId: id(), requestId: id(), ...entryParts() };
    const full = new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    vi.spyOn(store.gallery, "set").mockImplementationOnce(() => {
      throw full;
    });
    await expect(store.prepare(record)).rejects.toThrow(full);
    expect(readdirSync(join(dir, "slots"))).toEqual(["00000000.share"]);
    expect(readdirSync(join(dir, "pending"))).toEqual([]);
    expect(store.pending()).toEqual([]);
    expect(store.slotOf(record.personId)).toBeUndefined();
    expect((await SlotStore.open(dir, 1, "face")).count).toBe(1);
    await store.prepare(record);
    await store.commit(record.requestId);
    expect((await SlotStore.open(dir, 1, "face")).gallery.entry(1)).toEqual(record.shares[0]);
  });

  it("a commit whose rename fails stays pending, still compared, and commits later", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 1);
    const record = { slot: 2, personId: id(), requestId: id(), ...entryParts() };
    await store.prepare(record);
    mkdirSync(join(dir, "slots", "00000002.share")); // rename onto a directory fails (EISDIR)
    await expect(store.commit(record.requestId)).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(store.gallery.entry(2)).toEqual(record.shares[0]);
    expect(store.pending().map((r) => r.requestId)).toEqual([record.requestId]);
    expect(store.comparedSlots).toBe(3);
    rmdirSync(join(dir, "slots", "00000002.share"));
    await store.commit(record.requestId);
    expect(store.gallery.entry(2)).toEqual(record.shares[0]);
    expect(store.comparedSlots).toBe(3);
  });

  it("abort leaves nothing behind, and its slot is a hole again", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 0);
    const record = { slot: 0, personId: id(), requestId: id(), ...entryParts() };
    await store.prepare(record);
    await store.abort(record.requestId);
    expect(store.gallery.entry(0)).toEqual(new Uint16Array(19_200));
    expect(store.comparedSlots).toBe(0);
    expect(readdirSync(join(dir, "pending"))).toEqual([]);
    expect((await SlotStore.open(dir, 1, "face")).pending()).toEqual([]);
  });

  it("refuses a taken slot, a person twice and a bad id", async () => {
    const dir = temporary();
    const { store, records } = await enrolled(dir, 1);
    await expect(store.prepare({ slot: 0, personId: id(), requestId: id(), ...entryParts() })).rejects.toThrow(
      new StoreError("slot 0 is taken"),
    );
    await expect(
      store.prepare({ slot: 1, personId: records[0]!.personId, requestId: id(), ...entryParts() }),
    ).rejects.toThrow(new StoreError(`person ${records[0]!.personId} is already enrolled`));
    await expect(store.prepare({ slot: 1, personId: "XYZ", requestId: id(), ...entryParts() })).rejects.toThrow(
      new InputError("personId must be 32 lower-case hex characters"),
    );
  });

  it("refuses a slot past MAX_SLOTS and a share of the wrong length", async () => {
    const dir = temporary();
    const { store } = await enrolled(dir, 0);
    await expect(store.prepare({ slot: MAX_SLOTS, personId: id(), requestId: id(), ...entryParts() })).rejects.toThrow(
      new InputError(`slot must be an integer from 0 to ${MAX_SLOTS - 1}`),
    );
    await expect(
      store.prepare({
        slot: 0,
        personId: id(),
        requestId: id(),
        nullifierCommitment: "1",
        commitment: "3",
        escrow: 2n,
        shares: [new Uint16Array(19_201)],
      }),
    ).rejects.toThrow(new InputError("shares must be 1 of 19200 16-bit values"));
    // A slot file past the bound, well formed and checksummed, does not open either.
    const file = readFileSync(join((await enrolled(temporary(), 1)).dir, "slots", "00000000.share"));
    file.writeUInt32LE(MAX_SLOTS, 9);
    file.set(sha256(file.subarray(0, file.length - 32)), file.length - 32);
    writeFileSync(join(dir, "slots", `0${MAX_SLOTS}.share`), file);
    await expect(SlotStore.open(dir, 1, "face")).rejects.toThrow(
      new StoreError(`slots/0${MAX_SLOTS}.share is past the last slot (${MAX_SLOTS - 1})`),
    );
  });

  it("a rekey replaces an entry's authenticator commitment in two phases, kept across restarts", async () => {
    const dir = temporary();
    const { store, records } = await enrolled(dir, 2);
    const [first, second] = records as [(typeof records)[0], (typeof records)[0]];
    const requestId = id();
    expect(await store.prepareRekey(id(), id(), "222")).toBe(false);
    expect(await store.prepareRekey(requestId, second.personId, "222")).toBe(true);
    const marker = { requestId, personId: second.personId, slot: 1, commitment: "222" };
    expect(store.pendingRekeys()).toEqual([marker]);
    // Prepared, not applied: the entry still holds its c, also after a restart.
    expect(store.entryAt(1)?.commitment).toBe("111");
    const restarted = await SlotStore.open(dir, 1, "face");
    expect([restarted.pendingRekeys(), restarted.entryAt(1)?.commitment]).toEqual([[marker], "111"]);
    await restarted.commitRekey(requestId);
    expect([restarted.pendingRekeys(), restarted.entryAt(1)?.commitment]).toEqual([[], "222"]);
    const reopened = await SlotStore.open(dir, 1, "face");
    const { shares: _, ...entry } = second;
    expect(reopened.entryAt(1)).toEqual({ ...entry, commitment: "222" });
    expect(reopened.gallery.entry(1)).toEqual(second.shares[0]);
    expect(reopened.entryAt(0)?.commitment).toBe("111");
    // An aborted rekey leaves the entry as it was, and no marker.
    const dropped = id();
    expect(await reopened.prepareRekey(dropped, first.personId, "333")).toBe(true);
    await reopened.abortRekey(dropped);
    expect(readdirSync(join(dir, "rekeying"))).toEqual([]);
    const last = await SlotStore.open(dir, 1, "face");
    expect([last.pendingRekeys(), last.entryAt(0)?.commitment, last.entryAt(1)?.commitment]).toEqual([
      [],
      "111",
      "222",
    ]);
    await expect(last.commitRekey(dropped)).rejects.toThrow(new StoreError(`rekey ${dropped} is not pending`));
  });

  it("refuses a slot file of the older format, which holds no authenticator commitment", async () => {
    const dir = temporary();
    await enrolled(dir, 1);
    const file = join(dir, "slots", "00000000.share");
    const bytes = readFileSync(file);
    bytes.set(new TextEncoder().encode("popslot2"), 0);
    bytes.set(sha256(bytes.subarray(0, bytes.length - 32)), bytes.length - 32);
    writeFileSync(file, bytes);
    await expect(SlotStore.open(dir, 1, "face")).rejects.toThrow(
      new StoreError(
        "slots/00000000.share was written by an older node (popslot2, without the person's authenticator commitment); this node reads popslot3 only",
      ),
    );
  });

  it("writeSlots writes a store in bulk that opens like one enrolled record by record", async () => {
    const dir = temporary();
    const records = [0, 1, 3].map((slot) => ({ slot, personId: id(), requestId: id(), ...entryParts() }));
    expect(await SlotStore.writeSlots(dir, 2, "face", records)).toBe(3);
    const store = await SlotStore.open(dir, 2, "face");
    expect(store.count).toBe(3);
    expect(store.comparedSlots).toBe(4);
    expect(store.lowestFreeSlot()).toBe(2);
    for (const record of records) {
      expect(store.slotOf(record.personId)).toBe(record.slot);
      expect(store.gallery.entry(record.slot)).toEqual(record.shares[0]);
    }
    expect(store.gallery.entry(2)).toEqual(new Uint16Array(19_200));
    const twice = { slot: 7, personId: records[0]!.personId, requestId: id(), ...entryParts() };
    await expect(SlotStore.writeSlots(temporary(), 2, "face", [records[0]!, twice])).rejects.toThrow(
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
    await expect(SlotStore.open(corrupt, 1, "face")).rejects.toThrow(
      new StoreError("slots/00000001.share is corrupt (bad length, magic or checksum)"),
    );
    const other = temporary();
    await enrolled(other, 1);
    await expect(SlotStore.open(other, 2, "face")).rejects.toThrow(
      new StoreError("slots/00000000.share belongs to party 1, not 2"),
    );
    writeFileSync(join(other, "slots", "notes.txt"), "x");
    await expect(SlotStore.open(other, 1, "face")).rejects.toThrow(
      new StoreError("slots/notes.txt is not a slot file"),
    );
  });
});
