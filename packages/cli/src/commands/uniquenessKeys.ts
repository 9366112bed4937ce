import { join } from "node:path";
import { InputError } from "@pop/core/errors";
import { writeFilesAtomically } from "@pop/core/writeFiles";
import { assembleCluster, type PublicFile } from "@pop/uniqueness/cluster/assembleCluster";
import { clientPublic, createClientKey } from "@pop/uniqueness/cluster/clientKey";
import { checkNodeHost, MAX_NODE_SHARDS } from "@pop/uniqueness/cluster/clusterFile";
import { createSourceKey, sourcePublic } from "@pop/uniqueness/cluster/sourceKey";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { foldersFor, writeNodeKeys } from "@pop/uniqueness-node/keygen";
import { parseIntegerOption } from "../args.js";
import { defineCommand } from "../command.js";
import { jsonText, readJsonFile, writeJsonFile } from "../io.js";

/**
 * Keys made where they are used (docs/uniqueness.md#operators-keys-and-links): each node
 * operator, issuer and capture source runs `pop uniqueness keygen` on its own machine and hands
 * over only the *-public.json file; `pop uniqueness cluster` assembles the cluster file from them.
 */

async function writePair(dir: string, name: string, secret: unknown, public_: unknown, force: boolean) {
  const key = join(dir, `${name}-key.json`);
  const pub = join(dir, `${name}-public.json`);
  await writeFilesAtomically(
    [
      { path: key, content: jsonText(secret), mode: 0o600 },
      { path: pub, content: jsonText(public_), mode: 0o644 },
    ],
    { overwrite: force, directories: (await foldersFor(dir)).map((path) => ({ path, mode: 0o700 })) },
  );
  return { key, public: pub };
}

/** Shard k's ring port: --shard-port + k (default: the peer port + 1 + k); none without --shards. */
function parseShardPorts(
  shards: string | undefined,
  first: string | undefined,
  peerPort: number,
  taken: readonly number[],
): number[] | undefined {
  if (shards === undefined) {
    if (first !== undefined) throw new InputError("--shard-port needs --shards");
    return undefined;
  }
  const count = parseIntegerOption(shards, "shards", 1, MAX_NODE_SHARDS);
  const start = parseIntegerOption(first ?? String(peerPort + 1), "shard-port", 1, 65_536 - count);
  const ports = Array.from({ length: count }, (_, k) => start + k);
  if (ports.some((shardPort) => taken.includes(shardPort))) {
    throw new InputError("the shards' ports must not include --port or --peer-port");
  }
  return ports;
}

/** `pop uniqueness keygen`: one node's, client's or capture source's keys. */
export const uniquenessKeygen = defineCommand({
  name: "uniqueness keygen",
  usage: `pop uniqueness keygen --party 0|1|2 --dir D --host H --port P [--peer-port Q] [--shards K [--shard-port S]] [--force]
pop uniqueness keygen --client ID --dir D [--force]
pop uniqueness keygen --source ID --kind station|issuer --dir D [--force]
  A node operator's keys (D/node-key.json, 0600: custody, randomness, signing and TLS keys;
  D/node-public.json with a TLS certificate naming H; the peer port defaults to P + 1; with
  --shards K the node runs its galleries as K shard workers, shard k's ring port S + k, S
  defaulting to Q + 1; all three nodes need the same K), a
  registered client's (D/client-key.json: request-signing and TLS keys) or a capture source's
  (D/source-key.json: its package-signing key), each with its public part.`,
  options: {
    party: { type: "string" },
    client: { type: "string" },
    source: { type: "string" },
    kind: { type: "string" },
    dir: { type: "string", required: true },
    host: { type: "string" },
    port: { type: "string" },
    "peer-port": { type: "string" },
    shards: { type: "string" },
    "shard-port": { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    const roles = (["party", "client", "source"] as const).filter((role) => options[role] !== undefined);
    if (roles.length !== 1) {
      throw new InputError(
        "give exactly one of --party (a node), --client (an issuer) and --source (a capture source)",
      );
    }
    const nodeOnly = (["host", "port", "peer-port", "shards", "shard-port"] as const).filter(
      (name) => options[name] !== undefined,
    );
    if (roles[0] !== "party" && nodeOnly.length > 0) {
      throw new InputError(`--${nodeOnly[0]} is for a node's keys (--party) only`);
    }
    if (roles[0] !== "source" && options.kind !== undefined) {
      throw new InputError("--kind is for a capture source's keys (--source) only");
    }
    if (options.party !== undefined) {
      if (options.host === undefined || options.port === undefined) {
        throw new InputError("a node's keys need --host and --port (its certificate names the host)");
      }
      const party = parseIntegerOption(options.party, "party", 0, 2) as Party;
      const host = checkNodeHost(options.host, "--host");
      const port = parseIntegerOption(options.port, "port", 1, 65_535);
      const peerPort = parseIntegerOption(options["peer-port"] ?? String(port + 1), "peer-port", 1, 65_535);
      if (peerPort === port) throw new InputError("--peer-port must differ from --port");
      const shardPorts = parseShardPorts(options.shards, options["shard-port"], peerPort, [port, peerPort]);
      const written = await writeNodeKeys({
        dir: options.dir,
        party,
        host,
        port,
        peerPort,
        shardPorts,
        force: options.force,
      });
      return { output: { party, ...written } };
    }
    if (options.client !== undefined) {
      const key = await createClientKey(options.client);
      return {
        output: { client: key.id, ...(await writePair(options.dir, "client", key, clientPublic(key), options.force)) },
      };
    }
    if (options.kind === undefined) throw new InputError("a capture source's keys need --kind station|issuer");
    const key = createSourceKey({ id: options.source!, kind: options.kind });
    return {
      output: {
        source: key.id,
        kind: key.kind,
        ...(await writePair(options.dir, "source", key, sourcePublic(key), options.force)),
      },
    };
  },
});

const CLUSTER_USAGE = `pop uniqueness cluster --node a.json --node b.json --node c.json [--client x.json …] [--source s.json …] [--rate-per-minute 600] --out cluster.json [--force]
  Assembles the cluster file from the nodes', clients' and sources' *-public.json files
  (refuses a secret key file, a party twice, a repeated key, certificate or id).`;

/** `pop uniqueness cluster`: the cluster file from public parts. */
export const uniquenessCluster = defineCommand({
  name: "uniqueness cluster",
  usage: CLUSTER_USAGE,
  options: {
    node: { type: "list" },
    client: { type: "list" },
    source: { type: "list" },
    "rate-per-minute": { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(args) {
    const rate = args["rate-per-minute"];
    const ratePerMinute = rate === undefined ? undefined : parseIntegerOption(rate, "rate-per-minute", 1, 1_000_000);
    const read = async (paths: string[], what: string): Promise<PublicFile[]> =>
      Promise.all(paths.map(async (path) => ({ value: await readJsonFile(path, what), name: path })));
    const cluster = assembleCluster({
      nodes: await read(args.node, "node public file"),
      clients: await read(args.client, "client public file"),
      sources: await read(args.source, "source public file"),
      ...(ratePerMinute === undefined ? {} : { ratePerMinute }),
    });
    await writeJsonFile(args.out, cluster, { mode: 0o644, overwrite: args.force });
    return {
      output: {
        out: args.out,
        nodes: cluster.nodes.map((node) => node.url),
        clients: cluster.clients.map((client) => client.id),
        sources: cluster.sources.map((source) => source.id),
      },
    };
  },
});
