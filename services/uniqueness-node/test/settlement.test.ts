import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PopError } from "@pop/core/errors";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { packagesFor, randomPerson } from "../../../packages/uniqueness/test/people.js";
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
      callCluster({ cluster, client, kind: "enroll", requestId, body: { personId: newRequestId(), package: pkg } }),
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
