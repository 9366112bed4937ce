import { nativeBooleans } from "./nativeDots.js";

/**
 * Values to bit planes, for the boolean circuits on shares (docs/uniqueness.md#three-party-mpc):
 * plane b holds bit b of every value, 32 values to a word.
 */

/** Masks of the low half of each 2j-bit group, for the block transpose. */
const HALF_MASKS = [
  [8, 0x00ff00ff],
  [4, 0x0f0f0f0f],
  [2, 0x33333333],
  [1, 0x55555555],
] as const;

/**
 * Bits 0..width−1 of every value as bit planes, packed 32 values to a word (value i at bit
 * i mod 32 of word i / 32 of plane b). Each 32 values are a 32 × 16 bit matrix, transposed
 * by swapping off-diagonal blocks of 16, 8, 4, 2 and 1 bits (about 8 operations per value
 * instead of one per bit).
 */
export function bitPlanes(values: Uint16Array, width: number): Uint32Array[] {
  const words = Math.ceil(values.length / 32);
  const all = new Uint32Array(width * words);
  const planes = Array.from({ length: width }, (_, bit) => all.subarray(bit * words, (bit + 1) * words));
  const native = nativeBooleans();
  if (native !== undefined) {
    native.bitPlanes(values, width, all);
    return planes;
  }
  const rows = new Int32Array(16);
  for (let w = 0; w < words; w++) {
    const base = w * 32;
    if (base + 32 <= values.length) {
      for (let k = 0; k < 16; k++) {
        rows[k] = values[base + k]! | (values[base + k + 16]! << 16);
      }
    } else {
      for (let k = 0; k < 16; k++) {
        rows[k] = (values[base + k] ?? 0) | ((values[base + k + 16] ?? 0) << 16);
      }
    }
    // Now row k holds values k and k + 16; swap j-bit blocks between rows k and k + j.
    for (const [j, mask] of HALF_MASKS) {
      for (let k = 0; k < 16; k++) {
        if ((k & j) === 0) {
          const t = ((rows[k]! >>> j) ^ rows[k + j]!) & mask;
          rows[k + j] = rows[k + j]! ^ t;
          rows[k] = rows[k]! ^ (t << j);
        }
      }
    }
    for (let bit = 0; bit < width; bit++) {
      planes[bit]![w] = rows[bit]!;
    }
  }
  return planes;
}
