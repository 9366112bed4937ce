import { InputError } from "@pop/core/errors";
import { expectObject } from "@pop/core/json";
import { FACE_DIMENSIONS } from "./faceTemplate.js";

/**
 * A face embedding as a file holds it: a JSON array of 1,024 numbers, or an object whose only
 * field "embedding" is one (as `pop evidence face-embedding` writes it). Read strictly before
 * quantizeFace sees it: every value finite and bounded, the vector not (nearly) zero.
 */

/**
 * The largest |value| accepted. Face models write unit vectors (|x| ≤ 1) or raw activations of
 * a few tens; 1,000 leaves room for either while the sum of 1,024 squares (≤ 1.1·10^9) stays
 * exact enough for quantizeFace's normalisation.
 */
export const FACE_EMBEDDING_BOUND = 1000;
/** The smallest L2 length accepted: below it the vector has no meaningful direction. */
export const FACE_EMBEDDING_MIN_LENGTH = 1e-6;

/**
 * Reads a face embedding strictly.
 * @param value the parsed JSON: an array, or `{"embedding": [...]}` with no other field
 * @param name what it is (the file), for error messages
 * @returns the 1,024 values, ready for quantizeFace
 * @throws InputError naming the file or the bad value's index
 * @example
 * const face = quantizeFace(parseFaceEmbedding(JSON.parse(text), "face.json"));
 */
export function parseFaceEmbedding(value: unknown, name: string): number[] {
  const objectForm = value !== null && typeof value === "object" && !Array.isArray(value);
  const list = objectForm ? expectObject(value, name, ["embedding"]).embedding : value;
  const at = objectForm ? `${name}.embedding` : name;
  if (!Array.isArray(list) || list.length !== FACE_DIMENSIONS || !list.every((x) => typeof x === "number")) {
    throw new InputError(`${name} must hold ${FACE_DIMENSIONS} numbers (an array, or {"embedding": [...]})`);
  }
  let squares = 0;
  for (const [i, x] of (list as number[]).entries()) {
    if (!Number.isFinite(x) || Math.abs(x) > FACE_EMBEDDING_BOUND) {
      throw new InputError(
        `${at}[${i}] must be a finite number from -${FACE_EMBEDDING_BOUND} to ${FACE_EMBEDDING_BOUND}`,
      );
    }
    squares += x * x;
  }
  if (!(Math.sqrt(squares) >= FACE_EMBEDDING_MIN_LENGTH)) {
    throw new InputError(`${name} is (nearly) all zeros: its length is under 1e-6`);
  }
  return [...(list as number[])];
}
