import { describe, expect, it } from "vitest";
import { IRIS_CODE_BYTES, type IrisCode } from "../src/irisCode.js";
import { PARTIES, shareTemplate, templateValues } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";

/**
 * What one party sees of a template is its share: it must look the same whatever the template.
 * Two templates as different as can be (all bits 0 with every pair seen, all bits 1 with half
 * the pairs masked) are shared many times; each party's shares are compared byte by byte with
 * the uniform distribution and with each other (chi-square, 255 degrees of freedom; 400 is
 * far in the tail: p < 10^-12). The seeded randomness keeps the test deterministic.
 */
const zeros: IrisCode = { code: new Uint8Array(IRIS_CODE_BYTES), mask: new Uint8Array(IRIS_CODE_BYTES).fill(0xff) };
const ones: IrisCode = {
  code: new Uint8Array(IRIS_CODE_BYTES).fill(0xff),
  mask: new Uint8Array(IRIS_CODE_BYTES).fill(0b1100_1100),
};
const SHARINGS = 24;
const LIMIT = 400;

function histogram(shares: Uint16Array[]): number[] {
  const counts = new Array<number>(256).fill(0);
  for (const share of shares) {
    for (const byte of new Uint8Array(share.buffer, share.byteOffset, share.byteLength)) {
      counts[byte]!++;
    }
  }
  return counts;
}

function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

function chiSquareSame(a: number[], b: number[]): number {
  const totalA = a.reduce((x, y) => x + y, 0);
  const totalB = b.reduce((x, y) => x + y, 0);
  let sum = 0;
  a.forEach((countA, i) => {
    const countB = b[i]!;
    const pooled = (countA + countB) / (totalA + totalB);
    if (pooled === 0) return;
    sum += (countA - pooled * totalA) ** 2 / (pooled * totalA) + (countB - pooled * totalB) ** 2 / (pooled * totalB);
  });
  return sum;
}

describe("one party's view of a template", () => {
  const random = seededRandom("shareIndistinguishability.test");
  const sharesOf = (iris: IrisCode) => Array.from({ length: SHARINGS }, () => shareTemplate(iris, random));
  const a = sharesOf(zeros);
  const b = sharesOf(ones);

  for (const party of PARTIES) {
    it(`party ${party}'s shares are uniform bytes and the same for both templates`, () => {
      const countsA = histogram(a.map((shares) => shares[party]));
      const countsB = histogram(b.map((shares) => shares[party]));
      expect(chiSquareUniform(countsA)).toBeLessThan(LIMIT);
      expect(chiSquareUniform(countsB)).toBeLessThan(LIMIT);
      expect(chiSquareSame(countsA, countsB)).toBeLessThan(LIMIT);
    });
  }

  it("the same test tells the plain templates apart (it can fail)", () => {
    const plainA = histogram([templateValues(zeros)]);
    const plainB = histogram([templateValues(ones)]);
    expect(chiSquareSame(plainA, plainB)).toBeGreaterThan(10 * LIMIT);
    // And two parties' shares together are not independent of the template: they reconstruct it.
    expect(a[0]![0]).not.toEqual(a[1]![0]);
  });
});
