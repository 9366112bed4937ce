import { dirname, join } from "node:path";
import { pathExists } from "@pop/core/files";
import { writeFilesAtomically } from "@pop/core/writeFiles";
import type { NodePublic } from "@pop/uniqueness/cluster/assembleCluster";
import { checkNodeHost, nodeUrl } from "@pop/uniqueness/cluster/clusterFile";
import { createTlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { createNodeSecrets, type NodeSecrets, nodeInfo } from "./nodeKeys.js";

/**
 * A node operator's keygen (`pop uniqueness keygen --party P`), run on the node's own machine
 * (docs/uniqueness.md#operators-keys-and-links): the secrets stay in node-key.json (0600) and
 * only node-public.json leaves, for `pop uniqueness cluster`.
 */

/**
 * `dir` and its missing ancestors, outermost first: the folders a write makes (and removes
 * again if it fails).
 * @param dir the target folder
 * @returns the folders to create (just `dir` when it exists)
 */
export async function foldersFor(dir: string): Promise<string[]> {
  const chain: string[] = [];
  for (let at = dir; !(await pathExists(at)) && dirname(at) !== at; at = dirname(at)) chain.unshift(at);
  return chain.length === 0 ? [dir] : chain;
}

/** A node's new keys: the secrets and the public part. */
export type NodeKeys = { secrets: NodeSecrets; public: NodePublic };

/**
 * Makes a node's keys, with a TLS certificate naming its host.
 * @param options.party the node's party
 * @param options.host the host clients and peers reach it at (IPv4, bracketed IPv6, DNS name)
 * @param options.port its client port
 * @param options.peerPort its peer port
 * @param options.shardPorts its shards' ring ports, when it runs its gallery as shards (docs/uniqueness.md#past-one-machine)
 * @returns the secrets and the public part
 * @throws InputError for a bad host or port
 */
export async function createNodeKeys(options: {
  party: Party;
  host: string;
  port: number;
  peerPort: number;
  shardPorts?: readonly number[] | undefined;
}): Promise<NodeKeys> {
  const host = checkNodeHost(options.host, "--host");
  const urls = {
    url: nodeUrl(host, options.port),
    peerUrl: nodeUrl(host, options.peerPort),
    shardUrls: options.shardPorts?.map((port) => nodeUrl(host, port)),
  };
  const tls = await createTlsIdentity({ name: `pop uniqueness node ${options.party}`, hosts: [host] });
  const secrets = createNodeSecrets(options.party, tls);
  return { secrets, public: { type: "pop.uniquenessNodePublic", version: 1, ...nodeInfo(secrets, urls) } };
}

/**
 * The files a node's keygen writes in its directory.
 * @param dir the directory
 * @param keys the keys
 * @returns node-key.json (0600) and node-public.json (0644)
 */
export function nodeKeyFiles(dir: string, keys: NodeKeys): { path: string; content: string; mode: number }[] {
  return [
    { path: join(dir, "node-key.json"), content: `${JSON.stringify(keys.secrets, null, 2)}\n`, mode: 0o600 },
    { path: join(dir, "node-public.json"), content: `${JSON.stringify(keys.public, null, 2)}\n`, mode: 0o644 },
  ];
}

/**
 * Makes a node's keys and writes both files, all or nothing.
 * @param options as createNodeKeys, with the directory and whether existing files may be replaced
 * @returns the two files' paths
 */
export async function writeNodeKeys(options: {
  dir: string;
  party: Party;
  host: string;
  port: number;
  peerPort: number;
  shardPorts?: readonly number[] | undefined;
  force: boolean;
}): Promise<{ key: string; public: string }> {
  const keys = await createNodeKeys(options);
  const files = nodeKeyFiles(options.dir, keys);
  await writeFilesAtomically(files, {
    overwrite: options.force,
    directories: (await foldersFor(options.dir)).map((path) => ({ path, mode: 0o700 })),
  });
  return { key: files[0]!.path, public: files[1]!.path };
}
