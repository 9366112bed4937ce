import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { rotateIrisCode } from "../src/irisCode.js";
import { distanceFraction } from "../src/irisDistance.js";
import {
  EVALUATION_POINTS,
  isUnit,
  LAGRANGE_AT_ZERO,
  type RingElement,
  ringAdd,
  ringInverse,
  ringMul,
} from "../src/mpc/galoisRing.js";
import { ShareGallery } from "../src/mpc/shareGallery.js";
import { PARTIES, reconstructShares, shareTemplate, templateValues } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode, similarIrisCode } from "../src/syntheticIris.js";

const random = seededRandom("mpcShares.test");

describe("GR(2^16, 4)", () => {
  it("inverts units, and the Lagrange coefficients at 0 sum to 1", () => {
    for (const a of [
      [3, 0, 0, 0],
      [1, 5, 7, 9],
      [0, 1, 0, 0],
      [0xfffe, 1, 2, 0x8000],
    ] as RingElement[]) {
      expect(ringMul(a, ringInverse(a))).toEqual([1, 0, 0, 0]);
    }
    expect(() => ringInverse([2, 4, 6, 8])).toThrow(RangeError);
    expect(LAGRANGE_AT_ZERO.reduce((a, b) => ringAdd(a, b))).toEqual([1, 0, 0, 0]);
    // Points' differences are units, as Shamir sharing needs.
    expect(isUnit(ringAdd(EVALUATION_POINTS[1]!, [0xffff, 0, 0, 0]))).toBe(true);
  });

  it("X^4 = X + 1", () => {
    const x: RingElement = [0, 1, 0, 0];
    expect(ringMul(ringMul(x, x), ringMul(x, x))).toEqual([1, 1, 0, 0]);
  });
});

describe("template shares", () => {
  const a = randomIrisCode(random);
  const shares = shareTemplate(a, random);

  it("any two parties reconstruct the template values", () => {
    const values = templateValues(a);
    for (const [i, j] of [
      [0, 1],
      [1, 2],
      [0, 2],
    ] as const) {
      expect(reconstructShares([i, j], [shares[i], shares[j]])).toEqual(values);
    }
    expect(reconstructShares([2, 0], [shares[2], shares[0]])).toEqual(values);
  });

  it("refuses a mask whose real and imaginary bits differ", () => {
    const odd = { code: a.code, mask: a.mask.slice() };
    odd.mask[0] = 0b1000_0000;
    expect(() => shareTemplate(odd)).toThrow(
      new InputError("the iris mask must keep or drop real/imaginary bits in pairs"),
    );
  });

  it("the three parties' dot-product shares add up to common − 2·mismatches and common / 2", () => {
    const people = [a, randomIrisCode(random), similarIrisCode({ of: a, flipRate: 0.2, rotation: 4, random })];
    const galleries = PARTIES.map(() => new ShareGallery());
    for (const person of people) {
      const share = shareTemplate(person, random);
      for (const party of PARTIES) {
        galleries[party]!.add(share[party]);
      }
    }
    const query = similarIrisCode({ of: people[1]!, flipRate: 0.1, rotation: -7, random });
    const queryShares = shareTemplate(query, random);
    const results = PARTIES.map((party) => galleries[party]!.dotShares(party, queryShares[party]));
    expect(results[0]!.count).toBe(3 * 31);
    for (let entry = 0; entry < people.length; entry++) {
      for (let rotation = -15; rotation <= 15; rotation++) {
        const n = entry * 31 + rotation + 15;
        const code = results.reduce((sum, r) => sum + r.code[n]!, 0) & 0xffff;
        const mask = results.reduce((sum, r) => sum + r.mask[n]!, 0) & 0xffff;
        const { mismatches, common } = distanceFraction(rotateIrisCode(query, rotation), people[entry]!);
        expect(code, `entry ${entry} rotation ${rotation}`).toBe((common - 2 * mismatches) & 0xffff);
        expect(mask).toBe(common / 2);
      }
    }
  });

  it("swapRemove moves the last entry into the hole", () => {
    const gallery = new ShareGallery();
    const three = [1, 2, 3].map(() => shareTemplate(randomIrisCode(random), random)[0]);
    for (const share of three) gallery.add(share);
    gallery.swapRemove(0);
    expect(gallery.size).toBe(2);
    expect(gallery.entry(0)).toEqual(three[2]);
    expect(() => gallery.swapRemove(2)).toThrow(new InputError("gallery index 2 is out of range"));
  });
});
