import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { IRIS_CODE_BYTES, type IrisCode } from "../src/irisCode.js";
import { isMatch, minDistance } from "../src/irisDistance.js";
import { createKernelMatcher } from "../src/matchKernel.js";
import { bitPlanes } from "../src/mpc/bitPlanes.js";
import { localChannels } from "../src/mpc/channel.js";
import { matchGroups } from "../src/mpc/matchCircuit.js";
import { shareTemplate } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode, similarIrisCode } from "../src/syntheticIris.js";
import { galleriesOf, runThreeParties } from "./threeParties.js";

const random = seededRandom("mpcCircuit.test");

/** Runs the three parties in this process: the gallery against a query, one bit per group. */
function runParties(gallery: IrisCode[], query: IrisCode, perEntry: boolean) {
  return runThreeParties({
    galleries: galleriesOf(gallery.map((iris) => shareTemplate(iris, random))),
    query: shareTemplate(query, random),
    groups: perEntry ? gallery.map(() => 31) : [gallery.length * 31],
    random,
  });
}

describe("the three-party match circuit", () => {
  it("opens exactly the plaintext answer for every pair, around the threshold", async () => {
    const people = Array.from({ length: 4 }, () => randomIrisCode(random));
    const query = people[0]!;
    // Variants of the query at rates from far under to over the threshold, and strangers.
    const rates = [0.05, 0.2, 0.3, 0.32, 0.33, 0.34, 0.345, 0.35, 0.36, 0.38, 0.4, 0.5];
    const gallery = [
      ...rates.map((flipRate, i) => similarIrisCode({ of: query, flipRate, rotation: (i % 7) - 3, random })),
      ...people.slice(1),
    ];
    const expected = gallery.map((entry) => isMatch(minDistance(query, entry)));
    expect(expected.filter(Boolean).length).toBeGreaterThan(2);
    expect(expected.filter((x) => !x).length).toBeGreaterThan(5);
    const results = await runParties(gallery, query, true);
    for (const result of results) {
      expect(result.matches).toEqual(expected);
    }
  });

  it("agrees with the plaintext matcher on 10,000 pairs: genuine families at flip rates 0.05–0.30 and impostors", async () => {
    // 10 eyes; each appears 10 times at flip rates 0.05..0.30 and random rotations. Pairs of
    // captures of one eye land at distances spread across the threshold; other pairs are impostors.
    const eyes = Array.from({ length: 10 }, () => randomIrisCode(random));
    const captures = eyes.flatMap((of) =>
      Array.from({ length: 10 }, (_, i) =>
        similarIrisCode({ of, flipRate: 0.05 + (0.25 * i) / 9, rotation: (i % 9) - 4, random }),
      ),
    );
    const galleries = galleriesOf(captures.map((iris) => shareTemplate(iris, random)));
    let pairs = 0;
    let matches = 0;
    let near = 0;
    // The oracle: the plaintext kernel, itself checked against minDistance in matcher.test.ts.
    const oracle = createKernelMatcher();
    for (const iris of captures) oracle.add(iris);
    for (const query of captures) {
      const expected = oracle.distances(query);
      const results = await runThreeParties({
        galleries,
        query: shareTemplate(query, random),
        groups: captures.map(() => 31),
        random,
      });
      expect(results[0]!.matches).toEqual(expected.map(isMatch));
      expect(results[1]!.matches).toEqual(results[0]!.matches);
      pairs += expected.length;
      matches += expected.filter(isMatch).length;
      near += expected.filter((d) => Math.abs(d.distance - 0.345) < 0.03).length;
    }
    expect(pairs).toBe(10_000);
    // Genuine pairs both sides of the threshold, and many close to it.
    expect(matches).toBeGreaterThan(300);
    expect(matches).toBeLessThan(1000);
    expect(near).toBeGreaterThan(50);
  });

  it("opens one bit for the whole gallery: true when anyone matches", async () => {
    const person = randomIrisCode(random);
    const strangers = Array.from({ length: 5 }, () => randomIrisCode(random));
    const again = similarIrisCode({ of: person, flipRate: 0.1, rotation: 9, random });
    const [found] = await runParties([...strangers, person], again, false);
    expect(found!.matches).toEqual([true]);
    const [none] = await runParties(strangers, again, false);
    expect(none!.matches).toEqual([false]);
    expect(none!.stats.rounds).toBeLessThan(60);
  });

  it("a code with an empty mask matches nothing, not even itself", async () => {
    const empty: IrisCode = { code: new Uint8Array(IRIS_CODE_BYTES), mask: new Uint8Array(IRIS_CODE_BYTES) };
    const [result] = await runParties([empty], empty, false);
    expect(result!.matches).toEqual([false]);
  });

  it("refuses groups that do not cover the comparisons", async () => {
    const [channel] = localChannels();
    const context = { party: 0 as const, channel, prevKey: random(32), nextKey: random(32), nonce: random(12) };
    const dots = { count: 62, code: new Uint16Array(62), mask: new Uint16Array(62) };
    await expect(matchGroups(context, dots, [31])).rejects.toThrow(
      new InputError("groups must be positive sizes that add up to the comparisons"),
    );
  });
});

describe("bit planes (the circuit's input transpose)", () => {
  it("put bit b of value i at bit i mod 32 of word i / 32 of plane b, zeros past the end", () => {
    const random = seededRandom("bitPlanes");
    for (const length of [1, 31, 32, 33, 100, 1000]) {
      const values = new Uint16Array(random(2 * length).buffer.slice(0, 2 * length));
      const planes = bitPlanes(values, 16);
      const expected = Array.from({ length: 16 }, () => new Uint32Array(Math.ceil(length / 32)));
      values.forEach((value, i) => {
        for (let bit = 0; bit < 16; bit++) {
          expected[bit]![i >> 5]! |= ((value >> bit) & 1) << (i & 31);
        }
      });
      expect(planes).toEqual(expected);
      // Fewer planes are the first ones.
      expect(bitPlanes(values, 13)).toEqual(planes.slice(0, 13));
    }
  });
});
