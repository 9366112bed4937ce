/**
 * The cross-chain property (docs/registry.md#home-chain): over random sequences of claims,
 * renewals, revocations, transfers, mirror updates, deliveries, applications and bounces on two
 * anvil chains, every humanity is home on exactly one chain or in flight between them, never
 * lost or doubled; each chain's set holds exactly the leaves of the humanities with an owner
 * there; ether is conserved on each chain. Each person has two Humanity IDs (its address and
 * an alias), so that one wallet can own a humanity on each chain and a transfer into the other
 * is bounced. The generator claims an ID only where it is home or, for an ID neither chain
 * knows, on one chain: claiming one ID natively on both chains makes two homes by design (as
 * in PoH v2, a transfer between them is then bounced too).
 */

import { ranOrReverted } from "@pop/test-utils/chain";
import type { Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import fc from "fast-check";
import { type Hex, zeroAddress } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { humanityGatewayAbi } from "../src/generated/humanityGateway.js";
import { readEvents } from "../src/readEvents.js";
import { TwoChains } from "./crossChainFixture.js";

const PEOPLE = 3;
/** The humanities followed: each person's own ID and its alias (index t: person t % PEOPLE). */
const TRACKED = 2 * PEOPLE;
const DAY = 86_400;
let chains: TwoChains;
let both: [RegistryHarness, RegistryHarness];
/** The people, one Person per chain (same key and identity). */
let people: [Person, Person][];
/** The Humanity ID of each followed humanity. */
let ids: Hex[];
/** Two genesis vouchers per chain. */
let vouchers: [Person[], Person[]];
let snapshots: [Hex, Hex];
let renewals = 0;

beforeAll(async () => {
  // Short periods, so that a few waits reach renewal windows, expiries and challenge ends.
  chains = await TwoChains.start({
    challengePeriod: DAY,
    revocationCooldown: DAY,
    lifespan: 40 * DAY,
    renewalPeriod: 30 * DAY,
  });
  both = [chains.a, chains.b];
  people = [];
  for (let i = 0; i < PEOPLE; i++) {
    const onA = await chains.a.person();
    people.push([onA, await chains.b.adopt(onA)]);
  }
  ids = [];
  for (let t = 0; t < TRACKED; t++) {
    ids.push(t < PEOPLE ? people[t]![0]!.id : (`0x${"a1".repeat(19)}${t.toString(16).padStart(2, "0")}` as Hex));
  }
  vouchers = [[], []];
  for (const [c, h] of both.entries()) {
    for (let i = 0; i < 2; i++) vouchers[c]!.push(await h.seeded());
  }
  // The invariants cover the aliases too.
  for (const h of both) h.ids.push(...ids.slice(PEOPLE));
  snapshots = (await Promise.all(
    both.map((h) => h.client.request({ method: "evm_snapshot" as never })),
  )) as unknown as [Hex, Hex];
});
afterAll(() => chains?.stop());

/** Successful actions by kind, over all runs. */
const stats: Record<string, number> = {};
let current = "";
/** Runs a call; a contract revert is an outcome, any other failure is a test error. */
async function attempt(call: () => Promise<unknown>): Promise<void> {
  if (await ranOrReverted(call)) stats[current] = (stats[current] ?? 0) + 1;
}

type Action =
  | { kind: "register"; who: number; chain: number }
  | { kind: "renew" | "revoke" | "transfer" | "update"; who: number }
  | { kind: "deliver"; chain: number }
  | { kind: "settle"; chain: number }
  | { kind: "wait"; days: number };

const who = fc.integer({ min: 0, max: TRACKED - 1 });
const chain = fc.integer({ min: 0, max: 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("register" as const), who, chain }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("renew" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("transfer" as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("update" as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("deliver" as const), chain }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("settle" as const), chain }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wait" as const), days: fc.integer({ min: 1, max: 35 }) }) },
);

/** The chains (0 A, 1 B) where a followed humanity is home: its N known there and not away. */
async function homes(t: number): Promise<number[]> {
  const found: number[] = [];
  for (const [c, h] of both.entries()) {
    const record = await h.humanity(ids[t]!);
    if (record.nullifierCommitment !== 0n && !record.away) found.push(c);
  }
  return found;
}

/** Whether either chain knows a followed humanity (its N set there). */
async function known(t: number): Promise<boolean> {
  for (const h of both) if ((await h.humanity(ids[t]!)).nullifierCommitment !== 0n) return true;
  return false;
}

/**
 * Transfers of a followed humanity sent by either gateway and not applied or bounced where they
 * went (delivered or not), with the chain each went to.
 */
async function flying(t: number): Promise<{ to: RegistryHarness; messageId: Hex }[]> {
  const found: { to: RegistryHarness; messageId: Hex }[] = [];
  for (const [c, h] of both.entries()) {
    const logs = await readEvents({ client: h.client, address: chains.gatewayOf(h), abi: humanityGatewayAbi });
    for (const log of logs) {
      const args = log.args as { messageId: Hex; humanityId: Hex; transfer: boolean };
      if (log.eventName !== "MessageSent" || !args.transfer || args.humanityId !== ids[t]) continue;
      const arrival = (await chains.gatewayRead(both[1 - c]!, "arrival", [args.messageId])) as { applied: boolean };
      if (!arrival.applied) found.push({ to: both[1 - c]!, messageId: args.messageId });
    }
  }
  return found;
}

const inFlight = async (t: number) => (await flying(t)).length;

async function run(a: Action): Promise<void> {
  current = a.kind;
  if (a.kind === "deliver") {
    await chains.deliver(both[a.chain]!, both[1 - a.chain]!);
    stats.deliver = (stats.deliver ?? 0) + 1;
    return;
  }
  if (a.kind === "settle") {
    const { applied, bounced } = await chains.settle(both[a.chain]!);
    stats.applied = (stats.applied ?? 0) + applied.length;
    stats.bounced = (stats.bounced ?? 0) + bounced.length;
    return;
  }
  if (a.kind === "wait") {
    for (const h of both) await h.passTime(a.days * DAY);
    return;
  }
  const home = (await homes(a.who))[0];
  const id = ids[a.who]!;
  if (a.kind === "register") {
    // A reclaim where it is home, or a first claim where neither chain knows the ID.
    const c = home ?? ((await known(a.who)) ? undefined : a.chain);
    if (c === undefined) return;
    const voucher = vouchers[c]![renewals++ % 2]!;
    await attempt(() =>
      both[c]!.register(people[a.who % PEOPLE]![c]!, voucher, { id, evidence: `ipfs://claim-${renewals}` }),
    );
    return;
  }
  // The rest act on the chain where the humanity is home (an update from elsewhere is refused).
  const c = home ?? 0;
  const h = both[c]!;
  const person = people[a.who % PEOPLE]![c]!;
  const other = chains.chainId(both[1 - c]!);
  if (a.kind === "update") {
    await attempt(() => chains.gatewayCall(h, person.wallet, "updateHumanity", [other, id]));
    return;
  }
  if (home === undefined) return;
  if (a.kind === "transfer") {
    // The gateway moves the humanity the wallet is bound to on this chain.
    if ((await h.read("walletHumanity", [person.address])) !== id) return;
    await attempt(async () => chains.gatewayCall(h, person.wallet, "transferHumanity", [other, await h.siblings(id)]));
  } else if (a.kind === "renew") {
    if ((await h.read("walletHumanity", [person.address])) !== id) return;
    await attempt(async () => {
      const requestId = await h.renew(person, { evidence: `ipfs://renewal-${++renewals}` });
      const voucher = vouchers[c]![renewals % 2]!;
      await h.vouch(voucher, person, id);
      await h.advance(person, [voucher]);
      await h.execute(requestId);
    });
  } else {
    const revoker = vouchers[c]![0]!;
    await attempt(() => h.revokeUnchallenged(revoker, id));
  }
}

/** Every invariant of the property, on both chains. */
async function check(): Promise<void> {
  for (let t = 0; t < TRACKED; t++) {
    if (!(await known(t))) continue;
    const found = await homes(t);
    const flying = await inFlight(t);
    expect([found.length + flying, found.length <= 1], `humanity ${t}: homes ${found}, in flight ${flying}`).toEqual([
      1,
      true,
    ]);
    // Owned where it is not home only as a mirror.
    for (const [c, h] of both.entries()) {
      const record = await h.humanity(ids[t]!);
      if (record.owner !== zeroAddress && !record.away) expect(found).toEqual([c]);
    }
  }
  for (const h of both) {
    expect(await h.violations()).toEqual([]);
    const { balance, owed } = await h.ledger();
    expect(balance).toBe(owed);
  }
}

it("keeps every humanity home on exactly one chain or in flight, the sets and the ether", {
  timeout: 900_000,
}, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 15, maxLength: 30 }), async (actions) => {
      for (const [c, h] of both.entries()) {
        await h.client.request({ method: "evm_revert" as never, params: [snapshots[c]] as never });
        snapshots[c] = (await h.client.request({ method: "evm_snapshot" as never })) as Hex;
      }
      for (const a of actions) {
        await run(a);
        await check();
      }
      // Delivered and settled both ways twice (a bounce comes back in the second round),
      // nothing is in flight: each humanity ever claimed is home on exactly one chain.
      for (let round = 0; round < 2; round++) {
        for (const c of [0, 1]) {
          await chains.deliver(both[c]!, both[1 - c]!);
          await chains.settle(both[1 - c]!);
        }
      }
      await check();
      // What is still in flight is a transfer sent back by a bounce, waiting at its old home
      // where its owner's wallet took another humanity meanwhile (it is never bounced again).
      for (let t = 0; t < TRACKED; t++) {
        for (const { to, messageId } of await flying(t)) {
          const arrival = (await chains.gatewayRead(to, "arrival", [messageId])) as { returning: boolean };
          expect([arrival.returning, await chains.gatewayRead(to, "blocked", [messageId])]).toEqual([true, true]);
          stats.waiting = (stats.waiting ?? 0) + 1;
        }
      }
    }),
    { numRuns: 15, seed: 20261202 },
  );
  for (const kind of ["register", "renew", "revoke", "transfer", "update", "applied", "bounced"]) {
    expect(stats[kind] ?? 0, kind).toBeGreaterThan(0);
  }
});
