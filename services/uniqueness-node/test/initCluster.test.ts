import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@pop/core/errors";
import { treeSnapshot } from "@pop/test-utils/files";
import { parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { describe, expect, it } from "vitest";
import { initLocalCluster } from "../src/initCluster.js";
import { parseNodeSecrets } from "../src/nodeKeys.js";

const fresh = () => mkdtempSync(join(tmpdir(), "pop-init-"));

/** The InputError @pop/core/files throws for a refused target. */
const refusal = (shortMessage: string, path: string, reason: string) => ({
  name: "InputError",
  shortMessage,
  details: { path, reason },
});

describe("initLocalCluster", () => {
  it("writes three node directories, a client, a source and the cluster file, secrets 0600 in 0700 directories", async () => {
    const dir = join(fresh(), "cluster");
    const made = await initLocalCluster({ dir, basePort: 7300, host: "127.0.0.1", force: false });
    expect(made).toEqual({
      cluster: join(dir, "cluster.json"),
      client: join(dir, "client-key.json"),
      source: join(dir, "source-key.json"),
      nodes: ["https://127.0.0.1:7300", "https://127.0.0.1:7301", "https://127.0.0.1:7302"],
    });
    const clusterText = readFileSync(join(dir, "cluster.json"), "utf8");
    const cluster = parseCluster(JSON.parse(clusterText), "cluster.json");
    expect(Object.keys(await treeSnapshot(dir)).sort()).toEqual(
      [
        ".",
        "cluster.json",
        "client-key.json",
        "client-public.json",
        "source-key.json",
        "source-public.json",
        ...[0, 1, 2].flatMap((i) => [
          `node${i}`,
          `node${i}/cluster.json`,
          `node${i}/node-key.json`,
          `node${i}/node-public.json`,
        ]),
      ].sort(),
    );
    for (const i of [0, 1, 2]) {
      expect(readFileSync(join(dir, `node${i}`, "cluster.json"), "utf8")).toBe(clusterText);
      const secrets = parseNodeSecrets(JSON.parse(readFileSync(join(dir, `node${i}`, "node-key.json"), "utf8")), "k");
      expect(secrets.party).toBe(i);
      expect(statSync(join(dir, `node${i}`, "node-key.json")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, `node${i}`)).mode & 0o777).toBe(0o700);
    }
    expect(cluster.nodes.map((node) => [node.party, node.peerUrl])).toEqual([
      [0, "https://127.0.0.1:7303"],
      [1, "https://127.0.0.1:7304"],
      [2, "https://127.0.0.1:7305"],
    ]);
    expect(cluster.clients.map((client) => [client.id, client.ratePerMinute])).toEqual([["local-issuer", 600]]);
    expect(cluster.sources.map((source) => [source.id, source.kind])).toEqual([["local-source", "issuer"]]);
    for (const secret of ["client-key.json", "source-key.json"]) {
      expect(statSync(join(dir, secret)).mode & 0o777).toBe(0o600);
    }
    // The shared file holds no secret: none of the key files' secret fields appear in it.
    const secrets = [0, 1, 2].map((i) => JSON.parse(readFileSync(join(dir, `node${i}`, "node-key.json"), "utf8")));
    for (const secret of secrets.flatMap((s) => [s.encryption, s.randomness, s.signing, s.tlsKey])) {
      expect(clusterText).not.toContain(secret.split("\n")[1] ?? secret);
    }
  });

  it("node1 is a file: refused before anything is written", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "node1"), "not a directory");
    const before = await treeSnapshot(dir);
    await expect(initLocalCluster({ dir, basePort: 7300, host: "127.0.0.1", force: false })).rejects.toMatchObject(
      refusal(`cannot create the folder ${join(dir, "node1")}: it is a file`, join(dir, "node1"), "no-folder"),
    );
    expect(await treeSnapshot(dir)).toEqual(before);
  });

  it("a target that is a directory, even with force: refused, and the old cluster stays as it was", async () => {
    const dir = fresh();
    await initLocalCluster({ dir, basePort: 7300, host: "127.0.0.1", force: false });
    const blocked = join(dir, "node2", "cluster.json");
    rmSync(blocked);
    mkdirSync(blocked);
    const before = await treeSnapshot(dir);
    await expect(initLocalCluster({ dir, basePort: 7300, host: "127.0.0.1", force: true })).rejects.toMatchObject(
      refusal(`cannot write ${blocked}: it is a directory`, blocked, "not-a-file"),
    );
    expect(await treeSnapshot(dir)).toEqual(before);
  });

  it("an existing cluster without force: refused, nothing changes; with force: every file replaced", async () => {
    const dir = fresh();
    await initLocalCluster({ dir, basePort: 7300, host: "127.0.0.1", force: false });
    const before = await treeSnapshot(dir);
    const clusterPath = join(dir, "cluster.json");
    await expect(initLocalCluster({ dir, basePort: 7300, host: "127.0.0.1", force: false })).rejects.toMatchObject(
      refusal(`${clusterPath} already exists (pass --force to replace it)`, clusterPath, "exists"),
    );
    expect(await treeSnapshot(dir)).toEqual(before);
    await initLocalCluster({ dir, basePort: 7400, host: "localhost", force: true });
    const after = await treeSnapshot(dir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const path of Object.keys(before).filter((p) => p.endsWith(".json"))) {
      expect(after[path], path).not.toBe(before[path]);
    }
    expect(parseCluster(JSON.parse(readFileSync(join(dir, "cluster.json"), "utf8")), "c").nodes[2].url).toBe(
      "https://localhost:7402",
    );
  });

  it("a bad host or port is refused before anything is written", async () => {
    const dir = fresh();
    await expect(initLocalCluster({ dir, basePort: 7300, host: "bad host/x", force: false })).rejects.toThrow(
      new InputError("host must be a host name, an IPv4 address or a bracketed IPv6 address"),
    );
    await expect(initLocalCluster({ dir, basePort: 65_531, host: "127.0.0.1", force: false })).rejects.toThrow(
      new InputError("basePort must be an integer from 1 to 65530"),
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
