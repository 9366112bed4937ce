import { IRIS_CODE_BYTES, type IrisCode, rotateIrisCode } from "./irisCode.js";
import { fractionValue, isCloser, type RotatedDistance } from "./irisDistance.js";
import { bestOf, checkIrisCode, checkMatcherRotations, type IrisMatcher, type MatchResult } from "./matcher.js";

const WORDS = IRIS_CODE_BYTES / 4;

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function words(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(bytes.slice().buffer);
}

/**
 * The plain TypeScript matcher: the query is rotated 31 times up front, then each rotation
 * is compared with each entry 32 bits at a time. The baseline the kernel is measured against.
 */
export function createPlainMatcher(): IrisMatcher {
  const codes: Uint32Array[] = [];
  const masks: Uint32Array[] = [];

  const distances = (query: IrisCode, rotations?: number): RotatedDistance[] => {
    checkIrisCode(query, "query");
    const bound = checkMatcherRotations(rotations);
    const rotated: { rotation: number; code: Uint32Array; mask: Uint32Array }[] = [];
    for (let rotation = 0 - bound; rotation <= bound; rotation++) {
      const turned = rotateIrisCode(query, rotation);
      rotated.push({ rotation, code: words(turned.code), mask: words(turned.mask) });
    }
    return codes.map((code, entry) => {
      const mask = masks[entry]!;
      let best: RotatedDistance | undefined;
      for (const query of rotated) {
        let mismatches = 0;
        let common = 0;
        for (let w = 0; w < WORDS; w++) {
          const both = query.mask[w]! & mask[w]!;
          common += popcount32(both);
          mismatches += popcount32((query.code[w]! ^ code[w]!) & both);
        }
        const fraction = { mismatches, common };
        if (best === undefined || isCloser(fraction, best)) {
          best = { ...fraction, rotation: query.rotation, distance: fractionValue(fraction) };
        }
      }
      return best!;
    });
  };

  return {
    add(iris: IrisCode): number {
      checkIrisCode(iris, "iris");
      codes.push(words(iris.code));
      masks.push(words(iris.mask));
      return codes.length - 1;
    },
    get size() {
      return codes.length;
    },
    distances,
    best(query: IrisCode, rotations?: number): MatchResult | undefined {
      return bestOf(distances(query, rotations));
    },
  };
}
