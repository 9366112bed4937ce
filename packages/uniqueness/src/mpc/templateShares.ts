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
 * Shamir-shares ring elements: share_j = v + R·α_j with a fresh uniform R per element.
 * `encode` maps the 4 values of an element to the element that is shared.
 */
function shamirShare(
  values: Uint16Array,
  random: RandomSource,
  encode: (group: RingElement) => RingElement,
): [Uint16Array, Uint16Array, Uint16Array] {
  const shares: [Uint16Array, Uint16Array, Uint16Array] = [
    new Uint16Array(values.length),
    new Uint16Array(values.length),
    new Uint16Array(values.length),
  ];
  const noise = new Uint16Array(random(values.length * 2).buffer);
  for (let e = 0; e < values.length / 4; e++) {
    const secret = encode(element(values, e));
    const r = element(noise, e);
    for (const party of PARTIES) {
      shares[party].set(ringAdd(secret, ringMul(r, EVALUATION_POINTS[party]!)), 4 * e);
    }
  }
  return shares;
}

/** The shares of one template for all three parties, in both forms. */
export type TemplateShares = {
  /** What a party stores in its gallery (values in the monomial basis). */
  readonly gallery: readonly [Uint16Array, Uint16Array, Uint16Array];
  /** What a party compares against its gallery (values in the dual basis, see prepareQuery). */
  readonly query: readonly [Uint16Array, Uint16Array, Uint16Array];
};

/**
 * Secret-shares an iris template for the three parties. Done on the person's device: no
 * party ever sees the template.
 * @param iris the template
 * @param random the randomness (the platform's CSPRNG; a seeded source only in tests)
 */
export function shareTemplate(iris: IrisCode, random: RandomSource = cryptoRandom): TemplateShares {
  return shareValues(templateValues(iris), random);
}

/**
 * Secret-shares any 19,200 template values (an iris template, or a face embedding laid out
 * by faceTemplateValues) for the three parties, in both forms.
 */
export function shareValues(values: Uint16Array, random: RandomSource = cryptoRandom): TemplateShares {
  if (values.length !== TEMPLATE_VALUES) {
    throw new InputError(`a template has ${TEMPLATE_VALUES} values, not ${values.length}`);
  }
  return {
    gallery: shamirShare(values, random, (group) => group),
    // The dual basis of 1, X, X^2, X^3 for the pairing (a, b) ↦ coefficient 0 of a·b is
    // 1, X^3, X^2, X (X^i·X^(4−i) = X^4 = 1 + X has coefficient 0 equal to 1).
    query: shamirShare(values, random, ([v0, v1, v2, v3]) => [v0, v3, v2, v1]),
  };
}

/**
 * A party's query share made ready for dot products: each element is multiplied by the
 * party's Lagrange coefficient and mapped to the vector p' with p'_i = coefficient 0 of
 * p·X^i, which is (p0, p3, p2, p1). Then Σ over values of gallery_share · p' is the party's
 * additive share (in Z_2^16) of the plain dot product of the two templates.
 */
export function prepareQuery(party: Party, share: Uint16Array): Uint16Array {
  const lambda = LAGRANGE_AT_ZERO[party]!;
  const prepared = new Uint16Array(share.length);
  for (let e = 0; e < share.length / 4; e++) {
    const [p0, p1, p2, p3] = ringMul(lambda, element(share, e));
    prepared.set([p0, p3, p2, p1], 4 * e);
  }
  return prepared;
}

/** Reconstructs a degree-1 sharing from the shares of any two parties (tests, audits). */
export function reconstructShares(
  parties: readonly [Party, Party],
  shares: readonly [Uint16Array, Uint16Array],
): Uint16Array {
  const alphaA = EVALUATION_POINTS[parties[0]]!;
  const alphaB = EVALUATION_POINTS[parties[1]]!;
  // v = (α_b·s_a − α_a·s_b) / (α_b − α_a)
  const inverse = ringInverse(ringSub(alphaB, alphaA));
  const out = new Uint16Array(shares[0].length);
  for (let e = 0; e < out.length / 4; e++) {
    const numerator = ringSub(ringMul(alphaB, element(shares[0], e)), ringMul(alphaA, element(shares[1], e)));
    out.set(ringMul(numerator, inverse), 4 * e);
  }
  return out;
}
