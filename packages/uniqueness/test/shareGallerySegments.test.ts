import { execFile } from "node:child_process";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { MAX_SEGMENT_ENTRIES, ShareGallery } from "../src/mpc/shareGallery.js";
import { type Party, prepareQuery, TEMPLATE_VALUES } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";

const random = seededRandom("shareGallerySegments.test");
const share = () => new Uint16Array(random(2 * TEMPLATE_VALUES).slice().buffer);

/**
 * The dot products the kernel computes, in plain TypeScript: for rotation r, the entry's
 * column c meets the prepared query's column c − r (mod 200) in each block of 200 columns × 4
 * values; 16 code blocks, then 8 mask blocks (assembly/dots.ts).
 */
function referenceDots(party: Party, query: Uint16Array, entry: Uint16Array, rotations: number) {
  const prepared = prepareQuery(party, query);
  const code: number[] = [];
  const mask: number[] = [];
  for (let r = -rotations; r <= rotations; r++) {
    let codeSum = 0;
    let maskSum = 0;
    for (let block = 0; block < 24; block++) {
      for (let column = 0; column < 200; column++) {
        const from = block * 800 + ((column - r + 200) % 200) * 4;
        for (let k = 0; k < 4; k++) {
          const product = entry[block * 800 + column * 4 + k]! * prepared[from + k]!;
          if (block < 16) codeSum = (codeSum + product) % 0x10000;
          else maskSum = (maskSum + product) % 0x10000;
        }
      }
    }
    code.push(codeSum);
    mask.push(maskSum);
  }
  return { code, mask };
}

/** Checks every entry's dot shares against the reference, entry-major as DotShares lays them out. */
function expectReference(
  gallery: ShareGallery,
  party: Party,
  query: Uint16Array,
  entries: Uint16Array[],
  rotations: number,
) {
  const dots = gallery.dotShares(party, query, { rotations, entries: entries.length });
  const width = 2 * rotations + 1;
  expect(dots.count).toBe(entries.length * width);
  entries.forEach((entry, i) => {
    const reference = referenceDots(party, query, entry, rotations);
    expect([...dots.code.subarray(i * width, (i + 1) * width)], `entry ${i} code`).toEqual(reference.code);
    expect([...dots.mask.subarray(i * width, (i + 1) * width)], `entry ${i} mask`).toEqual(reference.mask);
  });
}

describe("a share gallery in memory segments", () => {
  const query = share();
  const entries = Array.from({ length: 10 }, share);

  it("gives the reference dot products in one segment", () => {
    const gallery = new ShareGallery();
    for (const entry of entries.slice(0, 3)) gallery.add(entry);
    expectReference(gallery, 1, query, entries.slice(0, 3), 15);
  });

  it("gives the same dot products across segment boundaries, for every party and rotation count", () => {
    // Segments of 3: entries 2|3, 5|6 and 8|9 straddle boundaries; the last segment holds one.
    const gallery = new ShareGallery({ segmentEntries: 3 });
    for (const entry of entries) gallery.add(entry);
    expect(gallery.size).toBe(10);
    for (const party of [0, 1, 2] as const) expectReference(gallery, party, query, entries, 15);
    expectReference(gallery, 2, query, entries, 2);
    expectReference(gallery, 0, query, entries, 0);
    // A comparison that stops at a boundary, and one that stops inside a segment.
    expectReference(gallery, 0, query, entries.slice(0, 6), 15);
    expectReference(gallery, 0, query, entries.slice(0, 7), 15);
    expect(gallery.dotShares(0, query, { entries: 0 }).count).toBe(0);
    const one = new ShareGallery({ segmentEntries: 1 });
    for (const entry of entries) one.add(entry);
    expect(one.dotShares(2, query)).toEqual(gallery.dotShares(2, query));
  });

  it("swapRemove, set and entry work across segments", () => {
    const gallery = new ShareGallery({ segmentEntries: 3 });
    for (const entry of entries) gallery.add(entry);
    gallery.swapRemove(1); // entry 9, alone in the last segment, moves to segment 0
    expect(gallery.size).toBe(9);
    expect(gallery.entry(1)).toEqual(entries[9]);
    const moved = [entries[0]!, entries[9]!, ...entries.slice(2, 9)];
    expectReference(gallery, 1, query, moved, 15);
    // A write past the end leaves zeroed holes, also where removed entries were.
    gallery.swapRemove(8);
    gallery.swapRemove(7);
    gallery.set(12, entries[3]!);
    expect(gallery.size).toBe(13);
    for (const hole of [7, 8, 9, 10, 11]) expect(gallery.entry(hole)).toEqual(new Uint16Array(TEMPLATE_VALUES));
    const zero = new Uint16Array(TEMPLATE_VALUES);
    expectReference(gallery, 1, query, [...moved.slice(0, 7), zero, zero, zero, zero, zero, entries[3]!], 15);
    gallery.set(4, entries[5]!);
    expect(gallery.entry(4)).toEqual(entries[5]);
  });

  it("a process out of address space gets a GalleryMemoryError, and the gallery keeps working", async () => {
    // A real failure, not a mock: a child node limited to 16 GB of address space (ulimit -v)
    // asks for a million entries (38.4 GB). It runs the built module, as the node's bin does.
    const script = `
      import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
      const gallery = new ShareGallery();
      gallery.add(new Uint16Array(19_200).fill(3));
      let error;
      try { gallery.set(999_999, new Uint16Array(19_200)); } catch (e) { error = { name: e.name, message: e.message }; }
      const dots = gallery.dotShares(0, new Uint16Array(19_200).fill(1), { rotations: 0 });
      gallery.add(new Uint16Array(19_200));
      console.log(JSON.stringify({ error, size: gallery.size, first: gallery.entry(0)[0], dots: dots.count }));`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        "/bin/sh",
        ["-c", 'ulimit -v 16000000 && exec "$0" --input-type=module -e "$1"', process.execPath, script],
        (error, out, stderr) => (error ? reject(new Error(`${error.message}${stderr}`)) : resolve(out)),
      ),
    );
    expect(JSON.parse(stdout)).toEqual({
      error: { name: "GalleryMemoryError", message: "the gallery has no memory for 1000000 entries (38.40 GB)" },
      size: 2,
      first: 3,
      dots: 1,
    });
  });

  it("refuses bad segment sizes, indexes and entry counts", () => {
    for (const segmentEntries of [0, 1.5, MAX_SEGMENT_ENTRIES + 1]) {
      expect(() => new ShareGallery({ segmentEntries })).toThrow(
        new InputError(`segmentEntries must be an integer from 1 to ${MAX_SEGMENT_ENTRIES}`),
      );
    }
    const gallery = new ShareGallery({ segmentEntries: 2 });
    gallery.add(entries[0]!);
    expect(() => gallery.entry(1)).toThrow(new InputError("gallery index 1 is out of range"));
    expect(() => gallery.set(-1, entries[0]!)).toThrow(new InputError("gallery index -1 is out of range"));
    expect(() => gallery.dotShares(0, query, { entries: -1 })).toThrow(
      new InputError("entries must be a non-negative integer"),
    );
    expect(() => gallery.add(new Uint16Array(5))).toThrow(
      new InputError(`a template share must be ${TEMPLATE_VALUES} 16-bit values`),
    );
  });
});
