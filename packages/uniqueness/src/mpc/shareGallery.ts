import { InputError } from "@pop/core/errors";
import { dotsWasmBase64 } from "../generated/dotsWasm.js";
import { MAX_ROTATION } from "../irisCode.js";
import { ensureMemory, instantiateKernel } from "../wasmKernel.js";
import { type Party, prepareQuery, TEMPLATE_VALUES } from "./templateShares.js";

/** Values per block of the share layout: 200 columns × 4 rows. */
const BLOCK_VALUES = 800;
const BLOCKS = TEMPLATE_VALUES / BLOCK_VALUES;
/** Columns the prepared query is padded with on each side (15 rotations + 3 for blocks of 4). */
const PAD = 18;
const PADDED_VALUES = BLOCK_VALUES + 2 * PAD * 4;
const QUERY_BYTES = BLOCKS * PADDED_VALUES * 2;
const ENTRY_BYTES = TEMPLATE_VALUES * 2;
/** The query and scratch space sit below the gallery. */
const GALLERY_BASE = 2 * 65_536;
const SCRATCH = QUERY_BYTES;

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

/**
 * One party's gallery of template shares, held in the dot-product kernel's memory
 * (assembly/dots.ts), in insertion order. Entries are 38,400 bytes.
 */
export class ShareGallery {
  readonly #kernel = instantiateKernel<DotsExports>(dotsWasmBase64);
  #size = 0;
  #reserved = 0;

  /** Entries in the gallery. */
  get size(): number {
    return this.#size;
  }

  #ensure(entries: number, comparisons: number): void {
    if (entries > this.#reserved) {
      this.#reserved = Math.max(entries, 2 * this.#reserved, 256);
    }
    ensureMemory(this.#kernel.memory, GALLERY_BASE + this.#reserved * ENTRY_BYTES + comparisons * 4);
  }

  /** Appends a gallery share (19,200 values) and returns its index. */
  add(share: Uint16Array): number {
    checkShare(share);
    this.#ensure(this.#size + 1, 0);
    this.#view(this.#size).set(share);
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
      this.#ensure(index + 1, 0);
      for (let i = this.#size; i < index; i++) {
        this.#view(i).fill(0);
      }
      this.#size = index + 1;
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
  }

  /** A copy of entry `index`. */
  entry(index: number): Uint16Array {
    return this.#view(index).slice();
  }

  #view(index: number): Uint16Array {
    return new Uint16Array(this.#kernel.memory.buffer, GALLERY_BASE + index * ENTRY_BYTES, TEMPLATE_VALUES);
  }

  /**
   * This party's shares of the dot products of a query with entries [0, `entries`) at every
   * rotation −`rotations`..`rotations`.
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
    const entries = Math.min(options.entries ?? this.#size, this.#size);
    const count = entries * (2 * rotations + 1);
    this.#ensure(this.#size, count);
    writePaddedQuery(prepareQuery(party, queryShare), new Uint16Array(this.#kernel.memory.buffer, 0, QUERY_BYTES / 2));
    const out = GALLERY_BASE + this.#reserved * ENTRY_BYTES;
    this.#kernel.exports.dots(0, GALLERY_BASE, entries, rotations, out, SCRATCH);
    const buffer = this.#kernel.memory.buffer;
    return {
      count,
      code: new Uint16Array(buffer, out, count).slice(),
      mask: new Uint16Array(buffer, out + 2 * count, count).slice(),
    };
  }
}

function checkShare(share: Uint16Array): void {
  if (!(share instanceof Uint16Array) || share.length !== TEMPLATE_VALUES) {
    throw new InputError(`a template share must be ${TEMPLATE_VALUES} 16-bit values`);
  }
}

/** Each block of 200 columns padded with PAD wrapped columns on each side. */
function writePaddedQuery(prepared: Uint16Array, out: Uint16Array): void {
  const columns = BLOCK_VALUES / 4;
  for (let block = 0; block < BLOCKS; block++) {
    const source = prepared.subarray(block * BLOCK_VALUES, (block + 1) * BLOCK_VALUES);
    const target = out.subarray(block * PADDED_VALUES, (block + 1) * PADDED_VALUES);
    target.set(source.subarray((columns - PAD) * 4), 0);
    target.set(source, PAD * 4);
    target.set(source.subarray(0, PAD * 4), (PAD + columns) * 4);
  }
}
