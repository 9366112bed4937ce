import { InputError } from "@pop/core/errors";
import { type MpcContext, ReplicatedEngine, type Shared } from "./booleanShares.js";
import { andGroups, type CircuitStats, layOut, noMatchBits } from "./matchCircuit.js";
import type { DotShares } from "./shareGallery.js";

/**
 * The N-aware decision on shares (docs/uniqueness.md#n-aware-decisions): from the dot products
 * of every pass (one form of the query against one gallery) to one of three answers, opening
 * nothing more than that answer.
 *
 * - A pass's entry matches when some rotation does (OR over the rotations).
 * - An orientation matches an entry when all its passes do: for irises, both eyes (World's
 *   enrolment rule: max(d_left, d_right) < threshold), in each of the four ways a capture can
 *   present a person's two eyes (as captured, swapped, the mirror image, each eye mirrored).
 * - Entries are split, publicly, by whether they hold the N the request presents. The answer
 *   is `conflict` when some orientation matches an entry with another N, else `same-human`
 *   when one matches an entry with this N, else `unique`. The conflict bit is opened first and
 *   the same-human bit only when there is no conflict, so the parties learn exactly the answer.
 *
 * `decideMatch` is `decideShared` (everything up to the opening, the two group bits left
 * shared) then `openDecision`. A party split over shards runs `decideShared` on each shard and
 * ANDs the shards' bits in MPC before the one opening (docs/uniqueness.md#past-one-machine).
 */

/** The three answers of an N-aware check. */
export type Decision = "unique" | "same-human" | "conflict";

/** What to decide over. */
export type DecisionPlan = {
  /** Each pass's dot shares: `entries` × `width` comparisons, entry-major. */
  readonly passes: readonly DotShares[];
  readonly entries: number;
  /** Comparisons per entry in a pass: 2·rotations + 1. */
  readonly width: number;
  /** Each orientation: the indices of the passes that must all match. */
  readonly orientations: readonly (readonly number[])[];
  /** For each entry: whether it holds the N the request presents. */
  readonly sameHuman: readonly boolean[];
};

/**
 * Bits at `positions` of a sharing, packed from bit 0 (local: both shares move alike).
 * @param bits the sharing
 * @param positions the bit positions to take, in order
 * @returns the packed sharing (at least one word)
 */
export function gatherBits(bits: Shared, positions: readonly number[]): Shared {
  const words = Math.max(1, Math.ceil(positions.length / 32));
  const own = new Uint32Array(words);
  const next = new Uint32Array(words);
  positions.forEach((from, i) => {
    own[i >>> 5]! |= ((bits.own[from >>> 5]! >>> (from & 31)) & 1) << (i & 31);
    next[i >>> 5]! |= ((bits.next[from >>> 5]! >>> (from & 31)) & 1) << (i & 31);
  });
  return { own, next };
}

function concatDots(passes: readonly DotShares[]): DotShares {
  const count = passes.reduce((sum, pass) => sum + pass.count, 0);
  const code = new Uint16Array(count);
  const mask = new Uint16Array(count);
  let at = 0;
  for (const pass of passes) {
    code.set(pass.code, at);
    mask.set(pass.mask, at);
    at += pass.count;
  }
  return { count, code, mask };
}

function checkPlan(plan: DecisionPlan): void {
  const { passes, entries, width, orientations, sameHuman } = plan;
  if (
    !Number.isInteger(entries) ||
    entries < 0 ||
    !Number.isInteger(width) ||
    width < 1 ||
    passes.some((pass) => pass.count !== entries * width) ||
    sameHuman.length !== entries ||
    orientations.length === 0 ||
    orientations.some((o) => o.length === 0 || o.some((p) => !Number.isInteger(p) || p < 0 || p >= passes.length))
  ) {
    throw new InputError("a decision plan needs passes of entries × width comparisons and orientations over them");
  }
}

/**
 * The two group bits of a decision, still shared: bit 0 is 1 when no orientation matches an
 * entry with another N ("no conflict"), bit 1 when none matches an entry with the presented N
 * ("no same-human match"). The other bits of the one word are 0.
 */
export type DecisionBits = Shared;

/** The group bits of a decision over no entries: no conflict, no same-human match. */
export function noEntryBits(engine: ReplicatedEngine): DecisionBits {
  return engine.constant(new Uint32Array([0b11]));
}

/**
 * This party's side of the decision up to, not including, any opening: the two group bits
 * (DecisionBits) as a sharing. A shard of a party's gallery runs this over its entries and
 * hands the bits on still shared; the AND over shards then runs in MPC too
 * (docs/uniqueness.md#past-one-machine), so nobody learns which shard matched.
 * @param engine this party's engine for the request (its rounds and bytes count the work)
 * @param plan the passes, orientations and the entries that hold the presented N
 * @returns the shared group bits
 */
export async function decideShared(engine: ReplicatedEngine, plan: DecisionPlan): Promise<DecisionBits> {
  checkPlan(plan);
  const { passes, entries, width, orientations, sameHuman } = plan;
  if (entries === 0) return noEntryBits(engine);
  // Every comparison's "no match" bit, then per (pass, entry) the AND over its rotations.
  const noMatch = await noMatchBits(engine, concatDots(passes));
  const rotationsSize = 2 ** Math.ceil(Math.log2(width));
  const perPassEntry = Array.from({ length: passes.length * entries }, () => width);
  const laid = layOut(noMatch, perPassEntry, rotationsSize);
  const rotated = await andGroups(engine, engine.xor(laid.shared, engine.constant(laid.padding)), rotationsSize);
  const stride = Math.min(rotationsSize, 32);
  const entryBits = (pass: number) =>
    gatherBits(
      rotated,
      Array.from({ length: entries }, (_, e) => (pass * entries + e) * stride),
    );
  // An orientation does not match an entry when one of its passes does not: NOT(AND of NOTs).
  const pairs: [Shared, Shared][] = [];
  const single: (Shared | undefined)[] = [];
  for (const orientation of orientations) {
    let acc = engine.not(entryBits(orientation[0]!));
    for (const pass of orientation.slice(1, -1)) {
      [acc] = (await engine.and([[acc, engine.not(entryBits(pass))]])) as [Shared];
    }
    if (orientation.length === 1) {
      single.push(engine.not(acc));
    } else {
      single.push(undefined);
      pairs.push([acc, engine.not(entryBits(orientation[orientation.length - 1]!))]);
    }
  }
  const products = pairs.length === 0 ? [] : await engine.and(pairs);
  let next = 0;
  const orientationBits = single.map((bits) => bits ?? engine.not(products[next++]!));
  // All orientations' bits in one vector, orientation-major; then the two groups of entries.
  const wordsPerOrientation = orientationBits[0]!.own.length;
  const combined = {
    own: concatWords(orientationBits.map((bits) => bits.own)),
    next: concatWords(orientationBits.map((bits) => bits.next)),
  };
  const positionsOf = (same: boolean) =>
    orientations.flatMap((_, o) =>
      sameHuman.flatMap((holds, e) => (holds === same ? [o * wordsPerOrientation * 32 + e] : [])),
    );
  const other = positionsOf(false);
  const same = positionsOf(true);
  return andTwoGroups(engine, gatherBits(combined, [...other, ...same]), other.length, same.length);
}

/**
 * ANDs two groups of shared bits, the first `first` bits of `bits` and the `second` after
 * them (an empty group ANDs to 1), into DecisionBits.
 * @param engine this party's engine
 * @param bits the packed bits, from bit 0
 * @param first the first group's size
 * @param second the second group's size
 * @returns bit 0 the first group's AND, bit 1 the second's
 */
export async function andTwoGroups(
  engine: ReplicatedEngine,
  bits: Shared,
  first: number,
  second: number,
): Promise<DecisionBits> {
  const groupSize = 2 ** Math.ceil(Math.log2(Math.max(first, second, 1)));
  const groups = layOut(bits, [first, second], groupSize);
  const decided = await andGroups(engine, engine.xor(groups.shared, engine.constant(groups.padding)), groupSize);
  return gatherBits(decided, [0, Math.min(groupSize, 32)]);
}

/**
 * Opens the answer from the shared group bits: the conflict bit first, the same-human bit
 * only when there is no conflict, so the parties learn exactly the answer.
 * @param engine this party's engine
 * @param bits the shared DecisionBits
 * @returns the answer, the same on all three parties
 */
export async function openDecision(engine: ReplicatedEngine, bits: DecisionBits): Promise<Decision> {
  const openBit = async (at: 0 | 1) => {
    const bit = 1 << at;
    const opened = await engine.open({
      own: new Uint32Array([bits.own[0]! & bit]),
      next: new Uint32Array([bits.next[0]! & bit]),
    });
    return (opened[0]! & bit) === 0; // a 0 ("not no-match") means some comparison matched
  };
  if (await openBit(0)) return "conflict";
  return (await openBit(1)) ? "same-human" : "unique";
}

/**
 * This party's side of the N-aware decision.
 * @param context the party, its channel, pairwise keys and a nonce used for nothing else
 * @param plan the passes, orientations and the entries that hold the presented N
 * @returns the answer (the same on all three parties) and the circuit's measures
 */
export async function decideMatch(
  context: MpcContext,
  plan: DecisionPlan,
): Promise<{ decision: Decision; stats: CircuitStats }> {
  checkPlan(plan);
  if (plan.entries === 0) return { decision: "unique", stats: { rounds: 0, bytesSent: 0 } };
  const engine = new ReplicatedEngine(context);
  const decision = await openDecision(engine, await decideShared(engine, plan));
  return { decision, stats: { rounds: engine.rounds, bytesSent: engine.bytesSent } };
}

function concatWords(parts: readonly Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
