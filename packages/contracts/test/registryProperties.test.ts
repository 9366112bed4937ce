/**
 * Property tests: random sequences of registry actions by a small population, on one anvil
 * (each run starts from the same snapshot). Actions that the contract refuses are part of the
 * game; after every action the invariants must hold: the set holds exactly the leaves of the
 * owned humanities, no wallet owns two humanities, each owner's walletHumanity is its humanity, a
 * humanity's nullifier commitment never changes once set, and the registry's balance equals what
 * it owes.
 */

import { ranOrReverted } from "@pop/test-utils/chain";
import { ARBITRATION_COST, BASE_APPEAL_COST, type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import fc from "fast-check";
import { type Hex, zeroAddress } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Status } from "../src/generated/enums.js";
import { removalSiblings } from "../src/registry.js";

const PEOPLE = 6;
let h: RegistryHarness;
let people: Person[];
let challenger: Person;
let snapshot: Hex;
let claims = 0;

beforeAll(async () => {
  // A one-day challenge period, so that waits of 1–5 days often end one.
  h = await RegistryHarness.start({ challengePeriod: 86_400, revocationCooldown: 86_400 });
  people = [];
  for (let i = 0; i < PEOPLE; i++) people.push(await h.person());
  challenger = await h.person();
  // Three genesis humans, so that vouchers exist from the start.
  for (const genesis of people.slice(0, 3)) await h.seed(genesis);
  snapshot = (await h.client.request({ method: "evm_snapshot" as never })) as Hex;
});
afterAll(() => h?.stop());

/** Runs a call; a contract revert is an outcome, any other failure is a test error. */
/** Successful actions by kind, over all runs. */
const stats: Record<string, number> = {};
let current = "";
async function attempt(call: () => Promise<unknown>): Promise<boolean> {
  const ran = await ranOrReverted(call);
  if (ran) stats[current] = (stats[current] ?? 0) + 1;
  return ran;
}

type Action =
  | { kind: "claim"; who: number; of: number }
  | { kind: "vouch"; voucher: number; who: number }
  | { kind: "challenge"; request: number; reason: number; duplicate: number }
  | { kind: "rule"; request: number; choice: number; appeal: boolean }
  | { kind: "execute"; request: number }
  | { kind: "process"; request: number }
  | { kind: "revoke"; target: number }
  | { kind: "renounce"; who: number }
  | { kind: "withdraw"; who: number; request: number }
  | { kind: "wait"; days: number };

const person = fc.integer({ min: 0, max: PEOPLE - 1 });
const request = fc.nat(30);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ who: person, of: person, own: fc.boolean() })
      .map(({ who, of, own }) => ({ kind: "claim" as const, who, of: own ? who : of })),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("vouch" as const), voucher: fc.nat(10), who: person }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("challenge" as const),
      request,
      reason: fc.integer({ min: 0, max: 4 }),
      duplicate: person,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("rule" as const),
      request,
      choice: fc.integer({ min: 0, max: 2 }),
      appeal: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("execute" as const), request }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("process" as const), request }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const), target: person }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("renounce" as const), who: fc.integer({ min: 3, max: PEOPLE - 1 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who: person, request }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("wait" as const), days: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wait" as const), days: fc.integer({ min: 6, max: 400 }) }) },
);

/**
 * The request an action's index points at among those with one of `statuses` (any status when
 * none is given), so that actions mostly meet requests they can act on; undefined when none.
 */
async function pick(index: number, ...statuses: number[]): Promise<bigint | undefined> {
  const count = await h.requestCount();
  const fitting: bigint[] = [];
  for (let id = 0n; id < count; id++) {
    if (statuses.length === 0 || statuses.includes((await h.request(id)).status)) fitting.push(id);
  }
  return fitting.length === 0 ? undefined : fitting[index % fitting.length];
}

/** The person an index points at among those registered now (claimed), or undefined. */
async function registered(index: number): Promise<Person | undefined> {
  const alive: Person[] = [];
  for (const p of people) if (await h.read("isHuman", [p.address])) alive.push(p);
  return alive.length === 0 ? undefined : alive[index % alive.length];
}

async function run(a: Action): Promise<void> {
  current = a.kind;
  const deposit = await h.deposit();
  switch (a.kind) {
    case "claim": {
      const who = people[a.who]!;
      await attempt(() => h.claim(who, { id: people[a.of]!.id, evidence: `ipfs://claim-${++claims}` }));
      return;
    }
    case "vouch": {
      const claimers: [Person, bigint][] = [];
      for (const p of people) {
        const open = (await h.read("openRequestOf", [p.address])) as bigint;
        if (open !== 0n) claimers.push([p, open]);
      }
      const voucher = await registered(a.voucher);
      if (voucher === undefined || claimers.length === 0) return;
      const [who, open] = claimers[a.who % claimers.length]!;
      const target = await h.request(open - 1n);
      await attempt(() => h.call(voucher.wallet, "addVouch", [who.address, target.humanityId]));
      await attempt(() => h.advance(who, [voucher]));
      return;
    }
    case "challenge": {
      const requestId = await pick(a.request, Status.Resolving);
      if (requestId === undefined) return;
      const duplicate = a.reason === 4 ? people[a.duplicate]!.id : zeroAddress;
      await attempt(() =>
        h.call(challenger.wallet, "challengeRequest", [requestId, a.reason, duplicate, "x"], ARBITRATION_COST),
      );
      return;
    }
    case "rule": {
      const requestId = await pick(a.request, Status.Disputed);
      if (requestId === undefined) return;
      const q = await h.request(requestId);
      if (q.challenges === 0) return;
      const index = BigInt(q.challenges - 1);
      const c = (await h.read("challenge", [requestId, index])) as { disputeId: bigint };
      await attempt(() => h.vote(c.disputeId, a.choice));
      if (a.appeal) {
        // The requester's side funds its appeal alone, so it wins whatever the ruling.
        await attempt(() => h.call(challenger.wallet, "fundAppeal", [requestId, index, 1], BASE_APPEAL_COST * 3n));
      }
      await attempt(() => h.executeRuling(c.disputeId));
      return;
    }
    case "execute": {
      const requestId = await pick(a.request, Status.Resolving);
      if (requestId === undefined) return;
      const q = await h.request(requestId);
      const executed = await attempt(async () =>
        h.call(challenger.wallet, "executeRequest", [requestId, await h.siblings(q.humanityId)]),
      );
      // Its vouchers are released at once, as the SDK does after an execution.
      if (executed) await h.release(requestId);
      return;
    }
    case "process": {
      const requestId = await pick(a.request, Status.Resolved);
      if (requestId === undefined) return;
      const q = await h.request(requestId);
      const left = q.vouches.slice(q.processedVouches);
      if (left.length === 0) return;
      const records = await Promise.all(left.map((id) => h.humanity(id)));
      const removed = records.map((r) =>
        q.punishVouchers ? r : { commitment: 0n, nullifierCommitment: 0n, attributes: 0n },
      );
      await attempt(async () =>
        h.call(challenger.wallet, "processVouches", [requestId, removalSiblings(await h.set(), removed)]),
      );
      return;
    }
    case "revoke":
      await attempt(() => h.call(challenger.wallet, "revokeHumanity", [people[a.target]!.id, "x"], deposit));
      return;
    case "renounce": {
      const who = people[a.who]!;
      const id = (await h.read("walletHumanity", [who.address])) as Hex;
      await attempt(async () => h.call(who.wallet, "renounceHumanity", [await h.siblings(id)]));
      return;
    }
    case "withdraw": {
      const requestId = await pick(a.request, Status.Resolved, Status.Withdrawn);
      if (requestId === undefined) return;
      await attempt(() => h.call(challenger.wallet, "withdrawDeposit", [people[a.who]!.address, requestId]));
      await attempt(() => h.call(challenger.wallet, "withdrawDeposit", [challenger.address, requestId]));
      return;
    }
    case "wait":
      await h.passTime(a.days * 86_400);
      return;
  }
}

it("keeps the set, ownership and ether invariants over random action sequences", { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 20, maxLength: 40 }), async (actions) => {
      await h.client.request({ method: "evm_revert" as never, params: [snapshot] as never });
      snapshot = (await h.client.request({ method: "evm_snapshot" as never })) as Hex;
      // Once a humanity's N is set it never changes, whatever the sequence.
      const kept = new Map<Hex, bigint>();
      for (const a of actions) {
        await run(a);
        expect(await h.violations()).toEqual([]);
        for (const id of h.ids) {
          const { nullifierCommitment } = await h.humanity(id);
          if (kept.has(id)) expect(nullifierCommitment).toBe(kept.get(id));
          else if (nullifierCommitment !== 0n) kept.set(id, nullifierCommitment);
        }
        const { balance, owed } = await h.ledger();
        expect(balance).toBe(owed);
      }
    }),
    { numRuns: 20, seed: 20261121 },
  );
  // The sequences reached every kind of state change (a generator that only ever met refusals
  // would check nothing).
  for (const kind of ["claim", "vouch", "execute", "challenge", "rule", "revoke", "renounce"]) {
    expect(stats[kind] ?? 0, kind).toBeGreaterThan(0);
  }
});
