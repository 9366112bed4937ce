import { InputError } from "@pop/core/errors";
import { IRIS_CODE_BYTES, type IrisCode, MAX_ROTATION } from "./irisCode.js";
import { checkRotations, isCloser, type RotatedDistance } from "./irisDistance.js";

/** The best match of a 1:N search: the gallery index and its distance. */
export type MatchResult = RotatedDistance & { readonly index: number };

/**
 * A plaintext 1:N iris matcher: the fast path for anyone who runs one trusted node, and the
 * oracle the MPC engine is tested against. Two implementations: plain TypeScript
 * (matchPlain.ts) and a SIMD WebAssembly kernel (matchKernel.ts); both return exactly what
 * `minDistance` returns for each entry.
 */
export interface IrisMatcher {
  /** Adds a code to the gallery and returns its index. */
  add(iris: IrisCode): number;
  /** Entries in the gallery. */
  readonly size: number;
  /** For every entry, `minDistance(query, entry, rotations)`. */
  distances(query: IrisCode, rotations?: number): RotatedDistance[];
  /** The closest entry (lowest index on a tie), or undefined for an empty gallery. */
  best(query: IrisCode, rotations?: number): MatchResult | undefined;
}

/** Checks an iris code's shape at a matcher's boundary. */
export function checkIrisCode(iris: IrisCode, name: string): IrisCode {
  if (!(iris.code instanceof Uint8Array) || iris.code.length !== IRIS_CODE_BYTES) {
    throw new InputError(`${name}.code must be ${IRIS_CODE_BYTES} bytes`);
  }
  if (!(iris.mask instanceof Uint8Array) || iris.mask.length !== IRIS_CODE_BYTES) {
    throw new InputError(`${name}.mask must be ${IRIS_CODE_BYTES} bytes`);
  }
  return iris;
}

/** Checks a matcher's rotation bound: 0..15 (the kernels pad the query by 15 columns). */
export function checkMatcherRotations(rotations: number | undefined): number {
  const value = checkRotations(rotations ?? MAX_ROTATION);
  if (value > MAX_ROTATION) {
    throw new InputError(`rotations must be an integer from 0 to ${MAX_ROTATION}`);
  }
  return value;
}

/** The closest of per-entry distances, lowest index first on a tie. */
export function bestOf(distances: readonly RotatedDistance[]): MatchResult | undefined {
  let best: MatchResult | undefined;
  distances.forEach((distance, index) => {
    if (best === undefined || isCloser(distance, best)) {
      best = { ...distance, index };
    }
  });
  return best;
}
