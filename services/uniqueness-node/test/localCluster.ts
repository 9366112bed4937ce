import { mkdtempSync, readFileSync } from "node:fs";
import type { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexToBytes } from "@pop/core/bytes";
import { type ClientKey, parseClientKey } from "@pop/uniqueness/cluster/clientKey";
import { type Cluster, parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { parseSourceKey, type SourceKey } from "@pop/uniqueness/cluster/sourceKey";
import type { TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { linkAgent, requestOverLink } from "@pop/uniqueness/cluster/tlsLink";
import { initLocalCluster } from "../src/initCluster.js";
import { parseNodeSecrets } from "../src/nodeKeys.js";

/**
 * The tests' three-node cluster: made by the same initLocalCluster that `pop uniqueness init`
 * runs (real keys, real certificates, one registered client and one source), in a temp dir.
 */

/** A test cluster's files, parsed. */
export type TestCluster = {
  dir: string;
  cluster: Cluster;
  /** The registered client "local-issuer". */
  client: ClientKey;
  source: SourceKey;
  /** The nodes' custody (encryption) public keys, for packages. */
  keys: [Uint8Array, Uint8Array, Uint8Array];
  nodeDir(party: number): string;
  /** Node `party`'s TLS identity (what it presents to its peers). */
  nodeIdentity(party: number): TlsIdentity;
};

/**
 * Writes a local cluster in a new temp dir.
 * @param options.basePort node i's client port is basePort + i, its peer port basePort + 3 + i
 * @param options.prefix the temp dir's prefix
 * @param options.shards shard workers per node (their ring ports follow the peer ports)
 */
export async function makeTestCluster(options: {
  basePort: number;
  prefix: string;
  shards?: number;
}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  const made = await initLocalCluster({
    dir,
    basePort: options.basePort,
    host: "127.0.0.1",
    force: false,
    ...(options.shards === undefined ? {} : { shards: options.shards }),
  });
  const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as unknown;
  const cluster = parseCluster(read(made.cluster), "cluster");
  const nodeDir = (party: number) => join(dir, `node${party}`);
  return {
    dir,
    cluster,
    client: parseClientKey(read(made.client), "client"),
    source: parseSourceKey(read(made.source), "source"),
    keys: cluster.nodes.map((node) => hexToBytes(node.encryptionKey, "k", 32)) as TestCluster["keys"],
    nodeDir,
    nodeIdentity(party) {
      const secrets = parseNodeSecrets(read(join(nodeDir(party), "node-key.json")), "node key");
      return { key: secrets.tlsKey, certificate: secrets.certificate };
    },
  };
}

/** A JSON answer from a node: its status and parsed body. */
export type RawAnswer = { status: number; json: unknown };

/**
 * One request to a node's port as some TLS identity, with the node's certificate pinned: for
 * tests that send what callCluster never would.
 * @param options.identity who calls (a client's or a node's TLS identity)
 * @param options.certificate the node's certificate
 * @param options.url the port's base URL
 * @param options.path the route
 * @param options.body the body (a GET when absent)
 * @param options.headers extra headers
 */
export async function rawRequest(options: {
  identity: TlsIdentity;
  certificate: string;
  url: string;
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}): Promise<RawAnswer> {
  const agent: Agent = linkAgent({ identity: options.identity, peerCertificate: options.certificate });
  try {
    const body = typeof options.body === "string" ? new TextEncoder().encode(options.body) : options.body;
    const answer = await requestOverLink({
      agent,
      method: body === undefined ? "GET" : "POST",
      url: options.url,
      path: options.path,
      ...(body === undefined ? {} : { body }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      limit: 1 << 20,
    });
    const text = new TextDecoder().decode(answer.body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: answer.status, json };
  } finally {
    agent.destroy();
  }
}
