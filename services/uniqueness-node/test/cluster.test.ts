import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexToBytes } from "@pop/core/bytes";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import type { Cluster } from "@pop/uniqueness/cluster/clusterFile";
import { type CustodyPackage, createCustodyPackage, createFaceCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { quantizeFace } from "@pop/uniqueness/faceTemplate";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningNode, startNode } from "../src/node.js";
import { createNodeSecrets, nodeInfo, pairwiseKey } from "../src/nodeKeys.js";
import { peerMac } from "../src/peerLink.js";

const random = seededRandom("cluster.test");
const base = mkdtempSync(join(tmpdir(), "pop-cluster-"));
const ports = [17_410, 17_411, 17_412];
const secrets = ([0, 1, 2] as const).map((party) => createNodeSecrets(party));
const cluster: Cluster = {
  type: "pop.uniquenessCluster",
  version: 1,
  nodes: secrets.map((s, i) => nodeInfo(s, `http://127.0.0.1:${ports[i]}`)) as Cluster["nodes"],
};
for (const [i, s] of secrets.entries()) {
  mkdirSync(join(base, `node${i}`));
  writeFileSync(join(base, `node${i}`, "node-key.json"), JSON.stringify(s));
  writeFileSync(join(base, `node${i}`, "cluster.json"), JSON.stringify(cluster));
}
const keys = cluster.nodes.map((node) => hexToBytes(node.encryptionKey, "k", 32)) as [
  Uint8Array,
  Uint8Array,
  Uint8Array,
];
const nodes: RunningNode[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

describe("three nodes over loopback HTTP (in one process)", () => {
  it("check, enroll, check again, delete", async () => {
    for (const i of [0, 1, 2]) {
      nodes.push(await startNode({ dataDir: join(base, `node${i}`), port: ports[i]!, log: () => {} }));
    }
    const alice = randomIrisCode(random);
    const pkg = createCustodyPackage(alice, keys);
    const check = await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: pkg } });
    expect(check.result).toEqual({ modality: "iris", unique: true });
    const personId = newRequestId();
    const enroll = await callCluster({
      cluster,
      kind: "enroll",
      body: { requestId: newRequestId(), personId, package: pkg },
    });
    expect(enroll.result).toEqual({ modality: "iris", enrolled: true, slot: 0 });
    const again = createCustodyPackage(similarIrisCode({ of: alice, flipRate: 0.15, rotation: 4, random }), keys);
    expect(
      (await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: again } })).result,
    ).toEqual({ modality: "iris", unique: false });
    expect(
      (
        await callCluster({
          cluster,
          kind: "enroll",
          body: { requestId: newRequestId(), personId: newRequestId(), package: again },
        })
      ).result,
    ).toEqual({ modality: "iris", enrolled: false, reason: "a matching person is enrolled" });
    const bob = createCustodyPackage(randomIrisCode(random), keys);
    expect(
      (await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: bob } })).result,
    ).toEqual({ modality: "iris", unique: true });
    expect(
      (await callCluster({ cluster, kind: "delete", body: { requestId: newRequestId(), personId } })).result,
    ).toEqual({ deleted: true });
    expect(
      (await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: again } })).result,
    ).toEqual({ modality: "iris", unique: true });
  });
});

/** A face embedding: uniform values in [−1, 1) from the seeded source. */
function embedding(): number[] {
  return Array.from(random(2048).subarray(0, 1024), (byte) => byte / 128 - 1);
}

describe("faces go to a gallery of their own", () => {
  it("enroll a face, find the same face again, not a stranger; irises untouched; delete removes both", async () => {
    const carol = embedding();
    // Another capture of Carol: cosine 1/√1.25 ≈ 0.89 with the first (the engine's threshold is 0.606).
    const noise = embedding();
    const carolAgain = carol.map((value, i) => value + 0.5 * noise[i]!);
    const irisesBefore = nodes.map((node) => node.store.count);
    const personId = newRequestId();
    const facePackage = (values: number[]) => createFaceCustodyPackage(quantizeFace(values), keys);
    const call = (kind: "check" | "enroll", body: { personId?: string; package: CustodyPackage }) =>
      kind === "check"
        ? callCluster({ cluster, kind, body: { requestId: newRequestId(), package: body.package } }).then(
            (a) => a.result,
          )
        : callCluster({
            cluster,
            kind,
            body: { requestId: newRequestId(), personId: body.personId!, package: body.package },
          }).then((a) => a.result);

    expect(await call("enroll", { personId, package: facePackage(carol) })).toEqual({
      modality: "face",
      enrolled: true,
      slot: 0,
    });
    expect(await call("check", { package: facePackage(carolAgain) })).toEqual({ modality: "face", unique: false });
    expect(await call("enroll", { personId: newRequestId(), package: facePackage(carolAgain) })).toEqual({
      modality: "face",
      enrolled: false,
      reason: "a matching person is enrolled",
    });
    expect(await call("check", { package: facePackage(embedding()) })).toEqual({ modality: "face", unique: true });
    expect(nodes.map((node) => node.stores.face.count)).toEqual([1, 1, 1]);
    expect(nodes.map((node) => node.store.count)).toEqual(irisesBefore);
    // The same person id may hold an iris too; a delete removes both.
    const iris = randomIrisCode(random);
    expect(await call("enroll", { personId, package: createCustodyPackage(iris, keys) })).toMatchObject({
      modality: "iris",
      enrolled: true,
    });
    expect(
      (await callCluster({ cluster, kind: "delete", body: { requestId: newRequestId(), personId } })).result,
    ).toEqual({ deleted: true });
    expect(await call("check", { package: facePackage(carolAgain) })).toEqual({ modality: "face", unique: true });
    expect(await call("check", { package: createCustodyPackage(iris, keys) })).toEqual({
      modality: "iris",
      unique: true,
    });
  });

  it("a face package relabelled as an iris one does not open", async () => {
    const relabelled: CustodyPackage = {
      ...createFaceCustodyPackage(quantizeFace(embedding()), keys),
      modality: "iris",
    };
    await expect(call0(relabelled)).rejects.toThrow(
      /refused: custody part \d does not decrypt \(tampered or corrupted\)/,
    );
    expect(nodes.map((node) => node.stores.face.count)).toEqual([0, 0, 0]);
  });
});

function call0(pkg: CustodyPackage) {
  return callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: pkg } });
}

describe("a node refuses bad requests", () => {
  const url = () => cluster.nodes[0].url;
  const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${url()}${path}`, { method: "POST", headers, body: body as BodyInit });

  it("a replayed request id, with 409", async () => {
    const requestId = newRequestId();
    const body = { requestId, package: createCustodyPackage(randomIrisCode(random), keys) };
    expect((await callCluster({ cluster, kind: "check", body })).result).toEqual({ modality: "iris", unique: true });
    const again = await post("/v1/check", JSON.stringify(body));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: `request ${requestId} was already used` });
  });

  it("a tampered custody part: that node refuses, the others are cancelled, nothing changes", async () => {
    const pkg = createCustodyPackage(randomIrisCode(random), keys);
    const part = pkg.parts[1]!;
    part.ciphertext = `${part.ciphertext[0] === "A" ? "B" : "A"}${part.ciphertext.slice(1)}`;
    await expect(
      callCluster({
        cluster,
        kind: "enroll",
        body: { requestId: newRequestId(), personId: newRequestId(), package: pkg },
      }),
    ).rejects.toThrow("node 1 refused: custody part 1 does not decrypt (tampered or corrupted)");
    expect(nodes.map((node) => node.store.count)).toEqual([0, 0, 0]);
    const fine = createCustodyPackage(randomIrisCode(random), keys);
    expect(
      (await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: fine } })).result,
    ).toEqual({ modality: "iris", unique: true });
  });

  it("malformed and oversized bodies, with 400", async () => {
    const bad = await post("/v1/check", "{nope");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "request is not valid JSON" });
    const unknown = await post("/v1/check", JSON.stringify({ requestId: newRequestId(), package: {}, extra: 1 }));
    expect(await unknown.json()).toEqual({ error: 'request has an unknown field "extra"' });
    const huge = await post("/v1/check", "x".repeat(600 * 1024)).catch(() => undefined);
    expect(huge === undefined || huge.status === 400).toBe(true);
  });

  it("peer messages with a bad MAC, from the wrong party, or replayed", async () => {
    const requestId = newRequestId();
    const payload = new Uint8Array([1, 2, 3]);
    const headers = (from: number, round: number, mac: string) => ({
      "x-pop-request": requestId,
      "x-pop-from": String(from),
      "x-pop-round": String(round),
      "x-pop-mac": mac,
    });
    // Node 0 hears from node 1 (its next); the key is the pair's.
    const key = pairwiseKey({ secrets: secrets[1]!, peer: cluster.nodes[0], purpose: "mac" });
    const mac = peerMac({ key, requestId, from: 1, to: 0, round: 0, payload });
    expect((await post("/v1/peer", payload, headers(1, 0, "00".repeat(32)))).status).toBe(401);
    expect((await post("/v1/peer", payload, headers(2, 0, mac))).status).toBe(400);
    expect((await post("/v1/peer", payload, headers(1, 0, mac))).status).toBe(200);
    const replay = await post("/v1/peer", payload, headers(1, 0, mac));
    expect(replay.status).toBe(409);
    expect(await replay.json()).toEqual({ error: `round 0 of ${requestId} was already received` });
  });
});
