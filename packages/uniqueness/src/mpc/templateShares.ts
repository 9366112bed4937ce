import { InputError } from "@pop/core/errors";
import { hasPairedMask, IRIS_CODE_BITS, type IrisCode, irisBit } from "../irisCode.js";
import { cryptoRandom, type RandomSource } from "../randomSource.js";
import {
  EVALUATION_POINTS,
  LAGRANGE_AT_ZERO,
  type RingElement,
  ringAdd,
  ringInverse,
  ringMul,
  ringSub,
} from "./galoisRing.js";

/**
 * Secret shares of iris templates over GR(2^16, 4) (degree-1 Shamir, three parties, any
 * two reconstruct, one alone sees uniform noise), in World's share layout.
 *
 * A template becomes 19,200 values in Z_2^16: 12,800 code values m·(1 − 2c) ∈ {1, −1, 0}
 * and 6,400 mask values (one bit of each real/imaginary pair, as the pairs are equal). The
 * masked Hamming distance is then two dot products: code·code = common − 2·mismatches and
 * mask·mask = common / 2. Values are grouped 4 at a time into ring elements; the product of
 * two sharings gives each party an additive share of the inner product of the groups with a
 * single multiply per value (see prepareQuery), which is what makes the MPC fast.
 */

/** Code values per template. */
export const CODE_VALUES = IRIS_CODE_BITS;
/** Mask values per template (one per real/imaginary pair). */
export const MASK_VALUES = IRIS_CODE_BITS / 2;
/** Values per template share (38,400 bytes). */
export const TEMPLATE_VALUES = CODE_VALUES + MASK_VALUES;

/** The three parties. */
export type Party = 0 | 1 | 2;
/** All parties, in order. */
export const PARTIES: readonly Party[] = [0, 1, 2];

/**
 * The iris-code bit at share-layout index i. The share layout orders bits as
 * (imaginary, wavelet, row mod 4, column, row div 4), so that the 4 values of a ring element
 * are 4 rows of one column and a rotation by r columns moves whole elements; within each of
 * the 16 (imaginary, wavelet, row mod 4) blocks the 200 columns are contiguous.
 */
export function shareIndexToBit(i: number): number {
  const imaginary = Math.floor(i / 6400);
  const wavelet = Math.floor((i % 6400) / 3200);
  const rowLow = Math.floor((i % 3200) / 800);
  const column = Math.floor((i % 800) / 4);
  const rowHigh = i % 4;
  return 800 * (rowHigh * 4 + rowLow) + column * 4 + wavelet * 2 + imaginary;
}

/**
 * The plain template values (before sharing). Masks must come in real/imaginary pairs, as
 * open-iris masks do: the mask dot product counts each pair once.
 */
export function templateValues(iris: IrisCode): Uint16Array {
  if (!hasPairedMask(iris)) {
    throw new InputError("the iris mask must keep or drop real/imaginary bits in pairs");
  }
  const values = new Uint16Array(TEMPLATE_VALUES);
  for (let i = 0; i < CODE_VALUES; i++) {
    const bit = shareIndexToBit(i);
    const seen = irisBit(iris.mask, bit);
    values[i] = seen === 0 ? 0 : irisBit(iris.code, bit) === 1 ? 0xffff : 1;
  }
  for (let i = 0; i < MASK_VALUES; i++) {
    values[CODE_VALUES + i] = irisBit(iris.mask, shareIndexToBit(i));
  }
  return values;
}

function element(values: Uint16Array, e: number): RingElement {
  return [values[4 * e] ?? 0, values[4 * e + 1] ?? 0, values[4 * e + 2] ?? 0, values[4 * e + 3] ?? 0];
}

/**
 * The pairing the dot products use: ψ(x) = coefficient 0 of FORM_WEIGHT·x, a Z_2^16-linear map
 * from the ring to Z_2^16 (docs/uniqueness.md#one-sharing).
 */
export const FORM_WEIGHT: RingElement = [1, 1, 2, 1];

/**
 * A basis a_0..a_3 of GR(2^16, 4) over Z_2^16 that is orthonormal for (x, y) ↦ ψ(x·y):
 * ψ(a_i·a_k) = 1 when i = k, else 0. Four template values v are shared as the element
 * Σ v_k·a_k, so the product of two sharings of the same kind gives, through ψ, the inner product
 * of the values: one sharing serves as gallery entry and as query. (The plain coefficient-0
 * pairing has no such basis: its Gram matrix on 1, X, X^2, X^3 has determinant −1, not a square
 * mod 8. Found by Gram–Schmidt over small vectors; the test checks orthonormality.)
 */
export const VALUE_BASIS: readonly RingElement[] = [
  [0, 43_691, 0, 43_691],
  [1, 43_691, 0, 43_690],
  [32_769, 21_844, 0, 21_846],
  [35_031, 30_505, 53_859, 23_354],
];

/** The element Σ v_k·a_k of four values. */
function encodeGroup(values: RingElement): RingElement {
  let out: RingElement = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    out = ringAdd(out, ringMul([values[k]!, 0, 0, 0], VALUE_BASIS[k]!));
  }
  return out;
}

/** The vector w' with w'_i = coefficient 0 of w·X^i: then Σ s_i·w'_i = coefficient 0 of w·s. */
function pairingVector(w: RingElement): RingElement {
  return [w[0], w[3], w[2], w[1]];
}

/**
 * The three parties' shares of one template: share_j of each group of 4 values is
 * Σ v_k·a_k + R·α_j (degree-1 Shamir over GR(2^16, 4), fresh uniform R per group). A party stores
 * its share in its gallery and compares with it as a query: there is one sharing.
 */
export type TemplateShares = readonly [Uint16Array, Uint16Array, Uint16Array];

/**
 * Secret-shares an iris template for the three parties. Done on the capture device: no
 * party ever sees the template.
 * @param iris the template
 * @param random the randomness (the platform's CSPRNG; a seeded source only in tests)
 */
export function shareTemplate(iris: IrisCode, random: RandomSource = cryptoRandom): TemplateShares {
  return shareValues(templateValues(iris), random);
}

/**
 * Secret-shares any 19,200 template values (an iris template, or a face embedding laid out
 * by faceTemplateValues) for the three parties.
 */
export function shareValues(values: Uint16Array, random: RandomSource = cryptoRandom): TemplateShares {
  if (values.length !== TEMPLATE_VALUES) {
    throw new InputError(`a template has ${TEMPLATE_VALUES} values, not ${values.length}`);
  }
  const shares: [Uint16Array, Uint16Array, Uint16Array] = [
    new Uint16Array(values.length),
    new Uint16Array(values.length),
    new Uint16Array(values.length),
  ];
  const noise = new Uint16Array(random(values.length * 2).buffer);
  for (let e = 0; e < values.length / 4; e++) {
    const secret = encodeGroup(element(values, e));
    const r = element(noise, e);
    for (const party of PARTIES) {
      shares[party].set(ringAdd(secret, ringMul(r, EVALUATION_POINTS[party]!)), 4 * e);
    }
  }
  return shares;
}

/** FORM_WEIGHT · λ_j for each party: what a party multiplies its share by to compare with it. */
const QUERY_WEIGHTS: readonly RingElement[] = PARTIES.map((party) => ringMul(FORM_WEIGHT, LAGRANGE_AT_ZERO[party]!));

/**
 * A party's share made ready for dot products: each element p = FORM_WEIGHT·λ_j·share is mapped to
 * the vector p' with p'_i = coefficient 0 of p·X^i, which is (p0, p3, p2, p1). Then Σ over
 * values of gallery_share · p' is coefficient 0 of FORM_WEIGHT·λ_j·(query_j·gallery_j); over
 * the three parties that adds up to ψ(query·gallery) = the plain dot product of the two templates.
 * So each party gets an additive share (in Z_2^16) of the dot product, with one multiply per value.
 */
export function prepareQuery(party: Party, share: Uint16Array): Uint16Array {
  const weight = QUERY_WEIGHTS[party]!;
  const prepared = new Uint16Array(share.length);
  for (let e = 0; e < share.length / 4; e++) {
    prepared.set(pairingVector(ringMul(weight, element(share, e))), 4 * e);
  }
  return prepared;
}

/** For each party and k: the vector that turns a share's group into an additive share of v_k. */
const VALUE_WEIGHTS: readonly (readonly RingElement[])[] = PARTIES.map((party) =>
  VALUE_BASIS.map((basis) => pairingVector(ringMul(QUERY_WEIGHTS[party]!, basis))),
);

/**
 * A party's additive shares (in Z_2^16) of each template value, from its Shamir share: v_k of a
 * group is ψ(Σ_j λ_j·share_j·a_k), and each party's term is local. The three parties' outputs
 * add up to the template values. The form check (formCheck.ts) starts from these.
 */
export function additiveValueShares(party: Party, share: Uint16Array): Uint16Array {
  const weights = VALUE_WEIGHTS[party]!;
  const out = new Uint16Array(share.length);
  for (let e = 0; e < share.length / 4; e++) {
    const [s0, s1, s2, s3] = element(share, e);
    for (let k = 0; k < 4; k++) {
      const w = weights[k]!;
      out[4 * e + k] = (Math.imul(s0, w[0]) + Math.imul(s1, w[1]) + Math.imul(s2, w[2]) + Math.imul(s3, w[3])) & 0xffff;
    }
  }
  return out;
}

/** Reconstructs the template values from the shares of any two parties (tests, audits). */
export function reconstructShares(
  parties: readonly [Party, Party],
  shares: readonly [Uint16Array, Uint16Array],
): Uint16Array {
  const alphaA = EVALUATION_POINTS[parties[0]]!;
  const alphaB = EVALUATION_POINTS[parties[1]]!;
  // E = (α_b·s_a − α_a·s_b) / (α_b − α_a), then v_k = ψ(E·a_k).
  const inverse = ringInverse(ringSub(alphaB, alphaA));
  const out = new Uint16Array(shares[0].length);
  for (let e = 0; e < out.length / 4; e++) {
    const numerator = ringSub(ringMul(alphaB, element(shares[0], e)), ringMul(alphaA, element(shares[1], e)));
    const secret = ringMul(ringMul(numerator, inverse), FORM_WEIGHT);
    out.set(
      VALUE_BASIS.map((basis) => ringMul(secret, basis)[0]),
      4 * e,
    );
  }
  return out;
}
