import { describe, expect, it } from "vitest";
import { faceTemplateValues, quantizeFace } from "../src/faceTemplate.js";
import { checkTemplateForm, type FormKind, MIN_MASK_WEIGHT } from "../src/mpc/formCheck.js";
import {
  CODE_VALUES,
  MASK_VALUES,
  PARTIES,
  shareValues,
  TEMPLATE_VALUES,
  templateValues,
} from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode } from "../src/syntheticIris.js";
import { galleriesOf, inMemoryContexts, runThreeParties } from "./threeParties.js";

const random = seededRandom("formCheck.test");

/** Runs the form check with all three parties in this process; each party's opened bit. */
async function formOf(kind: FormKind, values: Uint16Array): Promise<boolean[]> {
  const shares = shareValues(values, random);
  const contexts = inMemoryContexts(random);
  return Promise.all(PARTIES.map((party) => checkTemplateForm(contexts[party]!, kind, shares[party])));
}

/**
 * The audit's poisoned entry: every mask value 0x2000 (so every mask·mask is a multiple of
 * 2^13, which the 13-bit sum reads as 0) and a single code value 1: at some rotation nearly
 * everyone has a +1 there, so code·code > 0 = mask·mask and the engine says "match".
 */
function poisoned(): Uint16Array {
  const values = new Uint16Array(TEMPLATE_VALUES);
  values.fill(0x2000, CODE_VALUES);
  values[0] = 1;
  return values;
}

/** How many of `people` the real engine (three parties, 31 rotations) finds matching `entry`. */
async function matchedBy(entry: Uint16Array, people: readonly Uint16Array[]): Promise<number> {
  const galleries = galleriesOf([shareValues(entry, random)]);
  let matched = 0;
  for (const person of people) {
    const results = await runThreeParties({ galleries, query: shareValues(person, random), groups: [31], random });
    if (results[0]!.matches[0]) matched++;
  }
  return matched;
}

describe("the form check on shares", () => {
  it("passes real iris codes and faces, the same bit on all three parties", async () => {
    expect(await formOf("iris", templateValues(randomIrisCode(random)))).toEqual([true, true, true]);
    const face = quantizeFace(Array.from({ length: 1024 }, () => random(1)[0]! - 128));
    expect(await formOf("face", faceTemplateValues(face))).toEqual([true, true, true]);
  });

  it("the audit's poisoned entry matches 200 of 200 random people; the check refuses it", {
    timeout: 120_000,
  }, async () => {
    const entry = poisoned();
    const people = Array.from({ length: 200 }, () => templateValues(randomIrisCode(random)));
    expect(await matchedBy(entry, people)).toBe(200);
    expect(await formOf("iris", entry)).toEqual([false, false, false]);
    // A real person's entry passes the check and matches none of them.
    const honest = templateValues(randomIrisCode(random));
    expect(await formOf("iris", honest)).toEqual([true, true, true]);
    expect(await matchedBy(honest, people)).toBe(0);
  });

  it("refuses each way an iris template can be out of form", async () => {
    const base = templateValues(randomIrisCode(random));
    const variant = (edit: (values: Uint16Array) => void) => {
      const values = base.slice();
      edit(values);
      return values;
    };
    const firstSeen = base.findIndex((value, i) => i >= CODE_VALUES && value === 1) - CODE_VALUES;
    const firstHidden = base.findIndex((value, i) => i >= CODE_VALUES && value === 0) - CODE_VALUES;
    const cases: [string, Uint16Array][] = [
      ["a mask value of 2", variant((v) => (v[CODE_VALUES + firstSeen] = 2))],
      ["a mask value of 0x2000", variant((v) => (v[CODE_VALUES + firstHidden] = 0x2000))],
      ["a code value of 2", variant((v) => (v[firstSeen] = 2))],
      ["a code value of 0xfffe", variant((v) => (v[firstSeen] = 0xfffe))],
      ["a real code value where the mask is 0", variant((v) => (v[firstHidden] = 1))],
      ["an imaginary code value where the mask is 0", variant((v) => (v[firstHidden + MASK_VALUES] = 0xffff))],
      ["a zero real code value where the mask is 1", variant((v) => (v[firstSeen] = 0))],
    ];
    for (const [name, values] of cases) {
      expect([name, await formOf("iris", values)]).toEqual([name, [false, false, false]]);
    }
  });

  it("bounds the mask weight from below", async () => {
    // A valid template that keeps exactly `weight` pairs.
    const withWeight = (weight: number) => {
      const values = new Uint16Array(TEMPLATE_VALUES);
      for (let i = 0; i < weight; i++) {
        values[CODE_VALUES + i] = 1;
        values[i] = 1;
        values[i + MASK_VALUES] = 0xffff;
      }
      return values;
    };
    expect(await formOf("iris", withWeight(MIN_MASK_WEIGHT))).toEqual([true, true, true]);
    expect(await formOf("iris", withWeight(MIN_MASK_WEIGHT - 1))).toEqual([false, false, false]);
    expect(await formOf("iris", withWeight(MASK_VALUES))).toEqual([true, true, true]);
    expect(await formOf("iris", withWeight(0))).toEqual([false, false, false]);
  });

  it("refuses faces out of form", async () => {
    const face = faceTemplateValues(quantizeFace(Array.from({ length: 1024 }, () => random(1)[0]! - 128)));
    const variant = (edit: (values: Uint16Array) => void) => {
      const values = face.slice();
      edit(values);
      return values;
    };
    const cases: [string, Uint16Array][] = [
      ["an embedding value of 200", variant((v) => (v[5] = 200))],
      ["an embedding value of −200", variant((v) => (v[5] = -200 & 0xffff))],
      ["a non-zero value past the embedding", variant((v) => (v[2000] = 1))],
      ["another threshold constant", variant((v) => (v[CODE_VALUES] = 0x2000))],
      ["a second mask value", variant((v) => (v[CODE_VALUES + 1] = 1))],
      ["an iris code sent as a face", templateValues(randomIrisCode(random))],
    ];
    for (const [name, values] of cases) {
      expect([name, await formOf("face", values)]).toEqual([name, [false, false, false]]);
    }
    expect(await formOf("iris", face)).toEqual([false, false, false]);
  });
});
