import { describe, expect, it } from "vitest";
import { type IrisCode, mirrorIrisCode } from "../src/irisCode.js";
import { IRIS_ORIENTATIONS, irisPasses } from "../src/mpc/irisQuery.js";
import { type Decision, decideMatch } from "../src/mpc/matchDecision.js";
import { ShareGallery } from "../src/mpc/shareGallery.js";
import { PARTIES, shareTemplate } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode, similarIrisCode } from "../src/syntheticIris.js";
import { inMemoryContexts } from "./threeParties.js";

const random = seededRandom("matchDecision.test");

type Person = { left: IrisCode; right: IrisCode; n: string };

const capture = (eye: IrisCode) => similarIrisCode({ of: eye, flipRate: 0.15, rotation: 3, random });

/** Runs the three parties' N-aware decision for a two-eye query against `gallery`. */
async function decide(
  gallery: readonly Person[],
  query: { left: IrisCode; right: IrisCode },
  n: string,
  orientations = IRIS_ORIENTATIONS,
) {
  const galleries = PARTIES.map(() => ({ left: new ShareGallery(), right: new ShareGallery() }));
  for (const person of gallery) {
    const left = shareTemplate(person.left, random);
    const right = shareTemplate(person.right, random);
    for (const party of PARTIES) {
      galleries[party]!.left.add(left[party]);
      galleries[party]!.right.add(right[party]);
    }
  }
  const left = shareTemplate(query.left, random);
  const right = shareTemplate(query.right, random);
  const contexts = inMemoryContexts(random);
  const results = await Promise.all(
    PARTIES.map((party) =>
      decideMatch(contexts[party]!, {
        passes: irisPasses(galleries[party]!, party, { left: left[party], right: right[party] }, gallery.length),
        entries: gallery.length,
        width: 31,
        orientations,
        sameHuman: gallery.map((person) => person.n === n),
      }),
    ),
  );
  const decisions = results.map((result) => result.decision);
  expect(new Set(decisions).size).toBe(1);
  return decisions[0] as Decision;
}

describe("the N-aware two-eye decision on shares", () => {
  const people: Person[] = ["a", "b", "c", "d"].map((n) => ({
    left: randomIrisCode(random),
    right: randomIrisCode(random),
    n,
  }));
  const alice = people[2]!;

  it("same N → same-human, another N → conflict, a stranger → unique", async () => {
    const again = { left: capture(alice.left), right: capture(alice.right) };
    expect(await decide(people, again, "c")).toBe("same-human");
    expect(await decide(people, again, "z")).toBe("conflict");
    expect(await decide(people, { left: randomIrisCode(random), right: randomIrisCode(random) }, "c")).toBe("unique");
    expect(await decide([], again, "c")).toBe("unique");
  });

  it("swapped eyes, the mirror image and each eye mirrored are the same person", async () => {
    const swapped = { left: capture(alice.right), right: capture(alice.left) };
    const mirrorImage = { left: mirrorIrisCode(capture(alice.right)), right: mirrorIrisCode(capture(alice.left)) };
    const eachMirrored = { left: mirrorIrisCode(capture(alice.left)), right: mirrorIrisCode(capture(alice.right)) };
    for (const query of [swapped, mirrorImage, eachMirrored]) {
      expect(await decide(people, query, "z")).toBe("conflict");
      // Compared as captured only (the old engine's one orientation), each was a new person.
      expect(await decide(people, query, "z", IRIS_ORIENTATIONS.slice(0, 1))).toBe("unique");
    }
  });

  it("one matching eye is not a match (both eyes must), and a conflict outranks a same-human match", async () => {
    const oneEye = { left: capture(alice.left), right: randomIrisCode(random) };
    expect(await decide(people, oneEye, "z")).toBe("unique");
    // Alice enrolled twice under two Ns (a gallery that should not exist): the other N wins.
    const twice = [...people, { ...alice, n: "y" }];
    expect(await decide(twice, { left: capture(alice.left), right: capture(alice.right) }, "c")).toBe("conflict");
  });
});
