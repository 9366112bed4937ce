/**
 * The Galois ring GR(2^16, 4) = Z_{2^16}[X] / (X^4 − X − 1), the ring World's iris MPC shares
 * templates in. An element is 4 coefficients (u16) c0 + c1·X + c2·X^2 + c3·X^3. Every
 * element whose reduction mod 2 is non-zero is a unit, so Shamir sharing works over it with
 * the evaluation points 1, X and 1 + X (their differences are units too), while the
 * arithmetic stays the machine's native 16-bit wrap-around.
 */

/** A ring element: 4 coefficients, lowest degree first. */
export type RingElement = readonly [number, number, number, number];

const MASK = 0xffff;

/** a + b. */
export function ringAdd(a: RingElement, b: RingElement): RingElement {
  return [(a[0] + b[0]) & MASK, (a[1] + b[1]) & MASK, (a[2] + b[2]) & MASK, (a[3] + b[3]) & MASK];
}

/** a − b. */
export function ringSub(a: RingElement, b: RingElement): RingElement {
  return [(a[0] - b[0]) & MASK, (a[1] - b[1]) & MASK, (a[2] - b[2]) & MASK, (a[3] - b[3]) & MASK];
}

function mul16(a: number, b: number): number {
  return Math.imul(a, b) & MASK;
}

/** a · b, reduced with X^4 = X + 1, X^5 = X^2 + X, X^6 = X^3 + X^2. */
export function ringMul(a: RingElement, b: RingElement): RingElement {
  const c = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      c[i + j] = ((c[i + j] ?? 0) + mul16(a[i] ?? 0, b[j] ?? 0)) & MASK;
    }
  }
  const [c0, c1, c2, c3, c4, c5, c6] = c as [number, number, number, number, number, number, number];
  return [(c0 + c4) & MASK, (c1 + c4 + c5) & MASK, (c2 + c5 + c6) & MASK, (c3 + c6) & MASK];
}

/** Whether a is a unit: its reduction mod 2 is not zero. */
export function isUnit(a: RingElement): boolean {
  return ((a[0] | a[1] | a[2] | a[3]) & 1) === 1;
}

/**
 * a^-1 for a unit a: the inverse mod 2 by search over the 15 non-zero binary elements, then
 * four Newton steps y ← y·(2 − a·y), each doubling the bits of precision (1 → 16).
 */
export function ringInverse(a: RingElement): RingElement {
  if (!isUnit(a)) {
    throw new RangeError("only units of GR(2^16, 4) have an inverse");
  }
  let y: RingElement = [0, 0, 0, 0];
  for (let bits = 1; bits < 16; bits++) {
    const candidate: RingElement = [bits & 1, (bits >> 1) & 1, (bits >> 2) & 1, (bits >> 3) & 1];
    const product = ringMul(a, candidate);
    if ((product[0] & 1) === 1 && ((product[1] | product[2] | product[3]) & 1) === 0) {
      y = candidate;
      break;
    }
  }
  for (let step = 0; step < 4; step++) {
    y = ringMul(y, ringSub([2, 0, 0, 0], ringMul(a, y)));
  }
  return y;
}

/** The evaluation points of parties 0, 1 and 2: 1, X and 1 + X. */
export const EVALUATION_POINTS: readonly RingElement[] = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [1, 1, 0, 0],
];

/**
 * The Lagrange coefficients at 0 for the three evaluation points: a polynomial f of degree
 * ≤ 2 has f(0) = Σ λ_j · f(α_j). The product of two degree-1 sharings is such a polynomial,
 * so λ_j · (share_j(a) · share_j(b)) are additive shares of a · b.
 */
export const LAGRANGE_AT_ZERO: readonly RingElement[] = EVALUATION_POINTS.map((point, j) => {
  let lambda: RingElement = [1, 0, 0, 0];
  EVALUATION_POINTS.forEach((other, k) => {
    if (k !== j) {
      lambda = ringMul(lambda, ringMul(other, ringInverse(ringSub(other, point))));
    }
  });
  return lambda;
});
