import { InputError, PopError } from "@pop/core/errors";
import { dotsWasmBase64 } from "../generated/dotsWasm.js";
import { MAX_ROTATION } from "../irisCode.js";
import { ensureMemory, instantiateKernel, type KernelInstance } from "../wasmKernel.js";
import { nativeDots } from "./nativeDots.js";
import { type Party, prepareQuery, TEMPLATE_VALUES } from "./templateShares.js";

/** Values per block of the share layout: 200 columns × 4 rows. */
const BLOCK_VALUES = 800;
const BLOCKS = TEMPLATE_VALUES / BLOCK_VALUES;
/** Columns the prepared query is padded with on each side (15 rotations + 3 for blocks of 4). */
const PAD = 18;
const PADDED_VALUES = BLOCK_VALUES + 2 * PAD * 4;
const QUERY_BYTES = BLOCKS * PADDED_VALUES * 2;
const ENTRY_BYTES = TEMPLATE_VALUES * 2;
/**
 * A segment's memory: the padded query and scratch space, then the output (room for a query
 * at every rotation against every entry the segment can hold), then the entries. The output
 * never becomes entry space, so memory past the written entries stays zero.
 */
const OUTPUT_BASE = 2 * 65_536;
const SCRATCH = QUERY_BYTES;
/** Output bytes per comparison: a code share and a mask share. */
const OUT_BYTES = 4;
const PAGE = 65_536;

/**
 * Entries per memory segment by default: 32,768 entries are 1.26 GB, a third of what one
 * wasm32 memory can address (4 GiB), and the kernel runs at the same rate on any segment size
 * (docs/uniqueness.md#gallery-memory).
 */
export const SEGMENT_ENTRIES = 32_768;
/** The largest segment: its entries and a full query's output fit in one 4 GiB memory. */
export const MAX_SEGMENT_ENTRIES = 65_536;

/** Raised when the process cannot give the gallery the memory another entry needs. */
export class GalleryMemoryError extends PopError {}

/** One party's additive shares of the dot products of a query with every entry and rotation. */
export type DotShares = {
  /** Comparisons: entries × (2·rotations + 1); entry i, rotation r is at i·width + r + rotations. */
  readonly count: number;
  /** Shares of code·code = common − 2·mismatches. */
  readonly code: Uint16Array;
  /** Shares of mask·mask = common / 2. */
  readonly mask: Uint16Array;
};

type DotsExports = {
  dots(query: number, gallery: number, count: number, rotations: number, out: number, scratch: number): void;
};

/** A kernel instance over its own memory and the entries that memory has room for. */
type Segment = { readonly kernel: KernelInstance<DotsExports>; reserved: number };

/**
 * One party's gallery of template shares, held in the dot-product kernel's memory
 * (assembly/dots.ts), in insertion order. Entries are 38,400 bytes. One wasm32 memory
 * addresses 4 GiB, so the entries are split into segments of `segmentEntries` each, every
 * segment a kernel instance with its own memory; only the memory of the process bounds the
 * gallery. A segment's room doubles as it fills, up to its size; then a new segment starts.
 */
export class ShareGallery {
  readonly #segmentEntries: number;
  readonly #galleryBase: number;
  readonly #segments: Segment[] = [];
  #size = 0;
  /** Entries [0, written) may hold data; the memory past them has never been written (zero). */
  #written = 0;

  /**
   * @param options.segmentEntries entries per memory segment (default SEGMENT_ENTRIES, at most
   *   MAX_SEGMENT_ENTRIES); smaller segments only in tests
   */
  constructor(options: { segmentEntries?: number } = {}) {
    const segmentEntries = options.segmentEntries ?? SEGMENT_ENTRIES;
    if (!Number.isInteger(segmentEntries) || segmentEntries < 1 || segmentEntries > MAX_SEGMENT_ENTRIES) {
      throw new InputError(`segmentEntries must be an integer from 1 to ${MAX_SEGMENT_ENTRIES}`);
    }
    this.#segmentEntries = segmentEntries;
    const outputBytes = segmentEntries * (2 * MAX_ROTATION + 1) * OUT_BYTES;
    this.#galleryBase = Math.ceil((OUTPUT_BASE + outputBytes) / PAGE) * PAGE;
  }

  /** Entries in the gallery. */
  get size(): number {
    return this.#size;
  }

  /** Makes room for `entries` entries; on failure the gallery's entries are unchanged. */
  #ensure(entries: number): void {
    const per = this.#segmentEntries;
    try {
      for (let s = 0; s * per < entries; s++) {
        let segment = this.#segments[s];
        if (segment === undefined) {
          segment = { kernel: instantiateKernel<DotsExports>(dotsWasmBase64), reserved: 0 };
          this.#segments.push(segment);
        }
        const needed = Math.min(per, entries - s * per);
        if (needed > segment.reserved) {
          const reserved = Math.min(per, Math.max(needed, 2 * segment.reserved, 256));
          ensureMemory(segment.kernel.memory, this.#galleryBase + reserved * ENTRY_BYTES);
          segment.reserved = reserved;
        }
      }
    } catch (error) {
      // WebAssembly.Memory and grow() throw RangeError when the process has no more memory.
      if (!(error instanceof RangeError)) throw error;
      this.#segments.length = Math.ceil(this.#size / per); // drop the segments made for this call
      const gigabytes = ((entries * ENTRY_BYTES) / 1e9).toFixed(2);
      throw new GalleryMemoryError(`the gallery has no memory for ${entries} entries (${gigabytes} GB)`, {
        cause: error,
        details: { entries },
      });
    }
  }

  /** Appends a gallery share (19,200 values) and returns its index. */
  add(share: Uint16Array): number {
    checkShare(share);
    this.#ensure(this.#size + 1);
    this.#view(this.#size).set(share);
    this.#written = Math.max(this.#written, this.#size + 1);
    return this.#size++;
  }

  /**
   * Writes entry `index`, growing the gallery with all-zero entries if it is past the end.
   * An all-zero share gives zero dot products, which never pass the threshold, so a zeroed
   * slot is a hole that matches no one.
   */
  set(index: number, share: Uint16Array): void {
    checkShare(share);
    if (!Number.isInteger(index) || index < 0) {
      throw new InputError(`gallery index ${index} is out of range`);
    }
    if (index >= this.#size) {
      this.#ensure(index + 1);
      // Fresh memory is zero: only entries written before (then removed) are cleared, so a
      // hole costs address space, not memory, until it is written.
      for (let i = this.#size; i < Math.min(index, this.#written); i++) {
        this.#view(i).fill(0);
      }
      this.#size = index + 1;
      this.#written = Math.max(this.#written, this.#size);
    }
    this.#view(index).set(share);
  }

  /** Replaces entry `index` with the last entry and drops the last (O(1) delete). */
  swapRemove(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) {
      throw new InputError(`gallery index ${index} is out of range`);
    }
    const last = this.#size - 1;
    if (index !== last) {
      this.#view(index).set(this.#view(last));
    }
    this.#size = last;
    // A segment left with no entries gives its memory back (a memory cannot shrink).
    while (this.#segments.length > 1 && (this.#segments.length - 1) * this.#segmentEntries >= this.#size) {
      this.#segments.pop();
    }
    this.#written = Math.min(this.#written, this.#segments.length * this.#segmentEntries);
  }

  /** A copy of entry `index`. */
  entry(index: number): Uint16Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) {
      throw new InputError(`gallery index ${index} is out of range`);
    }
    return this.#view(index).slice();
  }

  #view(index: number): Uint16Array {
    const segment = this.#segments[Math.floor(index / this.#segmentEntries)]!;
    const offset = this.#galleryBase + (index % this.#segmentEntries) * ENTRY_BYTES;
    return new Uint16Array(segment.kernel.memory.buffer, offset, TEMPLATE_VALUES);
  }

  /**
   * This party's shares of the dot products of a query with entries [0, `entries`) at every
   * rotation −`rotations`..`rotations`, segment by segment, in one entry-major layout.
   * @param party this party
   * @param queryShare this party's query share (query form, 19,200 values)
   * @param options.rotations how far to rotate each way (default 15)
   * @param options.entries how many entries to compare with (default all)
   */
  dotShares(party: Party, queryShare: Uint16Array, options: { rotations?: number; entries?: number } = {}): DotShares {
    checkShare(queryShare);
    const rotations = options.rotations ?? MAX_ROTATION;
    if (!Number.isInteger(rotations) || rotations < 0 || rotations > MAX_ROTATION) {
      throw new InputError(`rotations must be an integer from 0 to ${MAX_ROTATION}`);
    }
    if (options.entries !== undefined && (!Number.isInteger(options.entries) || options.entries < 0)) {
      throw new InputError("entries must be a non-negative integer");
    }
    const entries = Math.min(options.entries ?? this.#size, this.#size);
    const width = 2 * rotations + 1;
    const code = new Uint16Array(entries * width);
    const mask = new Uint16Array(entries * width);
    const padded = paddedQuery(prepareQuery(party, queryShare));
    const native = nativeDots();
    for (let s = 0; s * this.#segmentEntries < entries; s++) {
      const segment = this.#segments[s]!;
      const first = s * this.#segmentEntries;
      const count = Math.min(this.#segmentEntries, entries - first) * width;
      const buffer = segment.kernel.memory.buffer;
      if (native !== undefined) {
        // The native kernel reads the segment's entries in place and writes the output directly.
        const gallery = new Uint16Array(buffer, this.#galleryBase, (count / width) * TEMPLATE_VALUES);
        const at = first * width;
        native.dots(
          padded,
          gallery,
          count / width,
          rotations,
          code.subarray(at, at + count),
          mask.subarray(at, at + count),
        );
        continue;
      }
      new Uint16Array(buffer, 0, padded.length).set(padded);
      segment.kernel.exports.dots(0, this.#galleryBase, count / width, rotations, OUTPUT_BASE, SCRATCH);
      code.set(new Uint16Array(buffer, OUTPUT_BASE, count), first * width);
      mask.set(new Uint16Array(buffer, OUTPUT_BASE + 2 * count, count), first * width);
    }
    return { count: entries * width, code, mask };
  }
}

function checkShare(share: Uint16Array): void {
  if (!(share instanceof Uint16Array) || share.length !== TEMPLATE_VALUES) {
    throw new InputError(`a template share must be ${TEMPLATE_VALUES} 16-bit values`);
  }
}

/** Each block of 200 columns padded with PAD wrapped columns on each side. */
function paddedQuery(prepared: Uint16Array): Uint16Array {
  const out = new Uint16Array(QUERY_BYTES / 2);
  const columns = BLOCK_VALUES / 4;
  for (let block = 0; block < BLOCKS; block++) {
    const source = prepared.subarray(block * BLOCK_VALUES, (block + 1) * BLOCK_VALUES);
    const target = out.subarray(block * PADDED_VALUES, (block + 1) * PADDED_VALUES);
    target.set(source.subarray((columns - PAD) * 4), 0);
    target.set(source, PAD * 4);
    target.set(source.subarray(0, PAD * 4), (PAD + columns) * 4);
  }
  return out;
}
