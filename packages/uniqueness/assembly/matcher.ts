// The plaintext iris matcher kernel, compiled by AssemblyScript to WebAssembly with SIMD.
// Memory layout, prepared by src/matchKernel.ts:
// - a code in "column form" is 200 columns of 8 bytes (the 16 rows × 4 bits of one column),
//   so rotating a code by r columns is an offset of 8r bytes;
// - a gallery entry is its code's 200 columns followed by its mask's 200 columns (3,200 bytes);
// - the query is padded to 230 columns (15 wrapped columns each side), code then mask, so
//   the query rotated by r starts at column 15 − r of the padded rows.

const COLUMNS: i32 = 200;
const PADDED: i32 = 230;
const PAD: i32 = 15;
const ENTRY_BYTES: i32 = COLUMNS * 8 * 2;
const VECTORS: i32 = COLUMNS / 2;
// Byte counters take at most 8 per vector: flush them to 16-bit lanes every 25 vectors.
const BLOCK: i32 = 25;

@inline
function horizontalSum(sum: v128): u32 {
  const wide = i32x4.extadd_pairwise_i16x8_u(sum);
  return (
    (i32x4.extract_lane(wide, 0) as u32) +
    (i32x4.extract_lane(wide, 1) as u32) +
    (i32x4.extract_lane(wide, 2) as u32) +
    (i32x4.extract_lane(wide, 3) as u32)
  );
}

/**
 * One masked Hamming comparison: the query at column offset `offset` against one entry.
 * Returns mismatches in the low 16 bits and common mask bits in the high 16 bits.
 */
@inline
function compare(queryCode: usize, queryMask: usize, entry: usize): u32 {
  let sumMismatches = i16x8.splat(0);
  let sumCommon = i16x8.splat(0);
  for (let block: i32 = 0; block < VECTORS; block += BLOCK) {
    let mismatches = i8x16.splat(0);
    let common = i8x16.splat(0);
    for (let v: i32 = block; v < block + BLOCK; v++) {
      const at = (v as usize) << 4;
      const mask = v128.and(v128.load(queryMask + at), v128.load(entry + (COLUMNS as usize) * 8 + at));
      const differ = v128.and(v128.xor(v128.load(queryCode + at), v128.load(entry + at)), mask);
      mismatches = i8x16.add(mismatches, i8x16.popcnt(differ));
      common = i8x16.add(common, i8x16.popcnt(mask));
    }
    sumMismatches = i16x8.add(sumMismatches, i16x8.extadd_pairwise_i8x16_u(mismatches));
    sumCommon = i16x8.add(sumCommon, i16x8.extadd_pairwise_i8x16_u(common));
  }
  return horizontalSum(sumMismatches) | (horizontalSum(sumCommon) << 16);
}

/**
 * 1:N search over rotations −`rotations`..`rotations`. For entry i, writes to `out` + 4i the
 * best fraction (mismatches | common << 16) and to `out` + 4·count + i the best rotation + 128.
 * A fraction with no common bit counts as distance 1; ties keep the rotation met first.
 */
export function search(query: usize, gallery: usize, count: i32, rotations: i32, out: usize): void {
  const queryMaskBase = query + (PADDED as usize) * 8;
  for (let i: i32 = 0; i < count; i++) {
    const entry = gallery + (i as usize) * (ENTRY_BYTES as usize);
    let bestMismatches: u32 = 1;
    let bestCommon: u32 = 0;
    let bestRotation: i32 = -rotations;
    let first = true;
    for (let rotation: i32 = -rotations; rotation <= rotations; rotation++) {
      const offset = ((PAD - rotation) as usize) * 8;
      const result = compare(query + offset, queryMaskBase + offset, entry);
      const mismatches = result & 0xffff;
      const common = result >> 16;
      let closer = false;
      if (first) {
        closer = true;
      } else if (common != 0) {
        closer = bestCommon == 0 ? mismatches < common : mismatches * bestCommon < bestMismatches * common;
      }
      if (closer) {
        bestMismatches = mismatches;
        bestCommon = common;
        bestRotation = rotation;
        first = false;
      }
    }
    store<u32>(out + ((i as usize) << 2), bestMismatches | (bestCommon << 16));
    store<u8>(out + ((count as usize) << 2) + (i as usize), (bestRotation + 128) as u8);
  }
}
