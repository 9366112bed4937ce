import { InputError } from "@pop/core/errors";
import { matcherWasmBase64 } from "./generated/matcherWasm.js";
import {
  hasPairedMask,
  IRIS_BITS_PER_COLUMN,
  IRIS_COLUMNS,
  IRIS_ROW_BITS,
  IRIS_ROWS,
  type IrisCode,
} from "./irisCode.js";
import { fractionValue, isCloser, type RotatedDistance } from "./irisDistance.js";
import { checkIrisCode, checkMatcherRotations, type IrisMatcher, type MatchResult } from "./matcher.js";
import { ensureMemory, instantiateKernel } from "./wasmKernel.js";

/** Columns the query is padded with on each side (the largest rotation, plus one for the pass over two rotations). */
const PAD = 16;
const PADDED = IRIS_COLUMNS + 2 * PAD;
/** Bytes of one gallery entry in planar form: real, imaginary and mask words, one each per column. */
export const KERNEL_ENTRY_BYTES = IRIS_COLUMNS * 4 * 3;
const QUERY_BYTES = PADDED * 4 * 3;
/** The gallery starts after the query, at a page boundary. */
const GALLERY_BASE = 65_536;

/**
 * A code in planar form: for each column, a word of its 32 real bits, one of its 32 imaginary
 * bits and one of its 32 pair-mask bits (bit 2·row + wavelet of each). `columnAt(c)` names the
 * code column that goes to planar column c (the query is padded with wrapped columns).
 */
function writePlanar(iris: IrisCode, out: Uint32Array, columns: number, columnAt: (c: number) => number): void {
  out.fill(0, 0, 3 * columns);
  for (let c = 0; c < columns; c++) {
    const source = columnAt(c);
    // Column `source` is one nibble per row: bits (3, 2, 1, 0) of it are real and imaginary of
    // wavelet 0, then of wavelet 1 (open-iris order, most significant bit first).
    const shift = source & 1 ? 0 : 4;
    let real = 0;
    let imaginary = 0;
    let mask = 0;
    for (let row = 0; row < IRIS_ROWS; row++) {
      const at = (row * IRIS_ROW_BITS + source * IRIS_BITS_PER_COLUMN) >> 3;
      const code = ((iris.code[at] ?? 0) >> shift) & 15;
      const valid = ((iris.mask[at] ?? 0) >> shift) & 15;
      real |= (((code >> 3) & 1) | (((code >> 1) & 1) << 1)) << (2 * row);
      imaginary |= (((code >> 2) & 1) | ((code & 1) << 1)) << (2 * row);
      mask |= (((valid >> 3) & 1) | (((valid >> 1) & 1) << 1)) << (2 * row);
    }
    out[c] = real;
    out[columns + c] = imaginary;
    out[2 * columns + c] = mask;
  }
}

/** Checks that a code's mask is paired, as the kernel keeps one mask bit per pair. */
function checkPairedMask(iris: IrisCode, name: string): IrisCode {
  checkIrisCode(iris, name);
  if (!hasPairedMask(iris)) {
    throw new InputError(
      `${name}.mask must mask real and imaginary bits in pairs (as open-iris does); use the plain matcher otherwise`,
    );
  }
  return iris;
}

/** An iris code in the kernel's gallery form (2,400 bytes). */
export function toKernelEntry(iris: IrisCode): Uint8Array {
  const words = new Uint32Array(IRIS_COLUMNS * 3);
  writePlanar(iris, words, IRIS_COLUMNS, (c) => c);
  return new Uint8Array(words.buffer);
}

function writeQuery(iris: IrisCode, out: Uint32Array): void {
  writePlanar(iris, out, PADDED, (c) => (c - PAD + IRIS_COLUMNS) % IRIS_COLUMNS);
}

type KernelExports = {
  search(query: number, gallery: number, count: number, rotations: number, out: number): void;
};

/**
 * The SIMD WebAssembly matcher (assembly/matcher.ts). The gallery lives in the kernel's own
 * memory in planar form, so a search copies only the query.
 * @param capacity entries to reserve room for (the gallery grows past it as needed)
 */
export function createKernelMatcher(capacity = 1024): IrisMatcher {
  const { exports: kernel, memory } = instantiateKernel<KernelExports>(matcherWasmBase64);
  let size = 0;
  let reserved = 0;

  const ensure = (entries: number) => {
    if (entries <= reserved) {
      return;
    }
    reserved = Math.max(entries, 2 * reserved, capacity);
    // Room for the gallery and, after it, the output: 4 bytes of fraction and 1 of rotation per entry.
    ensureMemory(memory, GALLERY_BASE + reserved * (KERNEL_ENTRY_BYTES + 5));
  };

  /** Runs the kernel: per entry, the best fraction (mismatches | common << 16) and rotation + 128. */
  const search = (query: IrisCode, rotations: number | undefined) => {
    checkPairedMask(query, "query");
    const bound = checkMatcherRotations(rotations);
    ensure(Math.max(size, 1));
    writeQuery(query, new Uint32Array(memory.buffer, 0, QUERY_BYTES / 4));
    const out = GALLERY_BASE + reserved * KERNEL_ENTRY_BYTES;
    kernel.search(0, GALLERY_BASE, size, bound, out);
    return {
      fractions: new Uint32Array(memory.buffer, out, size),
      shifts: new Uint8Array(memory.buffer, out + 4 * size, size),
    };
  };

  const result = (packed: number, shift: number) => {
    const fraction = { mismatches: packed & 0xffff, common: packed >>> 16 };
    return { ...fraction, rotation: shift - 128, distance: fractionValue(fraction) };
  };

  return {
    add(iris: IrisCode): number {
      checkPairedMask(iris, "iris");
      ensure(size + 1);
      new Uint8Array(memory.buffer, GALLERY_BASE + size * KERNEL_ENTRY_BYTES, KERNEL_ENTRY_BYTES).set(
        toKernelEntry(iris),
      );
      return size++;
    },
    get size() {
      return size;
    },
    distances(query: IrisCode, rotations?: number): RotatedDistance[] {
      const { fractions, shifts } = search(query, rotations);
      return Array.from(fractions, (packed, i) => result(packed, shifts[i] ?? 128));
    },
    best(query: IrisCode, rotations?: number): MatchResult | undefined {
      // Scans the packed fractions and builds the full result (rotation, distance) only for the
      // best entry, not for every entry of what may be a large gallery.
      const { fractions, shifts } = search(query, rotations);
      let index = -1;
      let best = { mismatches: 0, common: 0 };
      for (let i = 0; i < fractions.length; i++) {
        const packed = fractions[i] ?? 0;
        const fraction = { mismatches: packed & 0xffff, common: packed >>> 16 };
        if (index < 0 || isCloser(fraction, best)) {
          index = i;
          best = fraction;
        }
      }
      return index < 0 ? undefined : { ...result(fractions[index] ?? 0, shifts[index] ?? 128), index };
    },
  };
}
