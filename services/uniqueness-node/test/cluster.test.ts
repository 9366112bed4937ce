import { callCluster } from "@pop/uniqueness/client/callCluster";
import { type CustodyPackage, createCustodyPackage, createFaceCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { quantizeFace } from "@pop/uniqueness/faceTemplate";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningNode, startNode } from "../src/node.js";
import { makeTestCluster, rawRequest } from "./localCluster.js";

const random = seededRandom("cluster.test");
const ports = [17_410, 17_411, 17_412];
const local = await makeTestCluster({ basePort: ports[0]!, prefix: "pop-cluster-" });
const { cluster, client, keys } = local;
const nodes: RunningNode[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

describe("three nodes over loopback, mutual TLS 1.3 on every link (in one process)", () => {
  it("check, enroll, check again, delete", async () => {
    for (const i of [0, 1, 2]) {
      nodes.push(await startNode({ dataDir: local.nodeDir(i), log: () => {} }));
    }
    const alice = randomIrisCode(random);
    const pkg = createCustodyPackage(alice, keys);
    const check = await callCluster({
      cluster,
      client,
      kind: "check",
      body: { requestId: newRequestId(), package: pkg },
    });
    expect(check.result).toEqual({ modality: "iris", unique: true });
    const personId = newRequestId();
    const enroll = await callCluster({
      cluster,
      client,
      kind: "enroll",
      body: { requestId: newRequestId(), personId, package: pkg },
    });
    expect(enroll.result).toEqual({ modality: "iris", enrolled: true, slot: 0 });
    const again = createCustodyPackage(similarIrisCode({ of: alice, flipRate: 0.15, rotation: 4, random }), keys);
    expect(
      (await callCluster({ cluster, client, kind: "check", body: { requestId: newRequestId(), package: again } }))
        .result,
    ).toEqual({ modality: "iris", unique: false });
    expect(
      (
        await callCluster({
          cluster,
          client,
          kind: "enroll",
          body: { requestId: newRequestId(), personId: newRequestId(), package: again },
        })
      ).result,
    ).toEqual({ modality: "iris", enrolled: false, reason: "a matching person is enrolled" });
    const bob = createCustodyPackage(randomIrisCode(random), keys);
    expect(
      (await callCluster({ cluster, client, kind: "check", body: { requestId: newRequestId(), package: bob } })).result,
    ).toEqual({ modality: "iris", unique: true });
    expect(
      (await callCluster({ cluster, client, kind: "delete", body: { requestId: newRequestId(), personId } })).result,
    ).toEqual({ deleted: true });
    expect(
      (await callCluster({ cluster, client, kind: "check", body: { requestId: newRequestId(), package: again } }))
        .result,
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
        ? callCluster({ cluster, client, kind, body: { requestId: newRequestId(), package: body.package } }).then(
            (a) => a.result,
          )
        : callCluster({
            cluster,
            client,
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
      (await callCluster({ cluster, client, kind: "delete", body: { requestId: newRequestId(), personId } })).result,
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
  return callCluster({ cluster, client, kind: "check", body: { requestId: newRequestId(), package: pkg } });
}

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
  /** Node 1 (node 0's next, the only one that sends it rounds) posting to node 0's peer port. */
  const asPeer = (party: number, path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    rawRequest({
      identity: local.nodeIdentity(party),
      certificate: cluster.nodes[0].certificate,
      url: cluster.nodes[0].peerUrl,
      path,
      body,
      headers,
    });

  it("a replayed request id, with 409", async () => {
    const requestId = newRequestId();
    const body = { requestId, package: createCustodyPackage(randomIrisCode(random), keys) };
    expect((await callCluster({ cluster, client, kind: "check", body })).result).toEqual({
      modality: "iris",
      unique: true,
    });
    expect(await asClient("/v1/check", JSON.stringify(body))).toEqual({
      status: 409,
      json: { error: `request ${requestId} was already used` },
    });
  });

  it("a tampered custody part: that node refuses, the others are cancelled, nothing changes", async () => {
    const pkg = createCustodyPackage(randomIrisCode(random), keys);
    const part = pkg.parts[1]!;
    part.ciphertext = `${part.ciphertext[0] === "A" ? "B" : "A"}${part.ciphertext.slice(1)}`;
    await expect(
      callCluster({
        cluster,
        client,
        kind: "enroll",
        body: { requestId: newRequestId(), personId: newRequestId(), package: pkg },
      }),
    ).rejects.toThrow("node 1 refused: custody part 1 does not decrypt (tampered or corrupted)");
    expect(nodes.map((node) => node.store.count)).toEqual([0, 0, 0]);
    const fine = createCustodyPackage(randomIrisCode(random), keys);
    expect(
      (await callCluster({ cluster, client, kind: "check", body: { requestId: newRequestId(), package: fine } }))
        .result,
    ).toEqual({ modality: "iris", unique: true });
  });

  it("malformed bodies with 400, oversized ones with 413 (refused from the header, unread)", async () => {
    expect(await asClient("/v1/check", "{nope")).toEqual({ status: 400, json: { error: "request is not valid JSON" } });
    expect(await asClient("/v1/check", JSON.stringify({ requestId: newRequestId(), package: {}, extra: 1 }))).toEqual({
      status: 400,
      json: { error: 'request has an unknown field "extra"' },
    });
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
    // An empty gallery's widest round is a few hundred bytes: 1 MB is refused before it is read.
    expect((await asPeer(1, "/v1/peer", new Uint8Array(1 << 20), headers(1))).status).toBe(413);
  });
});
