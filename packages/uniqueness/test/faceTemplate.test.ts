import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import {
  FACE_COSINE_THRESHOLD,
  FACE_DIMENSIONS,
  faceTemplateValues,
  isFaceMatch,
  quantizeFace,
} from "../src/faceTemplate.js";
import { shareValues } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { galleriesOf, runThreeParties } from "./threeParties.js";

const random = seededRandom("faceTemplate.test");

/** Standard normal samples (Box-Muller over the seeded stream). */
function gaussians(count: number): number[] {
  const bytes = new Uint32Array(random(8 * count).slice().buffer);
  return Array.from({ length: count }, (_, i) => {
    const u = ((bytes[2 * i] ?? 0) + 1) / 2 ** 32;
    const v = (bytes[2 * i + 1] ?? 0) / 2 ** 32;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

/** Another photo of the same face: the embedding plus noise of relative size `noise`. */
function nearby(face: number[], noise: number): number[] {
  const norm = Math.sqrt(face.reduce((sum, x) => sum + x * x, 0));
  const extra = gaussians(FACE_DIMENSIONS);
  return face.map((x, i) => x + (noise * norm * extra[i]!) / Math.sqrt(FACE_DIMENSIONS));
}

describe("faces through the MPC engine", () => {
  it("the threshold is a cosine similarity of about 0.606", () => {
    expect(FACE_COSINE_THRESHOLD).toBeCloseTo(0.6063, 4);
  });

  it("agrees exactly with the plaintext decision on 216 pairs spread around the threshold", async () => {
    const people = Array.from({ length: 12 }, () => gaussians(FACE_DIMENSIONS));
    // Gallery: per person, photos with noise 0.5..1.7 (cosines about 0.9..0.5); the other
    // people's photos are the strangers.
    const gallery = people.flatMap((face) =>
      [0.5, 0.9, 1.1, 1.3, 1.5, 1.7].map((noise) => quantizeFace(nearby(face, noise))),
    );
    const queries = people.map((face) => quantizeFace(nearby(face, 0.6)));
    const galleries = galleriesOf(gallery.map((face) => shareValues(faceTemplateValues(face), random)));
    let matches = 0;
    let pairs = 0;
    for (const query of queries.slice(0, 3)) {
      const results = await runThreeParties({
        galleries,
        query: shareValues(faceTemplateValues(query), random),
        groups: gallery.map(() => 1),
        random,
        rotations: 0,
      });
      const expected = gallery.map((face) => isFaceMatch(query, face));
      expect(results[0]!.matches).toEqual(expected);
      matches += expected.filter(Boolean).length;
      pairs += expected.length;
    }
    expect(pairs).toBe(216);
    expect(matches).toBeGreaterThan(3);
    expect(matches).toBeLessThan(18);
  });

  it("refuses an embedding of the wrong size, with a non-finite value or all zeros", () => {
    expect(() => quantizeFace([1, 2])).toThrow(new InputError("a face embedding has 1024 values, not 2"));
    expect(() => quantizeFace(new Array(1024).fill(Number.NaN))).toThrow(
      new InputError("a face embedding must hold finite numbers"),
    );
    expect(() => quantizeFace(new Array(1024).fill(0))).toThrow(
      new InputError("a face embedding must not be all zeros"),
    );
  });
});
