// The MPC dot-product kernel, compiled by AssemblyScript to WebAssembly with SIMD.
// Each party computes, for every gallery entry and rotation, its additive share (in Z_2^16,
// i.e. 16-bit wrap-around) of the code and mask dot products of the query and the entry:
// Σ prepared_query[k] · gallery_share[k] over 12,800 code values and 6,400 mask values.
// Layout, prepared by src/mpc/dotKernel.ts:
// - a gallery share is 24 blocks of 800 u16 (16 code blocks, then 8 mask blocks); each block
//   is 200 columns × 4 values, so a rotation by r columns is an offset of 4r values;
// - the prepared query has the same 24 blocks, each padded to 236 columns (18 wrapped columns
//   on each side), so the query rotated by r starts at column 18 − r of its padded block.

const BLOCK_VALUES: i32 = 800;
const PADDED_VALUES: i32 = 944;
const PAD: i32 = 18;
const CODE_BLOCKS: i32 = 16;
const BLOCKS: i32 = 24;
const ENTRY_BYTES: usize = (BLOCKS * BLOCK_VALUES * 2) as usize;
const VECTORS: i32 = BLOCK_VALUES / 8;

@inline
function horizontalSum(sum: v128): u32 {
  const wide = i32x4.extadd_pairwise_i16x8_u(sum);
  return (
    ((i32x4.extract_lane(wide, 0) as u32) +
      (i32x4.extract_lane(wide, 1) as u32) +
      (i32x4.extract_lane(wide, 2) as u32) +
      (i32x4.extract_lane(wide, 3) as u32)) &
    0xffff
  );
}

/**
 * Four rotations at once (r, r+1, r+2, r+3) over blocks [from, to): each gallery vector is
 * loaded once and multiplied with four query vectors. Writes the four sums to `sums`.
 */
@inline
function fourRotations(query: usize, entry: usize, rotation: i32, from: i32, to: i32, sums: usize): void {
  let a0 = i16x8.splat(0);
  let a1 = i16x8.splat(0);
  let a2 = i16x8.splat(0);
  let a3 = i16x8.splat(0);
  for (let block: i32 = from; block < to; block++) {
    const g = entry + ((block * BLOCK_VALUES * 2) as usize);
    // Rotation r + k reads the padded block from column PAD − r − k.
    const q = query + ((block * PADDED_VALUES * 2 + (PAD - rotation - 3) * 8) as usize);
    for (let v: i32 = 0; v < VECTORS; v++) {
      const at = (v as usize) << 4;
      const x = v128.load(g + at);
      a3 = i16x8.add(a3, i16x8.mul(v128.load(q + at), x));
      a2 = i16x8.add(a2, i16x8.mul(v128.load(q + at + 8), x));
      a1 = i16x8.add(a1, i16x8.mul(v128.load(q + at + 16), x));
      a0 = i16x8.add(a0, i16x8.mul(v128.load(q + at + 24), x));
    }
  }
  store<u16>(sums, horizontalSum(a0) as u16);
  store<u16>(sums, horizontalSum(a1) as u16, 2);
  store<u16>(sums, horizontalSum(a2) as u16, 4);
  store<u16>(sums, horizontalSum(a3) as u16, 6);
}

/**
 * Dot-product shares of the query at rotations −`rotations`..`rotations` against `count`
 * gallery entries. For entry i and rotation r, index n = i·(2·rotations + 1) + r + rotations:
 * the code share goes to `out` + 2n and the mask share to `out` + 2·(count·width + n).
 * `scratch` is 8 bytes of working memory.
 */
export function dots(query: usize, gallery: usize, count: i32, rotations: i32, out: usize, scratch: usize): void {
  const width = 2 * rotations + 1;
  const maskOut = out + ((count * width * 2) as usize);
  for (let i: i32 = 0; i < count; i++) {
    const entry = gallery + (i as usize) * ENTRY_BYTES;
    for (let rotation: i32 = -rotations; rotation <= rotations; rotation += 4) {
      const n = i * width + rotation + rotations;
      const kept = min(4, rotations - rotation + 1);
      fourRotations(query, entry, rotation, 0, CODE_BLOCKS, scratch);
      for (let k: i32 = 0; k < kept; k++) {
        store<u16>(out + (((n + k) * 2) as usize), load<u16>(scratch + ((k * 2) as usize)));
      }
      fourRotations(query, entry, rotation, CODE_BLOCKS, BLOCKS, scratch);
      for (let k: i32 = 0; k < kept; k++) {
        store<u16>(maskOut + (((n + k) * 2) as usize), load<u16>(scratch + ((k * 2) as usize)));
      }
    }
  }
}
