import { describe, expect, it } from "vitest";
import { mirrorIrisCode } from "../src/irisCode.js";
import { ringMul } from "../src/mpc/galoisRing.js";
import { mirrorShare } from "../src/mpc/mirrorShare.js";
import {
  additiveValueShares,
  FORM_WEIGHT,
  PARTIES,
  reconstructShares,
  shareTemplate,
  templateValues,
  VALUE_BASIS,
} from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode } from "../src/syntheticIris.js";

const random = seededRandom("oneSharing.test");

describe("one sharing for gallery and query", () => {
  it("the value basis is orthonormal for ψ(x·y) = coefficient 0 of FORM_WEIGHT·x·y", () => {
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 4; k++) {
        expect(ringMul(FORM_WEIGHT, ringMul(VALUE_BASIS[i]!, VALUE_BASIS[k]!))[0]).toBe(i === k ? 1 : 0);
      }
    }
  });

  it("the parties' additive value shares add up to the template values", () => {
    const iris = randomIrisCode(random);
    const shares = shareTemplate(iris, random);
    const parts = PARTIES.map((party) => additiveValueShares(party, shares[party]));
    const sum = parts[0]!.map((value, i) => (value + parts[1]![i]! + parts[2]![i]!) & 0xffff);
    expect(sum).toEqual(templateValues(iris));
    // One party's additive shares alone are not the values.
    expect(parts[0]).not.toEqual(templateValues(iris));
  });

  it("mirroring each share gives a sharing of the mirrored eye", () => {
    const iris = randomIrisCode(random);
    const shares = shareTemplate(iris, random);
    const mirrored = PARTIES.map((party) => mirrorShare(shares[party]));
    expect(reconstructShares([0, 1], [mirrored[0]!, mirrored[1]!])).toEqual(templateValues(mirrorIrisCode(iris)));
    expect(reconstructShares([1, 2], [mirrored[1]!, mirrored[2]!])).toEqual(templateValues(mirrorIrisCode(iris)));
    // The mirror is not the identity, and mirroring twice is.
    expect(templateValues(mirrorIrisCode(iris))).not.toEqual(templateValues(iris));
    expect(mirrorShare(mirrored[2]!)).toEqual(shares[2]);
  });
});
