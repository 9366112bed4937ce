import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexToBytes } from "@pop/protocol/bytes";
import { createCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { afterAll, describe, expect, it } from "vitest";
import { callCluster, newRequestId } from "../src/client.js";
import { type Cluster, createNodeSecrets, nodeInfo } from "../src/cluster.js";
import { type RunningNode, startNode } from "../src/node.js";

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
    expect(check.result).toEqual({ unique: true });
    const personId = newRequestId();
    const enroll = await callCluster({
      cluster,
      kind: "enroll",
      body: { requestId: newRequestId(), personId, package: pkg },
    });
    expect(enroll.result).toEqual({ enrolled: true, slot: 0 });
    const again = createCustodyPackage(similarIrisCode({ of: alice, flipRate: 0.15, rotation: 4, random }), keys);
    expect(
      (await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: again } })).result,
    ).toEqual({ unique: false });
    expect(
      (
        await callCluster({
          cluster,
          kind: "enroll",
          body: { requestId: newRequestId(), personId: newRequestId(), package: again },
        })
      ).result,
    ).toEqual({ enrolled: false, reason: "a matching person is enrolled" });
    const bob = createCustodyPackage(randomIrisCode(random), keys);
    expect(
      (await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: bob } })).result,
    ).toEqual({ unique: true });
    expect(
      (await callCluster({ cluster, kind: "delete", body: { requestId: newRequestId(), personId } })).result,
    ).toEqual({ deleted: true });
    expect(
      (await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: again } })).result,
    ).toEqual({ unique: true });
  });
});
