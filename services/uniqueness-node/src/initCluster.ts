import { dirname, join } from "node:path";
import { InputError } from "@pop/core/errors";
import { pathExists } from "@pop/core/files";
import { writeFilesAtomically } from "@pop/core/writeFiles";
import { type Cluster, checkNodeHost, nodeUrl, parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { createNodeSecrets, nodeInfo } from "./nodeKeys.js";

/**
 * A local cluster for trying pop out or testing: keys and data directories for three nodes on
 * one host (D/node0..2, each with its node-key.json and a copy of the cluster file) and the
 * cluster file D/cluster.json for the clients. All the files are written or none is.
 */

/** `dir` and its missing ancestors, outermost first (made by the write, removed again if it fails). */
async function foldersFor(dir: string): Promise<string[]> {
  const chain: string[] = [];
  for (let at = dir; !(await pathExists(at)) && dirname(at) !== at; at = dirname(at)) chain.unshift(at);
  return chain.length === 0 ? [dir] : chain;
}

/** Where the cluster was written. */
export type LocalCluster = { cluster: string; nodes: string[] };

/**
 * Makes the keys and writes the files of a three-node cluster on one host.
 * @param options.dir the directory to write into (made when absent)
 * @param options.basePort node i listens on basePort + i
 * @param options.host the host in the nodes' URLs
 * @param options.force whether an existing cluster there may be replaced
 * @returns the cluster file's path and the nodes' URLs
 * @throws InputError for a bad host or port or a target that cannot be written; then nothing new remains
 */
export async function initLocalCluster(options: {
  dir: string;
  basePort: number;
  host: string;
  force: boolean;
}): Promise<LocalCluster> {
  const { dir, basePort } = options;
  const host = checkNodeHost(options.host, "host");
  if (!Number.isSafeInteger(basePort) || basePort < 1 || basePort > 65_533) {
    throw new InputError("basePort must be an integer from 1 to 65533");
  }
  const secrets = ([0, 1, 2] as const).map((party) => createNodeSecrets(party));
  const built: Cluster = {
    type: "pop.uniquenessCluster",
    version: 1,
    nodes: secrets.map((s, i) => nodeInfo(s, nodeUrl(host, basePort + i))) as Cluster["nodes"],
  };
  // The file as the nodes and clients will read it: what they would refuse is refused here.
  const cluster = parseCluster(built, "cluster");
  const clusterText = `${JSON.stringify(cluster, null, 2)}\n`;
  const clusterPath = join(dir, "cluster.json");
  const nodeDirs = [0, 1, 2].map((i) => join(dir, `node${i}`));
  await writeFilesAtomically(
    [
      { path: clusterPath, content: clusterText, mode: 0o644 },
      ...secrets.flatMap((s, i) => [
        { path: join(nodeDirs[i]!, "node-key.json"), content: `${JSON.stringify(s, null, 2)}\n`, mode: 0o600 },
        { path: join(nodeDirs[i]!, "cluster.json"), content: clusterText, mode: 0o644 },
      ]),
    ],
    {
      overwrite: options.force,
      directories: [...(await foldersFor(dir)), ...nodeDirs].map((path) => ({ path, mode: 0o700 })),
    },
  );
  return { cluster: clusterPath, nodes: cluster.nodes.map((node) => node.url) };
}
