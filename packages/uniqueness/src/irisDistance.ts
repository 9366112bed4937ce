import { InputError } from "@pop/core/errors";
import { IRIS_COLUMNS, type IrisCode, MAX_ROTATION, rotateIrisCode } from "./irisCode.js";

/**
 * A masked fractional Hamming distance kept as a fraction, so that comparisons are exact:
 * `mismatches` bits differ among the `common` bits both masks keep.
 */
export type DistanceFraction = {
  readonly mismatches: number;
  readonly common: number;
};

/** The best rotation of one comparison and its distance. */
export type RotatedDistance = DistanceFraction & {
  /** The rotation applied to the first code (columns, right when positive). */
  readonly rotation: number;
  /** mismatches / common, or 1 when the masks share no bit. */
  readonly distance: number;
};

/**
 * The match threshold 0.345 as a fraction (docs/uniqueness.md#iris-codes): two codes match when
 * mismatches / common < 69 / 200. World ID uses the same value.
 */
export const MATCH_THRESHOLD = { numerator: 69, denominator: 200 } as const;

/** mismatches / common as a number; 1 (as far apart as codes go) when no bit is common. */
export function fractionValue(fraction: DistanceFraction): number {
  return fraction.common === 0 ? 1 : fraction.mismatches / fraction.common;
}

/** Whether a distance is below the match threshold (a fraction with no common bit never is). */
export function isMatch(fraction: DistanceFraction): boolean {
  return MATCH_THRESHOLD.denominator * fraction.mismatches < MATCH_THRESHOLD.numerator * fraction.common;
}

/**
 * Whether fraction `a` is strictly closer than `b`, compared exactly by cross-multiplying.
 * A fraction with no common bit counts as distance 1.
 */
export function isCloser(a: DistanceFraction, b: DistanceFraction): boolean {
  if (a.common === 0) {
    return false;
  }
  if (b.common === 0) {
    return a.mismatches < a.common;
  }
  return a.mismatches * b.common < b.mismatches * a.common;
}

let popcountTable: Uint8Array | undefined;

function popcount8(): Uint8Array {
  if (popcountTable === undefined) {
    popcountTable = new Uint8Array(256);
    for (let i = 1; i < 256; i++) {
      popcountTable[i] = (i & 1) + (popcountTable[i >> 1] ?? 0);
    }
  }
  return popcountTable;
}

/**
 * The masked fractional Hamming distance of two codes at one alignment:
 * mismatches = |(a.code ⊕ b.code) ∧ a.mask ∧ b.mask|, common = |a.mask ∧ b.mask|.
 * A plain byte loop: this is the reference the faster matchers are tested against.
 */
export function distanceFraction(a: IrisCode, b: IrisCode): DistanceFraction {
  const table = popcount8();
  let mismatches = 0;
  let common = 0;
  for (let i = 0; i < a.code.length; i++) {
    const mask = (a.mask[i] ?? 0) & (b.mask[i] ?? 0);
    common += table[mask] ?? 0;
    mismatches += table[((a.code[i] ?? 0) ^ (b.code[i] ?? 0)) & mask] ?? 0;
  }
  return { mismatches, common };
}

/** Checks a rotation bound: an integer from 0 to 99 (half the columns). */
export function checkRotations(rotations: number): number {
  if (!Number.isInteger(rotations) || rotations < 0 || rotations >= IRIS_COLUMNS / 2) {
    throw new InputError(`rotations must be an integer from 0 to ${IRIS_COLUMNS / 2 - 1}`);
  }
  return rotations;
}

/**
 * The minimum distance between `a` rotated by −`rotations`..`rotations` columns and `b`
 * (World's and open-iris's matching). Ties keep the rotation met first, from −`rotations` up.
 * @param a the first code (rotated)
 * @param b the second code
 * @param rotations how far to rotate each way (default 15; 0 gives the plain distance)
 */
export function minDistance(a: IrisCode, b: IrisCode, rotations: number = MAX_ROTATION): RotatedDistance {
  checkRotations(rotations);
  let best: DistanceFraction | undefined;
  let bestRotation = 0;
  for (let rotation = 0 - rotations; rotation <= rotations; rotation++) {
    const fraction = distanceFraction(rotation === 0 ? a : rotateIrisCode(a, rotation), b);
    if (best === undefined || isCloser(fraction, best)) {
      best = fraction;
      bestRotation = rotation;
    }
  }
  const chosen = best as DistanceFraction;
  return { ...chosen, rotation: bestRotation, distance: fractionValue(chosen) };
}
