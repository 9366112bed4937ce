import { join } from "node:path";
import { InputError } from "@pop/core/errors";
import { writeFilesAtomically } from "@pop/core/writeFiles";
import { assembleCluster } from "@pop/uniqueness/cluster/assembleCluster";
import { clientPublic, createClientKey } from "@pop/uniqueness/cluster/clientKey";
import { checkNodeHost, MAX_NODE_SHARDS } from "@pop/uniqueness/cluster/clusterFile";
import { createSourceKey, sourcePublic } from "@pop/uniqueness/cluster/sourceKey";
import { createNodeKeys, foldersFor, nodeKeyFiles } from "./keygen.js";

/**
 * A local cluster for trying pop out or testing (docs/uniqueness.md#operators-keys-and-links):
 * what three operators, one issuer and one capture source would each make on their own
 * machines, made on one: keygen for nodes 0..2 (D/node0..2, each with its node-key.json,
 * node-public.json and a copy of the cluster file), one client "local-issuer"
 * (D/client-key.json, D/client-public.json), one source "local-source" of kind issuer
 * (D/source-key.json, D/source-public.json), and the cluster file D/cluster.json assembled from
 * the public parts. All the files are written or none is.
 */

/** Where the cluster was written. */
export type LocalCluster = { cluster: string; nodes: string[]; client: string; source: string };

/** The local client's and source's ids. */
export const LOCAL_CLIENT = "local-issuer";
export const LOCAL_SOURCE = "local-source";

/**
 * The highest base port a local cluster can start at: its six node ports (client and peer)
 * and 3·K shard ports follow the base port and must stay below 65,536.
 * @param shards K shard workers per node, if any
 */
export function maxBasePort(shards?: number): number {
  return 65_530 - 3 * (shards ?? 0);
}

/**
 * Makes the keys and writes the files of a three-node cluster on one host.
 * @param options.dir the directory to write into (made when absent)
 * @param options.basePort node i's client port is basePort + i, its peer port basePort + 3 + i
 * @param options.host the host in the nodes' URLs and certificates
 * @param options.shards K shard workers per node (docs/uniqueness.md#past-one-machine): node i's
 *   shard k listens on basePort + 6 + i·K + k; absent, each node is one process
 * @param options.force whether an existing cluster there may be replaced
 * @returns the paths of the cluster file, the client's and the source's key files, and the nodes' URLs
 * @throws InputError for a bad host or port or a target that cannot be written; then nothing new remains
 */
export async function initLocalCluster(options: {
  dir: string;
  basePort: number;
  host: string;
  shards?: number;
  force: boolean;
}): Promise<LocalCluster> {
  const { dir, basePort, shards } = options;
  const host = checkNodeHost(options.host, "host");
  if (shards !== undefined && (!Number.isSafeInteger(shards) || shards < 1 || shards > MAX_NODE_SHARDS)) {
    throw new InputError(`shards must be an integer from 1 to ${MAX_NODE_SHARDS}`);
  }
  const top = maxBasePort(shards);
  if (!Number.isSafeInteger(basePort) || basePort < 1 || basePort > top) {
    throw new InputError(`basePort must be an integer from 1 to ${top}`);
  }
  const nodes = await Promise.all(
    ([0, 1, 2] as const).map((party) =>
      createNodeKeys({
        party,
        host,
        port: basePort + party,
        peerPort: basePort + 3 + party,
        shardPorts:
          shards === undefined
            ? undefined
            : Array.from({ length: shards }, (_, k) => basePort + 6 + party * shards + k),
      }),
    ),
  );
  const client = await createClientKey(LOCAL_CLIENT);
  const source = createSourceKey({ id: LOCAL_SOURCE, kind: "issuer" });
  const cluster = assembleCluster({
    nodes: nodes.map((keys, i) => ({ value: keys.public, name: `node ${i}` })),
    clients: [{ value: clientPublic(client), name: LOCAL_CLIENT }],
    sources: [{ value: sourcePublic(source), name: LOCAL_SOURCE }],
  });
  const clusterText = `${JSON.stringify(cluster, null, 2)}\n`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const paths = {
    cluster: join(dir, "cluster.json"),
    client: join(dir, "client-key.json"),
    source: join(dir, "source-key.json"),
  };
  const nodeDirs = [0, 1, 2].map((i) => join(dir, `node${i}`));
  await writeFilesAtomically(
    [
      { path: paths.cluster, content: clusterText, mode: 0o644 },
      { path: paths.client, content: json(client), mode: 0o600 },
      { path: join(dir, "client-public.json"), content: json(clientPublic(client)), mode: 0o644 },
      { path: paths.source, content: json(source), mode: 0o600 },
      { path: join(dir, "source-public.json"), content: json(sourcePublic(source)), mode: 0o644 },
      ...nodes.flatMap((keys, i) => [
        ...nodeKeyFiles(nodeDirs[i]!, keys),
        { path: join(nodeDirs[i]!, "cluster.json"), content: clusterText, mode: 0o644 },
      ]),
    ],
    {
      overwrite: options.force,
      directories: [...(await foldersFor(dir)), ...nodeDirs].map((path) => ({ path, mode: 0o700 })),
    },
  );
  return { ...paths, nodes: cluster.nodes.map((node) => node.url) };
}
