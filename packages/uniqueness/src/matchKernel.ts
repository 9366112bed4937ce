import { matcherWasmBase64 } from "./generated/matcherWasm.js";
import { IRIS_BITS_PER_COLUMN, IRIS_COLUMNS, IRIS_ROW_BITS, IRIS_ROWS, type IrisCode, irisBit } from "./irisCode.js";
import { fractionValue, type RotatedDistance } from "./irisDistance.js";
import { bestOf, checkIrisCode, checkMatcherRotations, type IrisMatcher, type MatchResult } from "./matcher.js";
import { ensureMemory, instantiateKernel } from "./wasmKernel.js";

/** Bytes of one column in column form: the 16 rows × 4 bits of one angle. */
const COLUMN_BYTES = 8;
/** Columns the query is padded with on each side (the largest rotation). */
const PAD = 15;
/** Bytes of one gallery entry in column form: code columns, then mask columns. */
export const KERNEL_ENTRY_BYTES = IRIS_COLUMNS * COLUMN_BYTES * 2;
const QUERY_BYTES = (IRIS_COLUMNS + 2 * PAD) * COLUMN_BYTES * 2;
/** The gallery starts after the query, at a page boundary. */
const GALLERY_BASE = 65_536;

/** An iris code in the kernel's gallery form (3,200 bytes). */
export function toKernelEntry(iris: IrisCode): Uint8Array {
  const out = new Uint8Array(KERNEL_ENTRY_BYTES);
  for (let c = 0; c < IRIS_COLUMNS; c++) {
    const column = toColumn(iris, c);
    out.set(column.code, c * COLUMN_BYTES);
    out.set(column.mask, (IRIS_COLUMNS + c) * COLUMN_BYTES);
  }
  return out;
}

function writeQuery(iris: IrisCode, out: Uint8Array): void {
  out.fill(0, 0, QUERY_BYTES);
  const padded = IRIS_COLUMNS + 2 * PAD;
  const wrap = (c: number) => (((c - PAD) % IRIS_COLUMNS) + IRIS_COLUMNS) % IRIS_COLUMNS;
  const code = new Uint8Array(padded * COLUMN_BYTES);
  const mask = new Uint8Array(padded * COLUMN_BYTES);
  for (let c = 0; c < padded; c++) {
    const column = toColumn(iris, wrap(c));
    code.set(column.code, c * COLUMN_BYTES);
    mask.set(column.mask, c * COLUMN_BYTES);
  }
  out.set(code, 0);
  out.set(mask, padded * COLUMN_BYTES);
}

/**
 * One column of a code in column form: bit 4·row + k of its 8 bytes is bit 800·row + 4c + k
 * of the code. Rotating by r columns is then an offset of 8r bytes, which the kernel gets
 * for free.
 */
function toColumn(iris: IrisCode, column: number): { code: Uint8Array; mask: Uint8Array } {
  const code = new Uint8Array(COLUMN_BYTES);
  const mask = new Uint8Array(COLUMN_BYTES);
  for (let row = 0; row < IRIS_ROWS; row++) {
    for (let k = 0; k < IRIS_BITS_PER_COLUMN; k++) {
      const source = row * IRIS_ROW_BITS + column * IRIS_BITS_PER_COLUMN + k;
      const at = row * IRIS_BITS_PER_COLUMN + k;
      code[at >> 3] = (code[at >> 3] ?? 0) | (irisBit(iris.code, source) << (at & 7));
      mask[at >> 3] = (mask[at >> 3] ?? 0) | (irisBit(iris.mask, source) << (at & 7));
    }
  }
  return { code, mask };
}

type KernelExports = {
  search(query: number, gallery: number, count: number, rotations: number, out: number): void;
};

/**
 * The SIMD WebAssembly matcher (assembly/matcher.ts). The gallery lives in the kernel's own
 * memory in column form, so a search copies only the query.
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

  const distances = (query: IrisCode, rotations?: number): RotatedDistance[] => {
    checkIrisCode(query, "query");
    const bound = checkMatcherRotations(rotations);
    ensure(Math.max(size, 1));
    writeQuery(query, new Uint8Array(memory.buffer, 0, QUERY_BYTES));
    const out = GALLERY_BASE + reserved * KERNEL_ENTRY_BYTES;
    kernel.search(0, GALLERY_BASE, size, bound, out);
    const fractions = new Uint32Array(memory.buffer, out, size);
    const shifts = new Uint8Array(memory.buffer, out + 4 * size, size);
    return Array.from(fractions, (packed, i) => {
      const fraction = { mismatches: packed & 0xffff, common: packed >>> 16 };
      return { ...fraction, rotation: (shifts[i] ?? 128) - 128, distance: fractionValue(fraction) };
    });
  };

  return {
    add(iris: IrisCode): number {
      checkIrisCode(iris, "iris");
      ensure(size + 1);
      new Uint8Array(memory.buffer, GALLERY_BASE + size * KERNEL_ENTRY_BYTES, KERNEL_ENTRY_BYTES).set(
        toKernelEntry(iris),
      );
      return size++;
    },
    get size() {
      return size;
    },
    distances,
    best(query: IrisCode, rotations?: number): MatchResult | undefined {
      return bestOf(distances(query, rotations));
    },
  };
}
