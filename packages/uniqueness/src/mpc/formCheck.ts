import { FACE_DIMENSIONS, FACE_THRESHOLD_WEIGHT } from "../faceTemplate.js";
import { type MpcContext, ReplicatedEngine, type Shared } from "./booleanShares.js";
import { andGroups, toBits } from "./matchCircuit.js";
import { additiveValueShares, CODE_VALUES, MASK_VALUES, type Party, TEMPLATE_VALUES } from "./templateShares.js";

/**
 * The form check a node runs on a new template before storing it, on shares, opening one bit
 * (docs/uniqueness.md#what-the-form-check-checks). The engine's threshold is exact only for
 * templates of the right form: the audit's poisoned entry (mask values 0x2000) made every
 * dot product a multiple of 2^13, which the 13-bit mask sum reads as 0, and so matched
 * everyone. Here every value is converted to bits (the same adder as the match circuit) and:
 *
 * - iris: each mask value is 0 or 1; each code value is 0, 1 or −1, and non-zero exactly
 *   where its mask value is 1 (real and imaginary alike); the mask weight (the number of
 *   real/imaginary pairs seen) is at least MIN_MASK_WEIGHT. Then both dot products are exact
 *   (|code·code| ≤ 12,800, mask·mask ≤ 6,400) and an entry matches only what a real iris code
 *   with that mask would match.
 * - face: each of the 1,024 embedding values is a sign-extended 8-bit integer, the other code
 *   values are 0, and the mask slot holds exactly the constant FACE_THRESHOLD_WEIGHT then zeros.
 *   The embedding's norm is not checked (it needs multiplications in the boolean domain): a face
 *   source is trusted to send what quantizeFace makes; see the docs for the consequence.
 *
 * Not checked for irises: where the mask's ones are, and whether the code looks like an eye.
 * A source could place a mask of the minimum weight where other people's masks are mostly
 * zero; such an entry still compares at least the common bits, and sources are registered
 * and sign what they send.
 */

/** The fewest real/imaginary pairs an iris mask must keep (a quarter of the 6,400). */
export const MIN_MASK_WEIGHT = 1_600;

/** What the check is run on. */
export type FormKind = "iris" | "face";

/** Where the mask weight goes in the converted vector: just after the template's values. */
const WEIGHT_AT = TEMPLATE_VALUES;
/** Values converted: the template, the weight, padded to whole 32-value words. */
const CONVERTED = TEMPLATE_VALUES + 32;
const WORD = 32;
const CODE_WORDS = CODE_VALUES / WORD;
const MASK_WORDS = MASK_VALUES / WORD;
const WEIGHT_WORD = WEIGHT_AT / WORD;
/** Bits of the weight compared: it is at most 6,400 < 2^13 when the mask values are bits. */
const WEIGHT_BITS = 13;

const slice = (a: Shared, from: number, to: number): Shared => ({
  own: a.own.subarray(from, to),
  next: a.next.subarray(from, to),
});

function concat(parts: readonly Shared[]): Shared {
  const words = parts.reduce((sum, part) => sum + part.own.length, 0);
  const own = new Uint32Array(words);
  const next = new Uint32Array(words);
  let at = 0;
  for (const part of parts) {
    own.set(part.own, at);
    next.set(part.next, at);
    at += part.own.length;
  }
  return { own, next };
}

/** Whether every bit of `ok` is 1, as a sharing at bit 0 (padded with public 1s to a power of two). */
async function allOnes(engine: ReplicatedEngine, ok: Shared): Promise<Shared> {
  const words = 2 ** Math.ceil(Math.log2(Math.max(ok.own.length, 1)));
  const padded = concat([ok, engine.fill(words - ok.own.length, true)]);
  return andGroups(engine, padded, words * WORD);
}

/** "W ≥ MIN_MASK_WEIGHT" for the weight's low 13 bits: the carry out of W + (2^13 − MIN). */
async function weightAtLeast(engine: ReplicatedEngine, bits: readonly Shared[]): Promise<Shared> {
  const addend = 2 ** WEIGHT_BITS - MIN_MASK_WEIGHT;
  let carry: Shared | undefined;
  for (let i = 0; i < WEIGHT_BITS; i++) {
    const w = bits[i]!;
    const one = ((addend >>> i) & 1) === 1;
    if (carry === undefined) {
      carry = one ? w : undefined;
      continue;
    }
    // carry' = maj(w, k, carry): w ∨ carry when k = 1, w ∧ carry when k = 0.
    const [product] = one ? await engine.and([[engine.not(w), engine.not(carry)]]) : await engine.and([[w, carry]]);
    carry = one ? engine.not(product!) : product!;
  }
  return carry ?? engine.fill(1, false);
}

/**
 * This party's side of the form check of one template share.
 * @param context the party, its channel, pairwise keys and a nonce used for nothing else
 * @param kind what the template must be
 * @param share this party's share of the template (19,200 values)
 * @returns true when the template has the form (the same on all three parties)
 */
export async function checkTemplateForm(context: MpcContext, kind: FormKind, share: Uint16Array): Promise<boolean> {
  const engine = new ReplicatedEngine(context);
  const party: Party = context.party;
  const values = new Uint16Array(CONVERTED);
  const additive = additiveValueShares(party, share);
  values.set(additive);
  let weight = 0;
  for (let i = CODE_VALUES; i < TEMPLATE_VALUES; i++) weight += additive[i]!;
  values[WEIGHT_AT] = weight & 0xffff;
  const [bits] = await toBits(engine, [{ ...(await engine.reshare(values)), width: 16 }]);
  const b = bits!;
  const ok = kind === "iris" ? await irisConditions(engine, b) : faceConditions(engine, b);
  const all = await allOnes(engine, ok);
  return ((await engine.open({ own: all.own.subarray(0, 1), next: all.next.subarray(0, 1) }))[0]! & 1) === 1;
}

/** The iris conditions, as a vector of bits that must all be 1. */
async function irisConditions(engine: ReplicatedEngine, b: readonly Shared[]): Promise<Shared> {
  const code = (bit: number) => slice(b[bit]!, 0, CODE_WORDS);
  const mask = (bit: number) => slice(b[bit]!, CODE_WORDS, CODE_WORDS + MASK_WORDS);
  const ok: Shared[] = [];
  // Mask values are 0 or 1: bits 1..15 are 0.
  for (let bit = 1; bit < 16; bit++) ok.push(engine.not(mask(bit)));
  // Code values are 0, 1 or 0xffff: bits 1..14 equal bit 15, and bit 15 implies bit 0.
  for (let bit = 1; bit < 15; bit++) ok.push(engine.not(engine.xor(code(bit), code(15))));
  const [signWithoutOne] = await engine.and([[code(15), engine.not(code(0))]]);
  ok.push(engine.not(signWithoutOne!));
  // A code value is non-zero (bit 0) exactly where its pair's mask value is 1: real values
  // are code words 0..199, imaginary 200..399, and both pair with mask word k mod 200.
  const maskBit0 = mask(0);
  ok.push(engine.not(engine.xor(code(0), concat([maskBit0, maskBit0]))));
  const weightBits = b.map((plane) => slice(plane, WEIGHT_WORD, WEIGHT_WORD + 1));
  const heavy = await weightAtLeast(engine, weightBits);
  // Only bit 0 of the weight word is the weight: the rest of the word is padding (zeros).
  ok.push(engine.xor(heavy, engine.constant(new Uint32Array([0xffff_fffe]))));
  return concat(ok);
}

/** The face conditions, as a vector of bits that must all be 1. */
function faceConditions(engine: ReplicatedEngine, b: readonly Shared[]): Shared {
  const embeddingWords = FACE_DIMENSIONS / WORD;
  const ok: Shared[] = [];
  const embedding = (bit: number) => slice(b[bit]!, 0, embeddingWords);
  // Embedding values are sign-extended 8-bit integers: bits 8..15 equal bit 7.
  for (let bit = 8; bit < 16; bit++) ok.push(engine.not(engine.xor(embedding(bit), embedding(7))));
  // Every other code value and every mask value but the first is 0; the first is the constant.
  const first = new Uint32Array(MASK_WORDS);
  for (let bit = 0; bit < 16; bit++) {
    ok.push(engine.not(slice(b[bit]!, embeddingWords, CODE_WORDS)));
    first[0] = (FACE_THRESHOLD_WEIGHT >>> bit) & 1;
    ok.push(
      engine.not(engine.xor(slice(b[bit]!, CODE_WORDS, CODE_WORDS + MASK_WORDS), engine.constant(first.slice()))),
    );
  }
  return concat(ok);
}
