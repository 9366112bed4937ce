import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexToBytes } from "@pop/core/bytes";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { parseClientKey } from "@pop/uniqueness/cluster/clientKey";
import { parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { parseSourceKey } from "@pop/uniqueness/cluster/sourceKey";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { type RunningNode, startNode } from "@pop/uniqueness-node/node";
import { afterAll, describe, expect, it } from "vitest";
import { packagesFor, randomPerson } from "../../uniqueness/test/people.js";
import { pop, refusal } from "./pop.js";

/**
 * Keys made by each party on its own machine (docs/uniqueness.md#operators-keys-and-links):
 * three operators, an issuer and a capture source each run keygen in their own folder, hand
 * over only the public file, and `pop uniqueness cluster` assembles the cluster file.
 */

const random = seededRandom("cli uniquenessKeys.test");
const dir = mkdtempSync(join(tmpdir(), "pop-keygen-"));
const basePort = 17_460;
const nodes: RunningNode[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

async function refused(args: string[]): Promise<string> {
  const { code, line } = refusal(await pop(args, dir));
  expect(code).toBe(2);
  return line;
}

describe("pop uniqueness keygen and cluster", () => {
  it("three operators, an issuer and a source make their keys apart; the assembled cluster serves", async () => {
    for (const party of [0, 1, 2]) {
      const made = await pop(
        [
          "uniqueness",
          "keygen",
          "--party",
          String(party),
          "--dir",
          `op${party}`,
          "--host",
          "127.0.0.1",
          "--port",
          String(basePort + 2 * party),
        ],
        dir,
      );
      expect(made.json).toEqual({ party, key: `op${party}/node-key.json`, public: `op${party}/node-public.json` });
      expect(statSync(join(dir, `op${party}`, "node-key.json")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, `op${party}`)).mode & 0o777).toBe(0o700);
    }
    expect((await pop(["uniqueness", "keygen", "--client", "issuer-a", "--dir", "issuer"], dir)).json).toEqual({
      client: "issuer-a",
      key: "issuer/client-key.json",
      public: "issuer/client-public.json",
    });
    expect(
      (await pop(["uniqueness", "keygen", "--source", "station-1", "--kind", "station", "--dir", "station"], dir)).json,
    ).toEqual({
      source: "station-1",
      kind: "station",
      key: "station/source-key.json",
      public: "station/source-public.json",
    });
    // The public files carry no secret field.
    for (const file of ["op0/node-public.json", "issuer/client-public.json", "station/source-public.json"]) {
      const text = readFileSync(join(dir, file), "utf8");
      expect(text, file).not.toMatch(/"(encryption|randomness|signing|tlsKey)"|PRIVATE KEY/);
    }
    const assembled = await pop(
      [
        "uniqueness",
        "cluster",
        "--node",
        "op2/node-public.json",
        "--node",
        "op0/node-public.json",
        "--node",
        "op1/node-public.json",
        "--client",
        "issuer/client-public.json",
        "--source",
        "station/source-public.json",
        "--rate-per-minute",
        "120",
        "--out",
        "cluster.json",
      ],
      dir,
    );
    expect(assembled.json).toEqual({
      out: "cluster.json",
      nodes: [0, 1, 2].map((party) => `https://127.0.0.1:${basePort + 2 * party}`),
      clients: ["issuer-a"],
      sources: ["station-1"],
    });
    const cluster = parseCluster(JSON.parse(readFileSync(join(dir, "cluster.json"), "utf8")), "cluster");
    expect(cluster.nodes.map((node) => node.peerUrl)).toEqual(
      [0, 1, 2].map((party) => `https://127.0.0.1:${basePort + 2 * party + 1}`),
    );
    expect(cluster.clients[0]!.ratePerMinute).toBe(120);
    // Each operator puts the cluster file beside its key and starts its node.
    for (const party of [0, 1, 2]) {
      copyFileSync(join(dir, "cluster.json"), join(dir, `op${party}`, "cluster.json"));
      nodes.push(await startNode({ dataDir: join(dir, `op${party}`), log: () => {} }));
    }
    const client = parseClientKey(JSON.parse(readFileSync(join(dir, "issuer/client-key.json"), "utf8")), "client");
    const keys = cluster.nodes.map((node) => hexToBytes(node.encryptionKey, "k", 32)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    // The station's key signs the package; the issuer's key signs the request.
    const source = parseSourceKey(JSON.parse(readFileSync(join(dir, "station/source-key.json"), "utf8")), "source");
    const person = randomPerson(random);
    const body = { package: packagesFor({ nodeKeys: keys, source, random }).iris(person, person.nullifierKey) };
    expect((await callCluster({ cluster, client, kind: "check", body })).result).toEqual({
      modality: "iris",
      decision: "unique",
    });
  });

  it("keygen refuses bad input, naming the option, and writes nothing", async () => {
    const before = readdirSync(dir).sort();
    const cases: [string[], string][] = [
      [["--dir", "x"], "give exactly one of --party (a node), --client (an issuer) and --source (a capture source)"],
      [
        ["--party", "0", "--client", "a", "--dir", "x"],
        "give exactly one of --party (a node), --client (an issuer) and --source (a capture source)",
      ],
      [
        ["--party", "3", "--dir", "x", "--host", "127.0.0.1", "--port", "7100"],
        "--party must be an integer from 0 to 2",
      ],
      [
        ["--party", "0", "--dir", "x", "--port", "7100"],
        "a node's keys need --host and --port (its certificate names the host)",
      ],
      [
        ["--party", "0", "--dir", "x", "--host", "bad host", "--port", "7100"],
        "--host must be a host name, an IPv4 address or a bracketed IPv6 address",
      ],
      [
        ["--party", "0", "--dir", "x", "--host", "h", "--port", "7100", "--peer-port", "7100"],
        "--peer-port must differ from --port",
      ],
      [["--client", "a", "--dir", "x", "--port", "7100"], "--port is for a node's keys (--party) only"],
      [["--client", "-bad", "--dir", "x"], "client id is malformed"],
      [["--source", "s", "--dir", "x"], "a capture source's keys need --kind station|issuer"],
      [["--source", "s", "--kind", "camera", "--dir", "x"], '--kind must be "station" or "issuer"'],
      [["--client", "a", "--kind", "station", "--dir", "x"], "--kind is for a capture source's keys (--source) only"],
    ];
    for (const [args, message] of cases) {
      expect(await refused(["uniqueness", "keygen", ...args]), args.join(" ")).toBe(`pop: ${message}`);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(await refused(["uniqueness", "keygen", "--client", "issuer-a", "--dir", "issuer"])).toBe(
      `pop: issuer/client-key.json already exists (pass --force to replace it)`,
    );
  });

  it("cluster refuses secret files, a party twice, two nodes, unknown options, and writes nothing", async () => {
    const nodesArgs = [
      "--node",
      "op0/node-public.json",
      "--node",
      "op1/node-public.json",
      "--node",
      "op2/node-public.json",
    ];
    const cases: [string[], string][] = [
      [
        [...nodesArgs, "--client", "issuer/client-key.json", "--out", "c2.json"],
        "issuer/client-key.json holds secret keys: give its public part (client-public.json), which keygen wrote beside it",
      ],
      [
        [
          "--node",
          "op0/node-key.json",
          "--node",
          "op1/node-public.json",
          "--node",
          "op2/node-public.json",
          "--out",
          "c2.json",
        ],
        "op0/node-key.json holds secret keys: give its public part (node-public.json), which keygen wrote beside it",
      ],
      [
        [
          "--node",
          "op0/node-public.json",
          "--node",
          "op0/node-public.json",
          "--node",
          "op2/node-public.json",
          "--out",
          "c2.json",
        ],
        "op0/node-public.json is party 0 too: each party once",
      ],
      [
        ["--node", "op0/node-public.json", "--out", "c2.json"],
        "a cluster has three nodes: give --node three times, not 1",
      ],
      [
        [...nodesArgs, "--client", "station/source-public.json", "--out", "c2.json"],
        "station/source-public.json is a source's public file (for --source), not a client's public file (for --client)",
      ],
      [[...nodesArgs], "missing required option --out"],
      [[...nodesArgs, "--out", "c2.json", "--bogus", "1"], "unknown option --bogus"],
      [[...nodesArgs, "--out", "c2.json", "--out", "c3.json"], "option --out given twice"],
      [
        [...nodesArgs, "--out", "c2.json", "--rate-per-minute", "0"],
        "--rate-per-minute must be an integer from 1 to 1000000",
      ],
      [[...nodesArgs, "--out", "cluster.json"], "cluster.json already exists (pass --force to replace it)"],
    ];
    for (const [args, message] of cases) {
      expect(await refused(["uniqueness", "cluster", ...args]), args.join(" ")).toBe(`pop: ${message}`);
    }
    expect(readdirSync(dir)).not.toContain("c2.json");
  });
});
