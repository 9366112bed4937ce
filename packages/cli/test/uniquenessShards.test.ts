import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

/**
 * Nodes with shard workers on the command line (docs/uniqueness.md#past-one-machine): keygen
 * --shards lists the node's shard ring URLs in its public file, init --shards in the cluster
 * file, with the ports the usage names; bad shard options are refused before anything is written.
 */

const dir = mkdtempSync(join(tmpdir(), "pop-shards-cli-"));
const json = (path: string) => JSON.parse(readFileSync(join(dir, path), "utf8")) as Record<string, unknown>;
const keygen = (folder: string, extra: string[]) =>
  pop(
    ["uniqueness", "keygen", "--party", "1", "--dir", folder, "--host", "127.0.0.1", "--port", "7100", ...extra],
    dir,
  );

async function refused(args: string[]): Promise<string> {
  const { code, line } = refusal(await pop(args, dir));
  expect(code).toBe(2);
  return line;
}

describe("pop uniqueness keygen --shards and init --shards", () => {
  it("keygen lists shard k's ring URL at the peer port + 1 + k, or at --shard-port + k", async () => {
    expect((await keygen("a", ["--shards", "2"])).code).toBe(0);
    expect(json("a/node-public.json").shardUrls).toEqual(["https://127.0.0.1:7102", "https://127.0.0.1:7103"]);
    expect((await keygen("b", ["--peer-port", "7300", "--shards", "3", "--shard-port", "7400"])).code).toBe(0);
    expect(json("b/node-public.json").shardUrls).toEqual([
      "https://127.0.0.1:7400",
      "https://127.0.0.1:7401",
      "https://127.0.0.1:7402",
    ]);
    expect((await keygen("c", [])).code).toBe(0);
    expect("shardUrls" in json("c/node-public.json")).toBe(false);
  });

  it("keygen refuses bad shard options, naming them", async () => {
    const base = ["uniqueness", "keygen", "--party", "0", "--dir", "x", "--host", "127.0.0.1", "--port", "7100"];
    expect(await refused([...base, "--shard-port", "7200"])).toBe("pop: --shard-port needs --shards");
    expect(await refused([...base, "--shards", "0"])).toBe("pop: --shards must be an integer from 1 to 64");
    expect(await refused([...base, "--shards", "2", "--shard-port", "7099"])).toBe(
      "pop: the shards' ports must not include --port or --peer-port",
    );
    expect(await refused(["uniqueness", "keygen", "--client", "i", "--dir", "x", "--shards", "2"])).toBe(
      "pop: --shards is for a node's keys (--party) only",
    );
  });

  it("init --shards K gives every node K shard URLs: node i's shard k at base-port + 6 + i·K + k", async () => {
    expect((await pop(["uniqueness", "init", "--dir", "c3", "--base-port", "7500", "--shards", "2"], dir)).code).toBe(
      0,
    );
    const cluster = parseCluster(json("c3/cluster.json"), "cluster");
    expect(cluster.nodes.map((node) => node.shardUrls)).toEqual(
      [0, 1, 2].map((i) => [0, 1].map((k) => `https://127.0.0.1:${7506 + 2 * i + k}`)),
    );
    expect(await refused(["uniqueness", "init", "--dir", "c4", "--base-port", "65500", "--shards", "20"])).toBe(
      "pop: --base-port must be an integer from 1024 to 65470",
    );
  });
});
