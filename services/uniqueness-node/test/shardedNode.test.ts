import { callCluster } from "@pop/uniqueness/client/callCluster";
import type { CustodyPackage } from "@pop/uniqueness/custody/package";
import { mirrorIrisCode } from "@pop/uniqueness/irisCode";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { packagesFor, randomPerson, recapture, recaptureFace } from "../../../packages/uniqueness/test/people.js";
import { type RunningNode, startNode } from "../src/node.js";
import { makeTestCluster, type TestCluster } from "./localCluster.js";

/**
 * Nodes that run their galleries as shard workers (docs/uniqueness.md#past-one-machine): each
 * node its own nats-server and two shard threads, shard k linked to shard k of the other
 * nodes. The same requests go to a sharded cluster and to an unsharded one: every answer must
 * be the same, and the one the request was made to have, across a restart of a sharded node.
 */

const random = seededRandom("shardedNode.test");
type Running = { local: TestCluster; nodes: RunningNode[] };
const clusters: Running[] = [];
afterAll(async () => {
  await Promise.all(clusters.flatMap((running) => running.nodes.map((node) => node.close())));
});

async function start(basePort: number, shards?: number): Promise<Running> {
  const local = await makeTestCluster({ basePort, prefix: "pop-sharded-node-", ...(shards ? { shards } : {}) });
  const nodes = await Promise.all([0, 1, 2].map((i) => startNode({ dataDir: local.nodeDir(i), log: () => {} })));
  const running = { local, nodes };
  clusters.push(running);
  return running;
}

const sharded = await start(17_620, 2);
const whole = await start(17_650);
const people = Array.from({ length: 4 }, () => randomPerson(random));
const ids = people.map(() => newRequestId());

/** One step, made once and sent to both clusters: a package for each cluster's node keys. */
type Step =
  | { kind: "check" | "enroll"; make: (on: Running) => CustodyPackage; personId?: string }
  | { kind: "delete"; personId: string };

async function send(on: Running, step: Step): Promise<unknown> {
  const { cluster, client } = on.local;
  if (step.kind === "delete") {
    const body = { personId: step.personId, reason: "revoked by the issuer" };
    return (await callCluster({ cluster, client, kind: "delete", body })).result;
  }
  const pkg = step.make(on);
  if (step.kind === "check")
    return (await callCluster({ cluster, client, kind: "check", body: { package: pkg } })).result;
  const body = { personId: step.personId ?? newRequestId(), package: pkg, commitment: "11" };
  return (await callCluster({ cluster, client, kind: "enroll", body })).result;
}

// The captures are made once, so both clusters see the same eyes; only the sealing differs.
const iris =
  (eyes: { left: (typeof people)[0]["left"]; right: (typeof people)[0]["right"] }, n: bigint) => (on: Running) =>
    packagesFor({ nodeKeys: on.local.keys, source: on.local.source, random }).iris(eyes, n);
const face = (embedding: number[], n: bigint) => (on: Running) =>
  packagesFor({ nodeKeys: on.local.keys, source: on.local.source, random }).face(embedding, n);

async function both(step: Step): Promise<unknown> {
  const [a, b] = await Promise.all([send(sharded, step), send(whole, step)]);
  expect(a).toEqual(b);
  return a;
}

describe("nodes of two shards each", () => {
  const [alice, bob, carol, dave] = people as [
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
  ];

  it("answer as unsharded nodes: enrolments, same N, another N, the mirror, a stranger, faces, a delete", async () => {
    expect(await both({ kind: "enroll", make: iris(alice, alice.nullifierKey), personId: ids[0]! })).toEqual({
      modality: "iris",
      enrolled: true,
      slot: 0,
    });
    expect(await both({ kind: "enroll", make: iris(bob, bob.nullifierKey), personId: ids[1]! })).toEqual({
      modality: "iris",
      enrolled: true,
      slot: 1,
    });
    expect(await both({ kind: "enroll", make: iris(carol, carol.nullifierKey), personId: ids[2]! })).toMatchObject({
      enrolled: true,
      slot: 2,
    });
    const again = recapture(bob, random);
    expect(await both({ kind: "check", make: iris(again, bob.nullifierKey) })).toEqual({
      modality: "iris",
      decision: "same-human",
    });
    expect(await both({ kind: "check", make: iris(again, 9n) })).toEqual({ modality: "iris", decision: "conflict" });
    const mirrored = { left: mirrorIrisCode(again.right), right: mirrorIrisCode(again.left) };
    expect(await both({ kind: "enroll", make: iris(mirrored, 9n) })).toMatchObject({
      enrolled: false,
      reason: "another person matches",
    });
    expect(await both({ kind: "check", make: iris(dave, dave.nullifierKey) })).toEqual({
      modality: "iris",
      decision: "unique",
    });
    expect(await both({ kind: "enroll", make: face(dave.face, dave.nullifierKey), personId: ids[3]! })).toMatchObject({
      modality: "face",
      enrolled: true,
    });
    expect(await both({ kind: "check", make: face(recaptureFace(dave, random), 5n) })).toEqual({
      modality: "face",
      decision: "conflict",
    });
    expect(await both({ kind: "delete", personId: ids[1]! })).toEqual({ deleted: true });
    expect(await both({ kind: "check", make: iris(recapture(bob, random), 9n) })).toEqual({
      modality: "iris",
      decision: "unique",
    });
    expect(new Set(sharded.nodes.map((node) => node.events.head)).size).toBe(1);
    // Every decision over a gallery that holds someone ran on the shards: 8 (the first iris and
    // the first face enrolment meet an empty gallery, and a delete decides nothing).
    expect(sharded.nodes.map((node) => [node.shards?.shards, node.shards?.decisions])).toEqual([
      [2, 8],
      [2, 8],
      [2, 8],
    ]);
    expect(whole.nodes.map((node) => node.shards)).toEqual([undefined, undefined, undefined]);
  }, 240_000);

  it("after a sharded node restarts, its shards hold the store again: found, and the freed slot reused", async () => {
    await sharded.nodes[1]!.close();
    sharded.nodes[1] = await startNode({ dataDir: sharded.local.nodeDir(1), log: () => {} });
    expect(await both({ kind: "check", make: iris(recapture(carol, random), 9n) })).toEqual({
      modality: "iris",
      decision: "conflict",
    });
    expect(await both({ kind: "enroll", make: iris(bob, bob.nullifierKey) })).toEqual({
      modality: "iris",
      enrolled: true,
      slot: 1,
    });
    expect(await both({ kind: "check", make: iris(recapture(bob, random), bob.nullifierKey) })).toEqual({
      modality: "iris",
      decision: "same-human",
    });
  }, 240_000);
});
