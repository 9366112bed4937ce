import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PopError } from "@pop/core/errors";
import { Identity, nullifierCommitmentOf } from "@pop/protocol/identity";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { recoverFromCluster } from "@pop/uniqueness/client/recover";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { packagesFor, randomPerson, recapture } from "../../../packages/uniqueness/test/people.js";
import type { FaultStep } from "../src/execute/types.js";
import { type RunningNode, startNode } from "../src/node.js";
import type { Settlement } from "../src/settlement.js";
import { makeTestCluster } from "./localCluster.js";

const random = seededRandom("settlement.test");
const basePort = 17_420;
const local = await makeTestCluster({ basePort, prefix: "pop-settle-" });
const { cluster, client, keys, dir } = local;
const nodes: RunningNode[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

/** A fault of this test: node 2 fails between the two phases of an enrolment. */
class InjectedFault extends PopError {}

describe("an enrolment that fails between its two phases (an injected fault, in process)", () => {
  it("is aborted by every node that prepared it; each says so once it is free again", async () => {
    const settled: Settlement[][] = [[], [], []];
    const free: Promise<void>[] = [];
    const announce: (() => void)[] = [];
    for (const party of [0, 1, 2] as const) {
      free.push(new Promise((resolve) => announce.push(resolve)));
      nodes.push(
        await startNode({
          dataDir: join(dir, `node${party}`),
          peerTimeoutMs: 2000,
          log: () => {},
          onSettled: (settlement) => {
            settled[party]!.push(settlement);
            announce[party]!();
          },
          ...(party === 2
            ? {
                faults: {
                  afterPrepare: () => {
                    throw new InjectedFault("power cut after prepare");
                  },
                },
              }
            : {}),
        }),
      );
    }
    const requestId = newRequestId();
    const person = randomPerson(random);
    const pkg = packagesFor({ nodeKeys: keys, source: local.source, random }).iris(person, person.nullifierKey);
    await expect(
      callCluster({
        cluster,
        client,
        kind: "enroll",
        requestId,
        body: { personId: newRequestId(), package: pkg, commitment: "5" },
      }),
    ).rejects.toThrow("node 2 refused: power cut after prepare");
    const holders = [0, 1, 2].filter((party) => readdirSync(join(dir, `node${party}`, "pending")).length > 0);
    expect(holders).toContain(2);
    await Promise.all(holders.map((party) => free[party]));
    expect(holders.map((party) => settled[party])).toEqual(
      holders.map(() => [{ requestId, modality: "iris", kind: "enroll", outcome: "aborted" }]),
    );
    expect(nodes.map((node) => [node.store.count, node.store.pending().length])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    // Free again: the next request is served, and the person was never enrolled.
    const check = await callCluster({ cluster, client, kind: "check", body: { package: pkg } });
    expect(check.result).toEqual({ modality: "iris", decision: "unique" });
    expect(new Set(nodes.map((node) => node.events.head)).size).toBe(1);
  });
});

describe("a recovery that fails between its two phases, or after writing its event (injected faults)", () => {
  it("is aborted when prepared only, and applied from the peers once written: c is one on all three", async () => {
    await Promise.all(nodes.splice(0).map((node) => node.close()));
    const settled: Settlement[][] = [[], [], []];
    const waiters: { party: number; requestId: string; resolve: () => void }[] = [];
    const settledHere = (party: number, requestId: string) =>
      settled[party]!.some((s) => s.requestId === requestId)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ party, requestId, resolve }));
    // Node 2 fails at the first recovery's prepare, then right after the second one's event.
    const failAt: FaultStep[] = ["recover:prepared", "recover:written"];
    for (const party of [0, 1, 2] as const) {
      nodes.push(
        await startNode({
          dataDir: join(dir, `node${party}`),
          peerTimeoutMs: 2000,
          log: () => {},
          onSettled: (settlement) => {
            settled[party]!.push(settlement);
            for (const waiter of waiters.filter((w) => w.party === party && w.requestId === settlement.requestId)) {
              waiter.resolve();
            }
          },
          ...(party === 2
            ? {
                faults: {
                  at: (step: FaultStep) => {
                    if (step === failAt[0]) throw new InjectedFault(`power cut at ${failAt.shift()}`);
                  },
                },
              }
            : {}),
        }),
      );
    }
    const make = packagesFor({ nodeKeys: keys, source: local.source, random });
    const person = randomPerson(random);
    const personId = newRequestId();
    const [old, first, second] = ["old", "first", "second"].map((name) => new Identity(`settlement.test ${name}`));
    const pkg = make.iris(person, person.nullifierKey);
    const body = { personId, package: pkg, commitment: String(old!.commitment) };
    expect((await callCluster({ cluster, client, kind: "enroll", body })).result).toMatchObject({ enrolled: true });
    const slot = nodes[0]!.store.slotOf(personId)!;
    const commitments = () => nodes.map((node) => node.store.entryAt(slot)?.commitment);
    const holders = () => [0, 1, 2].filter((party) => nodes[party]!.store.pendingRekeys().length > 0);
    const recover = (authenticator: Identity, requestId: string) =>
      recoverFromCluster({
        cluster,
        client,
        package: make.capture(recapture(person, random), nullifierCommitmentOf(person.nullifierKey)),
        personId,
        commitment: authenticator.commitment,
        requestId,
      });
    const outcomes = async (requestId: string, held: number[]) => {
      await Promise.all(held.map((party) => settledHere(party, requestId)));
      return held.map((party) => settled[party]!.filter((s) => s.requestId === requestId).map((s) => s.outcome));
    };

    const aborted = newRequestId();
    await expect(recover(first!, aborted)).rejects.toThrow("node 2 refused: power cut at recover:prepared");
    const abortedHolders = holders();
    expect(abortedHolders).toContain(2);
    expect(await outcomes(aborted, abortedHolders)).toEqual(abortedHolders.map(() => ["aborted"]));
    expect(commitments()).toEqual([old, old, old].map((key) => String(key!.commitment)));

    const applied = newRequestId();
    await expect(recover(second!, applied)).rejects.toThrow("node 2 refused: power cut at recover:written");
    expect(holders()).toEqual([2]);
    expect(await outcomes(applied, [2])).toEqual([["committed"]]);
    expect(commitments()).toEqual([second, second, second].map((key) => String(key!.commitment)));
    expect(nodes.map((node) => node.store.pendingRekeys())).toEqual([[], [], []]);
    expect(new Set(nodes.map((node) => node.events.head)).size).toBe(1);
    expect(settled[2]!.find((s) => s.requestId === applied)).toEqual({
      requestId: applied,
      modality: "iris",
      kind: "recover",
      outcome: "committed",
    });
  });
});
