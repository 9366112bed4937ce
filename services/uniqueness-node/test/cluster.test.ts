import { bytesToHex } from "@pop/core/bytes";
import { nullifierCommitmentOf } from "@pop/protocol/identity";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { recoverFromCluster } from "@pop/uniqueness/client/recover";
import { type CustodyPackage, sealPackage, signPackage } from "@pop/uniqueness/custody/package";
import { mirrorIrisCode } from "@pop/uniqueness/irisCode";
import { CODE_VALUES, shareValues, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import {
  packagesFor,
  randomEmbedding,
  randomPerson,
  recapture,
  recaptureFace,
} from "../../../packages/uniqueness/test/people.js";
import { type RunningNode, startNode } from "../src/node.js";
import { makeTestCluster, rawRequest } from "./localCluster.js";

const random = seededRandom("cluster.test");
const ports = [17_410, 17_411, 17_412];
const local = await makeTestCluster({ basePort: ports[0]!, prefix: "pop-cluster-" });
const { cluster, client } = local;
const make = packagesFor({ nodeKeys: local.keys, source: local.source, random });
const nodes: RunningNode[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});
for (const i of [0, 1, 2]) {
  nodes.push(await startNode({ dataDir: local.nodeDir(i), log: () => {} }));
}

const check = async (pkg: CustodyPackage) =>
  (await callCluster({ cluster, client, kind: "check", body: { package: pkg } })).result;
const enroll = async (pkg: CustodyPackage, personId = newRequestId()) =>
  (await callCluster({ cluster, client, kind: "enroll", body: { personId, package: pkg, commitment: "11" } })).result;
const remove = async (personId: string) =>
  (await callCluster({ cluster, client, kind: "delete", body: { personId, reason: "revoked by the issuer" } })).result;
const heads = () => nodes.map((node) => node.events.head);

describe("three nodes over loopback, mutual TLS 1.3 on every link (in one process)", () => {
  const alice = randomPerson(random);
  const aliceId = newRequestId();

  it("N-aware: unique, then same-human for the same N, conflict for another, unique for a stranger", async () => {
    const pkg = make.iris(alice, alice.nullifierKey);
    expect(await check(pkg)).toEqual({ modality: "iris", decision: "unique" });
    expect(await enroll(pkg, aliceId)).toEqual({ modality: "iris", enrolled: true, slot: 0 });
    const again = recapture(alice, random);
    expect(await check(make.iris(again, alice.nullifierKey))).toEqual({ modality: "iris", decision: "same-human" });
    expect(await enroll(make.iris(again, alice.nullifierKey))).toEqual({
      modality: "iris",
      enrolled: false,
      reason: "the same human is enrolled",
    });
    expect(await check(make.iris(again, 42n))).toEqual({ modality: "iris", decision: "conflict" });
    expect(await enroll(make.iris(again, 42n))).toEqual({
      modality: "iris",
      enrolled: false,
      reason: "another person matches",
    });
    const bob = randomPerson(random);
    expect(await check(make.iris(bob, bob.nullifierKey))).toEqual({ modality: "iris", decision: "unique" });
    expect(nodes.map((node) => node.store.count)).toEqual([1, 1, 1]);
    expect(new Set(heads()).size).toBe(1);
  });

  it("a mirrored capture and the other eye of an enrolled person are not unique", async () => {
    const again = recapture(alice, random);
    const mirrored = { left: mirrorIrisCode(again.right), right: mirrorIrisCode(again.left) };
    const swapped = { left: again.right, right: again.left };
    for (const eyes of [mirrored, swapped]) {
      expect(await check(make.iris(eyes, 7n))).toEqual({ modality: "iris", decision: "conflict" });
      expect(await enroll(make.iris(eyes, 7n))).toMatchObject({ enrolled: false, reason: "another person matches" });
    }
  });

  it("recovery: a fresh capture rebuilds the same n; a stranger's capture is refused", async () => {
    const n = nullifierCommitmentOf(alice.nullifierKey);
    const fresh = {
      left: similarIrisCode({ of: alice.left, flipRate: 0.1, rotation: -2, random }),
      right: similarIrisCode({ of: alice.right, flipRate: 0.1, rotation: -2, random }),
    };
    const recover = (personId: string | null) =>
      recoverFromCluster({ cluster, client, package: make.capture(fresh, n), personId, commitment: 12n });
    const outcome = await recover(aliceId);
    expect(outcome.recovered && outcome.nullifierKey).toBe(alice.nullifierKey);
    // Without the person id, the one entry holding N is compared.
    const byN = await recover(null);
    expect(byN.recovered && byN.nullifierKey).toBe(alice.nullifierKey);
    const stranger = randomPerson(random);
    const refused = await recoverFromCluster({
      cluster,
      client,
      package: make.capture(stranger, n),
      personId: aliceId,
      commitment: 13n,
    });
    expect(refused.recovered).toBe(false);
    expect(refused.answers.map((answer) => answer.result)).toEqual(
      [0, 1, 2].map(() => ({ modality: "iris", recovered: false })),
    );
  });

  it("the audit's poisoned template is refused before it is stored, and makes no one non-unique", async () => {
    // Mask values 0x2000 (every mask·mask a multiple of 2^13) and one code value 1, for both
    // eyes: in the engine this matched 200 of 200 random people (formCheck.test.ts).
    const values = new Uint16Array(TEMPLATE_VALUES);
    values.fill(0x2000, CODE_VALUES);
    values[0] = 1;
    const poisoned = sealPackage({
      modality: "iris",
      shares: [shareValues(values, random), shareValues(values, random)],
      nodeKeys: local.keys,
      nullifierKey: 99n,
      source: local.source,
      random,
    });
    expect(await enroll(poisoned)).toEqual({
      modality: "iris",
      enrolled: false,
      reason: "the template is out of form",
    });
    const people = Array.from({ length: 20 }, () => randomPerson(random));
    for (const person of people) {
      expect(await check(make.iris(person, person.nullifierKey))).toEqual({ modality: "iris", decision: "unique" });
    }
  });

  it("delete needs a reason, goes from every gallery, and the chains stay equal", async () => {
    expect(await remove(aliceId)).toEqual({ deleted: true });
    expect(await remove(aliceId)).toEqual({ deleted: false, reason: "the person is not enrolled" });
    expect(await check(make.iris(recapture(alice, random), 42n))).toEqual({ modality: "iris", decision: "unique" });
    expect(nodes.map((node) => node.store.count)).toEqual([0, 0, 0]);
    expect(new Set(heads()).size).toBe(1);
  });
});

describe("faces go to a gallery of their own", () => {
  it("enrol a face, find the same face again, not a stranger; a delete removes face and irises", async () => {
    const carol = randomPerson(random);
    const personId = newRequestId();
    expect(await enroll(make.face(carol.face, carol.nullifierKey), personId)).toEqual({
      modality: "face",
      enrolled: true,
      slot: 0,
    });
    expect(await check(make.face(recaptureFace(carol, random), carol.nullifierKey))).toEqual({
      modality: "face",
      decision: "same-human",
    });
    expect(await check(make.face(recaptureFace(carol, random), 5n))).toEqual({
      modality: "face",
      decision: "conflict",
    });
    expect(await check(make.face(randomEmbedding(random), 5n))).toEqual({ modality: "face", decision: "unique" });
    expect(await enroll(make.iris(carol, carol.nullifierKey), newRequestId())).toMatchObject({ enrolled: true });
    expect(nodes.map((node) => node.stores.face.count)).toEqual([1, 1, 1]);
    expect(await remove(personId)).toEqual({ deleted: true });
    expect(nodes.map((node) => node.stores.face.count)).toEqual([0, 0, 0]);
  });
});

describe("templates from registered sources only", () => {
  it("refuses a package whose source is not registered, or whose signature is not its source's", async () => {
    const person = randomPerson(random);
    const rogue = packagesFor({
      nodeKeys: local.keys,
      source: { ...local.source, id: "rogue-station", signing: bytesToHex(random(32)) },
      random,
    });
    await expect(check(rogue.iris(person, person.nullifierKey))).rejects.toThrow(
      /refused: the package's source rogue-station is not a registered capture source/,
    );
    const forged = packagesFor({
      nodeKeys: local.keys,
      source: { ...local.source, signing: bytesToHex(random(32)) },
      random,
    });
    await expect(enroll(forged.iris(person, person.nullifierKey))).rejects.toThrow(
      /refused: the package's signature by source local-source does not verify/,
    );
    // Relabelled after signing: the signature no longer holds.
    const relabelled: CustodyPackage = { ...make.face(person.face, person.nullifierKey), nullifierCommitment: "12345" };
    await expect(check(relabelled)).rejects.toThrow(/does not verify/);
    expect(nodes.map((node) => node.store.count + node.stores.face.count)).toEqual([1, 1, 1]);
  });
});

describe("a node refuses bad requests", () => {
  const asClient = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    rawRequest({
      identity: { key: client.tlsKey, certificate: client.certificate },
      certificate: cluster.nodes[0].certificate,
      url: cluster.nodes[0].url,
      path,
      body,
      headers,
    });
  /** A peer posting to node 0's peer port. */
  const asPeer = (party: number, path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    rawRequest({
      identity: local.nodeIdentity(party),
      certificate: cluster.nodes[0].certificate,
      url: cluster.nodes[0].peerUrl,
      path,
      body,
      headers,
    });

  it("a tampered custody part: that node refuses, the others drop it at once, nothing changes", async () => {
    const person = randomPerson(random);
    const pkg = make.iris(person, person.nullifierKey);
    const before = heads();
    const part = pkg.parts[1]!;
    part.ciphertext = `${part.ciphertext[0] === "A" ? "B" : "A"}${part.ciphertext.slice(1)}`;
    // Re-signed by the source after the change, so that only node 1's part is wrong.
    await expect(enroll(signPackage(pkg, local.source))).rejects.toThrow(
      /node 1 refused: custody part 1 does not decrypt|dropped|refused it/,
    );
    expect(heads()).toEqual(before);
    expect(await check(make.iris(randomPerson(random), 3n))).toEqual({ modality: "iris", decision: "unique" });
  });

  it("a replayed request with 409; malformed bodies with 400; oversized ones with 413", async () => {
    const person = randomPerson(random);
    const answer = await callCluster({ cluster, client, kind: "check", body: { package: make.iris(person, 8n) } });
    expect(answer.result.decision).toBe("unique");
    expect(await asClient("/v1/check", "{nope")).toEqual({ status: 400, json: { error: "request is not valid JSON" } });
    expect(await asClient("/v1/check", "x".repeat(600 * 1024))).toEqual({
      status: 413,
      json: { error: "request body over 524288 bytes" },
    });
  });

  it("peer messages from the wrong peer, replayed, or over the round cap", async () => {
    const requestId = newRequestId();
    const payload = new Uint8Array([1, 2, 3]);
    const headers = (round: number) => ({ "x-pop-request": requestId, "x-pop-round": String(round) });
    // Node 0 hears rounds from node 1 (its next) only; who sends is its certificate, not a header.
    expect((await asPeer(2, "/v1/peer", payload, headers(0))).status).toBe(400);
    expect((await asPeer(1, "/v1/peer", payload, { ...headers(0), "x-pop-from": "2" })).status).toBe(200);
    expect(await asPeer(1, "/v1/peer", payload, headers(0))).toEqual({
      status: 409,
      json: { error: `round 0 of ${requestId} was already received` },
    });
    expect((await asPeer(1, "/v1/peer", new Uint8Array(64 << 20), headers(1))).status).toBe(413);
    // Sequencing messages come from node 0 only.
    expect((await asPeer(2, "/v1/peer/order", JSON.stringify({ type: "drop", requestId, reason: "x" }))).status).toBe(
      409,
    );
  });
});
