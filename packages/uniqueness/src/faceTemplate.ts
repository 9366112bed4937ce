import { InputError } from "@pop/core/errors";
import { CODE_VALUES, TEMPLATE_VALUES } from "./mpc/templateShares.js";

/**
 * Face embeddings through the iris MPC engine, so that registry photos and KYC selfies can be
 * deduplicated without a plaintext face gallery.
 *
 * An embedding (1,024 floats) is L2-normalised and quantised to integers q = round(90·e),
 * so |q|² ≈ 8,100 and, by Cauchy-Schwarz, |qa·qb| < 2^14: the dot product fits the engine's
 * 15-bit "code" slot exactly. The engine's "mask" slot carries one constant c = 89 on both
 * sides, so mask·mask = c² and the engine's test 50·d − 31·h > 0 becomes
 * qa·qb > 31·89² / 50 = 4,911.02, a cosine similarity above ≈ 0.606 (0.606·90² ≈ 4,911).
 * Faces are compared at rotation 0 only (a rotation means nothing for an embedding).
 */

/** Values in a face embedding. */
export const FACE_DIMENSIONS = 1024;
/** Quantisation scale: q = round(90 · e) for a unit vector e. */
export const FACE_SCALE = 90;
/** The constant in the mask slot; it sets the threshold. */
export const FACE_THRESHOLD_WEIGHT = 89;
/** The cosine similarity above which two faces are the same person, as the engine applies it. */
export const FACE_COSINE_THRESHOLD = (31 * FACE_THRESHOLD_WEIGHT ** 2) / (50 * FACE_SCALE ** 2);

/** An embedding quantised to integers in [−90, 90] with norm ≈ 90. */
export function quantizeFace(embedding: readonly number[] | Float32Array): Int8Array {
  if (embedding.length !== FACE_DIMENSIONS) {
    throw new InputError(`a face embedding has ${FACE_DIMENSIONS} values, not ${embedding.length}`);
  }
  let norm = 0;
  for (const value of embedding) {
    if (!Number.isFinite(value)) {
      throw new InputError("a face embedding must hold finite numbers");
    }
    norm += value * value;
  }
  if (norm === 0) {
    throw new InputError("a face embedding must not be all zeros");
  }
  const scale = FACE_SCALE / Math.sqrt(norm);
  return Int8Array.from(embedding, (value) => Math.round(value * scale));
}

/** The plaintext decision, exactly as the engine makes it: 50·(qa·qb) > 31·89². */
export function isFaceMatch(a: Int8Array, b: Int8Array): boolean {
  let dot = 0;
  for (let i = 0; i < FACE_DIMENSIONS; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
  }
  return 50 * dot > 31 * FACE_THRESHOLD_WEIGHT ** 2;
}

/** A quantised face as the engine's 19,200 template values (then share it with shareValues). */
export function faceTemplateValues(face: Int8Array): Uint16Array {
  const values = new Uint16Array(TEMPLATE_VALUES);
  for (let i = 0; i < FACE_DIMENSIONS; i++) {
    values[i] = (face[i] ?? 0) & 0xffff;
  }
  values[CODE_VALUES] = FACE_THRESHOLD_WEIGHT;
  return values;
}
