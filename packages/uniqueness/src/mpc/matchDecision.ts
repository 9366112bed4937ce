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

/** Bits at `positions` of a sharing, packed from bit 0 (local: both shares move alike). */
function gather(bits: Shared, positions: readonly number[]): Shared {
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
  const { passes, entries, width, orientations, sameHuman } = plan;
  const engine = new ReplicatedEngine(context);
  if (entries === 0) return { decision: "unique", stats: { rounds: 0, bytesSent: 0 } };
  // Every comparison's "no match" bit, then per (pass, entry) the AND over its rotations.
  const noMatch = await noMatchBits(engine, concatDots(passes));
  const rotationsSize = 2 ** Math.ceil(Math.log2(width));
  const perPassEntry = Array.from({ length: passes.length * entries }, () => width);
  const laid = layOut(noMatch, perPassEntry, rotationsSize);
  const rotated = await andGroups(engine, engine.xor(laid.shared, engine.constant(laid.padding)), rotationsSize);
  const stride = Math.min(rotationsSize, 32);
  const entryBits = (pass: number) =>
    gather(
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
  const groupSize = 2 ** Math.ceil(Math.log2(Math.max(other.length, same.length, 1)));
  const grouped = gather(combined, [...other, ...same]);
  const groups = layOut(grouped, [other.length, same.length], groupSize);
  const decided = await andGroups(engine, engine.xor(groups.shared, engine.constant(groups.padding)), groupSize);
  const groupStride = Math.min(groupSize, 32);
  const openGroup = async (k: number) => {
    const at = k * groupStride;
    const bit = 1 << (at & 31);
    const word = at >>> 5;
    const opened = await engine.open({
      own: new Uint32Array([decided.own[word]! & bit]),
      next: new Uint32Array([decided.next[word]! & bit]),
    });
    return (opened[0]! & bit) === 0; // a 0 ("not no-match") means some comparison matched
  };
  const stats = () => ({ rounds: engine.rounds, bytesSent: engine.bytesSent });
  if (await openGroup(0)) return { decision: "conflict", stats: stats() };
  return { decision: (await openGroup(1)) ? "same-human" : "unique", stats: stats() };
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
