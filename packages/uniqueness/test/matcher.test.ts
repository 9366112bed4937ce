import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { IRIS_CODE_BYTES, type IrisCode } from "../src/irisCode.js";
import { isMatch, minDistance } from "../src/irisDistance.js";
import type { IrisMatcher } from "../src/matcher.js";
import { createKernelMatcher } from "../src/matchKernel.js";
import { createPlainMatcher } from "../src/matchPlain.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode, similarIrisCode } from "../src/syntheticIris.js";

const random = seededRandom("matcher.test");
const people = Array.from({ length: 12 }, () => randomIrisCode(random));
const empty: IrisCode = { code: new Uint8Array(IRIS_CODE_BYTES), mask: new Uint8Array(IRIS_CODE_BYTES) };
// Genuine captures at several flip rates and rotations, impostors, and a code with an empty mask.
const gallery: IrisCode[] = [
  ...people,
  ...people
    .slice(0, 6)
    .map((of, i) =>
      similarIrisCode({ of, flipRate: [0.05, 0.15, 0.25, 0.3, 0.35, 0.4][i]!, rotation: i * 5 - 13, random }),
    ),
  empty,
];
const queries = [
  similarIrisCode({ of: people[3]!, flipRate: 0.2, rotation: 11, random }),
  randomIrisCode(random),
  people[7]!,
  empty,
];

const matchers: [string, () => IrisMatcher][] = [
  ["plain TypeScript", createPlainMatcher],
  ["WebAssembly kernel", () => createKernelMatcher(4)],
];

for (const [name, create] of matchers) {
  describe(name, () => {
    const matcher = create();
    for (const iris of gallery) {
      matcher.add(iris);
    }

    it("gives exactly minDistance for every entry, every query and several rotation bounds", () => {
      expect(matcher.size).toBe(gallery.length);
      for (const query of queries) {
        for (const rotations of [15, 14, 3, 1, 0]) {
          const expected = gallery.map((entry) => minDistance(query, entry, rotations));
          expect(matcher.distances(query, rotations)).toEqual(expected);
        }
      }
    });

    it("finds the same person rotated and noisy, and no one for a stranger", () => {
      const found = matcher.best(queries[0]!);
      expect(found).toMatchObject({ index: 3, rotation: -11 });
      expect(isMatch(found!)).toBe(true);
      expect(isMatch(matcher.best(queries[1]!)!)).toBe(false);
      expect(matcher.best(people[7]!)).toMatchObject({ index: 7, mismatches: 0, rotation: 0, distance: 0 });
    });

    it("refuses a rotation bound above 15 and a code of the wrong size", () => {
      expect(() => matcher.distances(people[0]!, 16)).toThrow(
        new InputError("rotations must be an integer from 0 to 15"),
      );
      expect(() => matcher.add({ code: new Uint8Array(10), mask: new Uint8Array(IRIS_CODE_BYTES) })).toThrow(
        new InputError("iris.code must be 1600 bytes"),
      );
      expect(matcher.size).toBe(gallery.length);
    });
  });
}

describe("masks that are not paired", () => {
  it("the kernel refuses them (it keeps one mask bit per pair); the plain matcher compares them exactly", () => {
    const mask = people[0]!.mask.slice();
    mask[10] = mask[10]! ^ 0b0100_0000;
    const odd = { code: people[0]!.code, mask };
    const kernel = createKernelMatcher();
    expect(() => kernel.add(odd)).toThrow(
      new InputError(
        "iris.mask must mask real and imaginary bits in pairs (as open-iris does); use the plain matcher otherwise",
      ),
    );
    expect(() => kernel.distances(odd)).toThrow(/query.mask must mask real and imaginary bits in pairs/);
    expect(kernel.size).toBe(0);
    const plain = createPlainMatcher();
    plain.add(people[0]!);
    expect(plain.distances(odd)).toEqual([minDistance(odd, people[0]!)]);
  });
});

describe("an empty gallery", () => {
  it("has no best match", () => {
    expect(createKernelMatcher().best(people[0]!)).toBeUndefined();
    expect(createPlainMatcher().distances(people[0]!)).toEqual([]);
  });
});

describe("the kernel's gallery grows", () => {
  it("past its first capacity without losing entries", () => {
    const matcher = createKernelMatcher(1);
    for (const iris of people) {
      matcher.add(iris);
    }
    expect(matcher.distances(people[5]!).map((d) => d.mismatches === 0)).toEqual(people.map((_, i) => i === 5));
  });
});
