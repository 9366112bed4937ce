import { InputError } from "@pop/core/errors";
import { IRIS_CODE_BITS, type IrisCode, irisBit, rotateIrisCode, setIrisBit } from "./irisCode.js";
import { bernoulli, cryptoRandom, type RandomSource } from "./randomSource.js";

/**
 * Synthetic iris codes for tests and benchmarks. Real codes of different eyes look like
 * independent fair coin flips (Daugman), so a random code stands in for a new person; a code
 * with a fraction of its bits flipped stands in for another capture of the same eye.
 */

/** Fraction of real/imaginary pairs a random mask drops (about what open-iris masks out). */
export const DEFAULT_MASKED_FRACTION = 0.1;

function checkRate(rate: number, name: string): number {
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new InputError(`${name} must be a number from 0 to 1`);
  }
  return rate;
}

/**
 * A random iris code: uniform code bits, and a mask that drops whole real/imaginary pairs
 * (bits 2k and 2k+1 together), as open-iris masks do.
 * @param random the random source (the platform's CSPRNG by default)
 * @param maskedFraction the probability that a pair is masked out
 */
export function randomIrisCode(
  random: RandomSource = cryptoRandom,
  maskedFraction: number = DEFAULT_MASKED_FRACTION,
): IrisCode {
  checkRate(maskedFraction, "maskedFraction");
  const code = random(IRIS_CODE_BITS / 8).slice();
  const mask = new Uint8Array(IRIS_CODE_BITS / 8).fill(0xff);
  const dropped = bernoulli(random, IRIS_CODE_BITS / 2, maskedFraction);
  for (let pair = 0; pair < IRIS_CODE_BITS / 2; pair++) {
    if (dropped[pair] === 1) {
      setIrisBit(mask, 2 * pair, 0);
      setIrisBit(mask, 2 * pair + 1, 0);
    }
  }
  return { code, mask };
}

/** What {@link similarIrisCode} needs. */
export type SimilarIrisOptions = {
  /** The code to start from. */
  of: IrisCode;
  /** The probability that each code bit flips (and each mask pair toggles). */
  flipRate: number;
  /** Columns to rotate the result by (a head tilt); 0 by default. */
  rotation?: number;
  /** The random source (the platform's CSPRNG by default). */
  random?: RandomSource;
};

/**
 * Another capture of the same eye: every code bit flips with probability `flipRate`, every
 * real/imaginary mask pair toggles with the same probability, and the whole code may be
 * rotated. Its distance to the original is about `flipRate` once rotation is searched.
 */
export function similarIrisCode(options: SimilarIrisOptions): IrisCode {
  const flipRate = checkRate(options.flipRate, "flipRate");
  const random = options.random ?? cryptoRandom;
  const code = options.of.code.slice();
  const mask = options.of.mask.slice();
  const flips = bernoulli(random, IRIS_CODE_BITS, flipRate);
  for (let i = 0; i < IRIS_CODE_BITS; i++) {
    if (flips[i] === 1) {
      setIrisBit(code, i, irisBit(code, i) ^ 1);
    }
  }
  const toggles = bernoulli(random, IRIS_CODE_BITS / 2, flipRate);
  for (let pair = 0; pair < IRIS_CODE_BITS / 2; pair++) {
    if (toggles[pair] === 1) {
      setIrisBit(mask, 2 * pair, irisBit(mask, 2 * pair) ^ 1);
      setIrisBit(mask, 2 * pair + 1, irisBit(mask, 2 * pair + 1) ^ 1);
    }
  }
  const similar = { code, mask };
  return options.rotation === undefined || options.rotation === 0 ? similar : rotateIrisCode(similar, options.rotation);
}
