// The plaintext iris matcher kernel, compiled by AssemblyScript to WebAssembly with SIMD.
// Memory layout ("planar form"), prepared by src/matchKernel.ts:
// - a code's column (16 rows × 2 wavelets × real/imaginary) becomes three 32-bit words:
//   its 32 real bits, its 32 imaginary bits and its 32 mask bits (one per real/imaginary
//   pair: the mask of a pair is one bit, so masks cost half as much as codes);
// - a gallery entry is 200 real words, 200 imaginary words, 200 mask words (2,400 bytes);
// - the query is padded to 232 columns (16 wrapped columns each side) in each of the three
//   planes, so the query rotated by r starts at column 16 − r.
// One 128-bit vector covers four columns of a plane. Two rotations are compared per pass, so
// each gallery vector is loaded once for both.

const COLUMNS: i32 = 200;
const PADDED: i32 = 232;
const PAD: i32 = 16;
const PLANE: usize = (COLUMNS as usize) * 4;
const QUERY_PLANE: usize = (PADDED as usize) * 4;
const ENTRY_BYTES: usize = PLANE * 3;
const VECTORS: i32 = COLUMNS / 4;
// Byte counters gain at most 16 per vector (two code planes): flush every 10 vectors.
const BLOCK: i32 = 10;

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

// Mismatch and common-bit counts of rotations r and r + 1 of one entry, from the last pass.
let mismatchesA: u32 = 0;
let commonA: u32 = 0;
let mismatchesB: u32 = 0;
let commonB: u32 = 0;

/**
 * Compares the entry with the query rotated by r (whose columns start at `column` + 1) and by
 * r + 1 (starting at `column`). Common bits count every pair twice, as the codes have two
 * bits per mask bit.
 */
@inline
function comparePair(query: usize, column: usize, entry: usize): void {
  const real = query + column * 4;
  const imaginary = real + QUERY_PLANE;
  const mask = imaginary + QUERY_PLANE;
  let sumMismatchesA = i16x8.splat(0);
  let sumCommonA = i16x8.splat(0);
  let sumMismatchesB = i16x8.splat(0);
  let sumCommonB = i16x8.splat(0);
  for (let block: i32 = 0; block < VECTORS; block += BLOCK) {
    let differA = i8x16.splat(0);
    let bothA = i8x16.splat(0);
    let differB = i8x16.splat(0);
    let bothB = i8x16.splat(0);
    for (let v: i32 = block; v < block + BLOCK; v++) {
      const at = (v as usize) << 4;
      const entryReal = v128.load(entry + at);
      const entryImaginary = v128.load(entry + PLANE + at);
      const entryMask = v128.load(entry + 2 * PLANE + at);
      let common = v128.and(v128.load(mask + at + 4), entryMask);
      differA = i8x16.add(
        differA,
        i8x16.add(
          i8x16.popcnt(v128.and(v128.xor(v128.load(real + at + 4), entryReal), common)),
          i8x16.popcnt(v128.and(v128.xor(v128.load(imaginary + at + 4), entryImaginary), common)),
        ),
      );
      bothA = i8x16.add(bothA, i8x16.popcnt(common));
      common = v128.and(v128.load(mask + at), entryMask);
      differB = i8x16.add(
        differB,
        i8x16.add(
          i8x16.popcnt(v128.and(v128.xor(v128.load(real + at), entryReal), common)),
          i8x16.popcnt(v128.and(v128.xor(v128.load(imaginary + at), entryImaginary), common)),
        ),
      );
      bothB = i8x16.add(bothB, i8x16.popcnt(common));
    }
    sumMismatchesA = i16x8.add(sumMismatchesA, i16x8.extadd_pairwise_i8x16_u(differA));
    sumCommonA = i16x8.add(sumCommonA, i16x8.extadd_pairwise_i8x16_u(bothA));
    sumMismatchesB = i16x8.add(sumMismatchesB, i16x8.extadd_pairwise_i8x16_u(differB));
    sumCommonB = i16x8.add(sumCommonB, i16x8.extadd_pairwise_i8x16_u(bothB));
  }
  mismatchesA = horizontalSum(sumMismatchesA);
  commonA = horizontalSum(sumCommonA) << 1;
  mismatchesB = horizontalSum(sumMismatchesB);
  commonB = horizontalSum(sumCommonB) << 1;
}

// The best rotation of the current entry so far.
let bestMismatches: u32 = 0;
let bestCommon: u32 = 0;
let bestRotation: i32 = 0;

/** Keeps (mismatches, common) at `rotation` if it is closer than the best so far. */
@inline
function consider(mismatches: u32, common: u32, rotation: i32, first: bool): void {
  let closer = first;
  if (!first && common != 0) {
    closer = bestCommon == 0 ? mismatches < common : mismatches * bestCommon < bestMismatches * common;
  }
  if (closer) {
    bestMismatches = mismatches;
    bestCommon = common;
    bestRotation = rotation;
  }
}

/**
 * 1:N search over rotations −`rotations`..`rotations` (at most 15). For entry i, writes to
 * `out` + 4i the best fraction (mismatches | common << 16) and to `out` + 4·count + i the best
 * rotation + 128. A fraction with no common bit counts as distance 1; ties keep the rotation
 * met first.
 */
export function search(query: usize, gallery: usize, count: i32, rotations: i32, out: usize): void {
  for (let i: i32 = 0; i < count; i++) {
    const entry = gallery + (i as usize) * ENTRY_BYTES;
    for (let rotation: i32 = -rotations; rotation <= rotations; rotation += 2) {
      comparePair(query, (PAD - rotation - 1) as usize, entry);
      consider(mismatchesA, commonA, rotation, rotation == -rotations);
      if (rotation < rotations) {
        consider(mismatchesB, commonB, rotation + 1, false);
      }
    }
    store<u32>(out + ((i as usize) << 2), bestMismatches | (bestCommon << 16));
    store<u8>(out + ((count as usize) << 2) + (i as usize), (bestRotation + 128) as u8);
  }
}
