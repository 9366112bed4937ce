import { InputError } from "@pop/core/errors";
import { bitPlanes } from "./bitPlanes.js";
import { type MpcContext, ReplicatedEngine, type Shared, zeroWords } from "./booleanShares.js";
import type { DotShares } from "./shareGallery.js";

/**
 * The threshold test on shares and the OR over comparisons (docs/uniqueness.md#three-party-mpc).
 *
 * Codes match when mismatches / common < 0.345 = 69/200. With d = code·code = common −
 * 2·mismatches and h = mask·mask = common / 2 this is 50·d − 31·h > 0: exact integers, no
 * rounding. |d| ≤ 12,800 fits 15 bits (two's complement) and h ≤ 6,400 fits 13, so after
 * converting the Z_2^16 shares to bits (a 3-input adder), V − 1 = 32d + 16d + 2d + h +
 * ¬(32h) fits 21 bits and its top bit says "no match". Only the AND of those bits over a
 * group (all of a gallery's entries and rotations) is opened: one bit per query.
 */

/** Bits of d kept: its value lies in [−12,800, 12,800] ⊂ [−2^14, 2^14). */
const CODE_BITS = 15;
/** Bits of h kept: its value lies in [0, 6,400] ⊂ [0, 2^13). */
const MASK_BITS = 13;
/** Width of V − 1: |V − 1| ≤ 50·12,800 + 31·6,400 + 1 < 2^20. */
const WIDTH = 21;

/** Measures of one run, for benchmarks. */
export type CircuitStats = { rounds: number; bytesSent: number };

/**
 * Adds the three parties' additive Z_2^16 shares as bits (returns, per input, its bit planes
 * lowest first, each a sharing of one bit of every value): a carry-save step (one AND round)
 * then a ripple-carry adder, for several numbers at once (one AND per round for each).
 * Party j's input a_j is a sharing (a_j, 0, 0) seen from the right parties, as it is
 * already replicated after `reshare`.
 */
export async function toBits(
  engine: ReplicatedEngine,
  inputs: { own: Uint16Array; next: Uint16Array; width: number }[],
) {
  const party = engine.party;
  const words = Math.ceil((inputs[0]?.own.length ?? 0) / 32);
  const zero = zeroWords(words);
  const planes = inputs.map((input) => ({
    own: bitPlanes(input.own, input.width),
    next: bitPlanes(input.next, input.width),
  }));
  // addend k bit i as a sharing: party j holds a_j (own) and a_{j+1} (next).
  const addend = (n: number, k: number, bit: number): Shared => ({
    own: k === party ? planes[n]!.own[bit]! : zero,
    next: k === (party + 1) % 3 ? planes[n]!.next[bit]! : zero,
  });
  // Carry-save step: one round of full adders on (a_0, a_1, a_2), bit by bit.
  const adders = await engine.fullAdders(
    inputs.flatMap((input, n) =>
      Array.from(
        { length: input.width },
        (_, bit) => [addend(n, 0, bit), addend(n, 1, bit), addend(n, 2, bit)] as const,
      ),
    ),
  );
  let at = 0;
  const sums: Shared[][] = [];
  // carries[n][i]: the carry-save carry into bit i (from bit i − 1); none into bit 0.
  const carries: (Shared | undefined)[][] = [];
  for (const input of inputs) {
    const row = adders.slice(at, at + input.width);
    at += input.width;
    sums.push(row.map((adder) => adder.sum));
    carries.push([undefined, ...row.map((adder) => adder.carry)]);
  }
  // Ripple: bit i = s_i ⊕ c_i ⊕ k_i and k_{i+1} = maj(s_i, c_i, k_i), full adders again; bit 1
  // has no k yet (bit 0 sends no carry into the ripple).
  const results = inputs.map((_, n) => [sums[n]![0]!]);
  const ripple: (Shared | undefined)[] = inputs.map(() => undefined);
  const widest = Math.max(...inputs.map((input) => input.width));
  for (let bit = 1; bit < widest; bit++) {
    const triples: [Shared, Shared, Shared][] = [];
    const owners: number[] = [];
    inputs.forEach((input, n) => {
      if (bit >= input.width) return;
      const s = sums[n]![bit]!;
      const c = carries[n]![bit]!;
      const k = ripple[n];
      if (k === undefined) {
        results[n]!.push(engine.xor(s, c));
        if (bit + 1 < input.width) {
          triples.push([s, c, engine.fill(s.own.length, false)]);
          owners.push(n);
        }
      } else if (bit + 1 < input.width) {
        triples.push([s, c, k]);
        owners.push(n);
      } else {
        results[n]!.push(engine.xor(engine.xor(s, c), k));
      }
    });
    if (triples.length > 0) {
      const added = await engine.fullAdders(triples);
      owners.forEach((n, i) => {
        if (ripple[n] !== undefined) results[n]!.push(added[i]!.sum);
        ripple[n] = added[i]!.carry;
      });
    }
  }
  return results;
}

/** One carry-save step on WIDTH-bit numbers: a + b + c = sum + carry (carry already shifted). */
async function carrySave(engine: ReplicatedEngine, a: Shared[], b: Shared[], c: Shared[]) {
  const adders = await engine.fullAdders(a.slice(0, WIDTH - 1).map((_, i) => [a[i]!, b[i]!, c[i]!] as const));
  const top = WIDTH - 1;
  const sum = [...adders.map((adder) => adder.sum), engine.xor(engine.xor(a[top]!, b[top]!), c[top]!)];
  const words = a[0]!.own.length;
  const carry = [engine.fill(words, false), ...adders.map((adder) => adder.carry)];
  return { sum, carry };
}

/** Bit WIDTH − 1 of a + b: the carry into it by a parallel-prefix tree (log-depth). */
async function topBit(engine: ReplicatedEngine, a: Shared[], b: Shared[]): Promise<Shared> {
  const top = WIDTH - 1;
  const generate = await engine.and(a.slice(0, top).map((x, i) => [x, b[i]!] as [Shared, Shared]));
  // Segments (G, P), lowest bit first; combine neighbours: (G_hi ⊕ P_hi·G_lo, P_hi·P_lo).
  let segments = generate.map((g, i) => ({ g, p: engine.xor(a[i]!, b[i]!) }));
  while (segments.length > 1) {
    const pairs: [Shared, Shared][] = [];
    for (let i = 0; i + 1 < segments.length; i += 2) {
      const lo = segments[i]!;
      const hi = segments[i + 1]!;
      pairs.push([hi.p, lo.g], [hi.p, lo.p]);
    }
    const products = await engine.and(pairs);
    const merged = [];
    for (let i = 0; i + 1 < segments.length; i += 2) {
      const hi = segments[i + 1]!;
      merged.push({ g: engine.xor(hi.g, products[i]!), p: products[i + 1]! });
    }
    if (segments.length % 2 === 1) {
      merged.push(segments[segments.length - 1]!);
    }
    segments = merged;
  }
  return engine.xor(engine.xor(a[top]!, b[top]!), segments[0]!.g);
}

/**
 * ANDs the bits of each group: group k is bits [k·size, (k+1)·size) of `bits`, size a power
 * of two. Halves whole words while groups span more than one, then folds within words.
 * Returns the sharing with each group's result at bit k·min(size, 32).
 */
export async function andGroups(engine: ReplicatedEngine, bits: Shared, size: number): Promise<Shared> {
  let current = bits;
  let span = size;
  while (span > 32) {
    const words = span / 32;
    const groups = current.own.length / words;
    const half = (share: Uint32Array, upper: boolean) => {
      const out = new Uint32Array((groups * words) / 2);
      for (let k = 0; k < groups; k++) {
        const from = k * words + (upper ? words / 2 : 0);
        out.set(share.subarray(from, from + words / 2), (k * words) / 2);
      }
      return out;
    };
    const lo = { own: half(current.own, false), next: half(current.next, false) };
    const hi = { own: half(current.own, true), next: half(current.next, true) };
    current = (await engine.and([[lo, hi]]))[0]!;
    span /= 2;
  }
  for (let shift = span / 2; shift >= 1; shift /= 2) {
    const shifted = {
      own: current.own.map((word) => word >>> shift),
      next: current.next.map((word) => word >>> shift),
    };
    current = (await engine.and([[current, shifted]]))[0]!;
  }
  return current;
}

/**
 * The threshold test on every comparison: a sharing of one bit per comparison (bit i of the
 * vector for comparison i), 1 when the two templates do not match.
 * @param engine this party's engine for the request
 * @param dots this party's additive dot-product shares
 */
export async function noMatchBits(engine: ReplicatedEngine, dots: DotShares): Promise<Shared> {
  const code = await engine.reshare(dots.code);
  const mask = await engine.reshare(dots.mask);
  const [d, h] = await toBits(engine, [
    { ...code, width: CODE_BITS },
    { ...mask, width: MASK_BITS },
  ]);
  const words = d![0]!.own.length;
  const zero = engine.fill(words, false);
  const one = engine.fill(words, true);
  const dAt = (i: number) => (i < 0 ? zero : d![Math.min(i, CODE_BITS - 1)]!);
  const bits = Array.from({ length: WIDTH }, (_, i) => i);
  // V − 1 = 32d + 16d + 2d + h + ¬(32h), all mod 2^21 (d sign-extended, h zero-extended).
  const first = await carrySave(
    engine,
    bits.map((i) => dAt(i - 5)),
    bits.map((i) => dAt(i - 4)),
    bits.map((i) => dAt(i - 1)),
  );
  const second = await carrySave(
    engine,
    first.sum,
    first.carry,
    bits.map((i) => (i < MASK_BITS ? h![i]! : zero)),
  );
  const third = await carrySave(
    engine,
    second.sum,
    second.carry,
    bits.map((i) => (i >= 5 && i < 5 + MASK_BITS ? engine.not(h![i - 5]!) : one)),
  );
  return topBit(engine, third.sum, third.carry);
}

/**
 * This party's side of the match protocol: from its dot-product shares to one opened bit per
 * group, true when some comparison in the group matches. Groups are consecutive runs of
 * comparisons (a query's entries × rotations); the parties must agree on them.
 * @param context the party, its channel, pairwise keys and the request's nonce
 * @param dots this party's additive dot-product shares
 * @param groups the number of comparisons in each group (summing to dots.count)
 */
export async function matchGroups(
  context: MpcContext,
  dots: DotShares,
  groups: readonly number[],
): Promise<{ matches: boolean[]; stats: CircuitStats }> {
  if (groups.reduce((sum, size) => sum + size, 0) !== dots.count || groups.some((size) => size < 1)) {
    throw new InputError("groups must be positive sizes that add up to the comparisons");
  }
  const engine = new ReplicatedEngine(context);
  const noMatch = await noMatchBits(engine, dots);

  // Lay the groups out at a power-of-two stride, padding with 1s ("no match"), and AND them.
  const size = 2 ** Math.ceil(Math.log2(Math.max(...groups)));
  const laidOut = layOut(noMatch, groups, size);
  const padding = engine.constant(laidOut.padding);
  const grouped = await andGroups(engine, engine.xor(laidOut.shared, padding), size);
  // Keep only the result bits, so that opening reveals nothing else.
  const stride = Math.min(size, 32);
  const keep = new Uint32Array(grouped.own.length);
  groups.forEach((_, k) => {
    keep[(k * stride) >>> 5]! |= 1 << ((k * stride) & 31);
  });
  const opened = await engine.open({ own: andWords(grouped.own, keep), next: andWords(grouped.next, keep) });
  const matches = groups.map((_, k) => ((opened[(k * stride) >>> 5]! >>> ((k * stride) & 31)) & 1) === 0);
  return { matches, stats: { rounds: engine.rounds, bytesSent: engine.bytesSent } };
}

function andWords(a: Uint32Array, b: Uint32Array): Uint32Array {
  return a.map((word, i) => word & b[i]!);
}

/** Moves comparison bits to group-aligned positions; `padding` marks the public 1s to add. */
export function layOut(bits: Shared, groups: readonly number[], size: number) {
  const total = groups.length * size;
  const own = new Uint32Array(Math.ceil(total / 32));
  const next = new Uint32Array(own.length);
  const padding = new Uint32Array(own.length);
  let from = 0;
  groups.forEach((count, k) => {
    for (let t = 0; t < size; t++) {
      const to = k * size + t;
      if (t < count) {
        const source = from + t;
        own[to >>> 5]! |= ((bits.own[source >>> 5]! >>> (source & 31)) & 1) << (to & 31);
        next[to >>> 5]! |= ((bits.next[source >>> 5]! >>> (source & 31)) & 1) << (to & 31);
      } else {
        padding[to >>> 5]! |= 1 << (to & 31);
      }
    }
    from += count;
  });
  return { shared: { own, next }, padding };
}
