import { InputError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import type { Party } from "../mpc/templateShares.js";
import { checkEd25519PublicKey, checkX25519PublicKey } from "../publicKeys.js";
import { checkNodeUrl, urlHostPort } from "./nodeUrls.js";
import { certificateFingerprint, certificateNamesHost, checkCertificate } from "./tlsIdentity.js";

export { checkNodeHost, nodeUrl, urlHostPort } from "./nodeUrls.js";

/**
 * The cluster file (cluster.json, version 2): the three uniqueness nodes with their URLs, public
 * keys and TLS certificates, the registered clients (issuers) and the capture sources. It is
 * assembled from public parts only (assembleCluster.ts); nodes pin every link to it, clients
 * seal custody parts to the nodes' encryption keys and check answers against their signing keys
 * (docs/uniqueness.md#operators-keys-and-links).
 */

/** One node as everyone sees it. */
export type NodeInfo = {
  party: Party;
  /** Where clients reach it: https://host:port (mutual TLS, clients' certificates only). */
  url: string;
  /** Where its two peers reach it: https://host:port (mutual TLS, the peers' certificates only). */
  peerUrl: string;
  /** X25519 public key (hex): custody parts are sealed to it, and only that. */
  encryptionKey: string;
  /** X25519 public key (hex): the static half of its pairwise correlated-randomness keys. */
  randomnessKey: string;
  /** Ed25519 public key (hex): it signs the node's answers. */
  signingKey: string;
  /** Its self-signed TLS certificate (PEM), naming the hosts of url and peerUrl: what links pin. */
  certificate: string;
  /**
   * Where shard k of the node takes shard k of the previous node's rounds (https://host:port,
   * the node's certificate), when the node runs its gallery as K shards; absent for one
   * process. All three nodes have the same K (docs/uniqueness.md#past-one-machine).
   */
  shardUrls?: string[];
};

/** The most shards a node may list. */
export const MAX_NODE_SHARDS = 64;

/** A registered client (an issuer): the only callers a node's client port accepts. */
export type ClientInfo = {
  /** Its name, unique in the cluster ("local-issuer"). */
  id: string;
  /** Ed25519 public key (hex): it signs the client's requests. */
  signingKey: string;
  /** Its self-signed TLS certificate (PEM): the client port accepts exactly these. */
  certificate: string;
  /** Requests a minute a node accepts from it (a token bucket of that size). */
  ratePerMinute: number;
};

/** The kinds of capture source: a biometric station's device key, or a KYC issuer after liveness checks. */
export const SOURCE_KINDS = ["station", "issuer"] as const;

/** A capture source, whose signature over a custody package the nodes require. */
export type SourceInfo = {
  id: string;
  kind: (typeof SOURCE_KINDS)[number];
  /** Ed25519 public key (hex). */
  signingKey: string;
};

/** cluster.json. */
export type Cluster = {
  type: "pop.uniquenessCluster";
  version: 2;
  nodes: [NodeInfo, NodeInfo, NodeInfo];
  clients: ClientInfo[];
  sources: SourceInfo[];
};

/** Client and source ids: a letter or digit, then letters, digits, dots, dashes, underscores. */
export const MEMBER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Reads one node's public entry (in the cluster file, or a node-public.json's fields).
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @param extra further fields the object has (a public file's type and version)
 * @returns the node
 * @throws InputError naming the bad field
 */
export function parseNodeInfo(value: unknown, name: string, extra: readonly string[] = []): NodeInfo {
  const fields = ["party", "url", "peerUrl", "encryptionKey", "randomnessKey", "signingKey", "certificate"];
  const node = expectObject(value, name, [...fields, ...extra], ["shardUrls"]);
  const info: NodeInfo = {
    party: expectInteger(node.party, `${name}.party`, 0, 2) as Party,
    url: checkNodeUrl(node.url, `${name}.url`),
    peerUrl: checkNodeUrl(node.peerUrl, `${name}.peerUrl`),
    encryptionKey: checkX25519PublicKey(node.encryptionKey, `${name}.encryptionKey`),
    randomnessKey: checkX25519PublicKey(node.randomnessKey, `${name}.randomnessKey`),
    signingKey: checkEd25519PublicKey(node.signingKey, `${name}.signingKey`),
    certificate: checkCertificate(node.certificate, `${name}.certificate`),
  };
  if (node.shardUrls !== undefined) {
    const urls = expectArray(node.shardUrls, `${name}.shardUrls`).map((url, k) =>
      checkNodeUrl(url, `${name}.shardUrls[${k}]`),
    );
    if (urls.length < 1 || urls.length > MAX_NODE_SHARDS) {
      throw new InputError(`${name}.shardUrls must list 1 to ${MAX_NODE_SHARDS} shards (or be left out)`);
    }
    info.shardUrls = urls;
  }
  if (info.url === info.peerUrl) {
    throw new InputError(`${name}: url and peerUrl must differ (clients and peers have their own ports)`);
  }
  const urls: [string, string][] = [
    ["url", info.url],
    ["peerUrl", info.peerUrl],
    ...(info.shardUrls ?? []).map((url, k): [string, string] => [`shardUrls[${k}]`, url]),
  ];
  for (const [field, url] of urls) {
    const { host } = urlHostPort(url);
    if (!certificateNamesHost(info.certificate, host)) {
      throw new InputError(`${name}.certificate does not name ${host}, the host of its ${field}`);
    }
  }
  refuseRepeats(
    urls.map(([, url]) => url),
    "a URL",
    name,
  );
  if (info.encryptionKey === info.randomnessKey) {
    throw new InputError(`${name}: encryptionKey and randomnessKey must be separate keys`);
  }
  return info;
}

/**
 * Reads one registered client's entry.
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @returns the client
 */
export function parseClientInfo(value: unknown, name: string): ClientInfo {
  const client = expectObject(value, name, ["id", "signingKey", "certificate", "ratePerMinute"]);
  return {
    id: expectString(client.id, `${name}.id`, MEMBER_ID),
    signingKey: checkEd25519PublicKey(client.signingKey, `${name}.signingKey`),
    certificate: checkCertificate(client.certificate, `${name}.certificate`),
    ratePerMinute: expectInteger(client.ratePerMinute, `${name}.ratePerMinute`, 1, 1_000_000),
  };
}

/**
 * Reads one capture source's entry.
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @returns the source
 */
export function parseSourceInfo(value: unknown, name: string): SourceInfo {
  const source = expectObject(value, name, ["id", "kind", "signingKey"]);
  const kind = expectString(source.kind, `${name}.kind`);
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new InputError(`${name}.kind must be "station" or "issuer"`);
  }
  return {
    id: expectString(source.id, `${name}.id`, MEMBER_ID),
    kind: kind as SourceInfo["kind"],
    signingKey: checkEd25519PublicKey(source.signingKey, `${name}.signingKey`),
  };
}

function refuseRepeats(values: string[], what: string, name: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new InputError(`${name} repeats ${what}`);
    seen.add(value);
  }
}

/**
 * Reads cluster.json strictly: version 2; three nodes, parties 0, 1, 2 in order, https URLs
 * with no path, keys that are points of their curves, certificates that name the URLs' hosts;
 * clients and sources with unique ids; no key, certificate or URL twice anywhere. A version 1
 * file (plain HTTP, one key per node) is refused with what to do instead.
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the cluster
 * @throws InputError naming the bad field
 * @example
 * const cluster = parseCluster(JSON.parse(text), "cluster.json");
 */
export function parseCluster(value: unknown, name: string): Cluster {
  if (typeof value === "object" && value !== null && (value as { version?: unknown }).version === 1) {
    throw new InputError(
      `${name} is a version 1 cluster file (plain HTTP, one key per node): each operator runs ` +
        "`pop uniqueness keygen`, then `pop uniqueness cluster` assembles a version 2 file (or `pop uniqueness init` on one machine)",
    );
  }
  const object = expectObject(value, name, ["type", "version", "nodes", "clients", "sources"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessCluster");
  expectLiteral(object.version, `${name}.version`, 2);
  const nodes = expectArray(object.nodes, `${name}.nodes`, 3).map((item, i) => {
    const node = parseNodeInfo(item, `${name}.nodes[${i}]`);
    if (node.party !== i) throw new InputError(`${name}.nodes[${i}].party must be ${i}`);
    return node;
  }) as Cluster["nodes"];
  const clients = expectArray(object.clients, `${name}.clients`).map((item, i) =>
    parseClientInfo(item, `${name}.clients[${i}]`),
  );
  const sources = expectArray(object.sources, `${name}.sources`).map((item, i) =>
    parseSourceInfo(item, `${name}.sources[${i}]`),
  );
  refuseRepeats(
    [
      ...nodes.flatMap((node) => [node.encryptionKey, node.randomnessKey, node.signingKey]),
      ...clients.map((client) => client.signingKey),
      ...sources.map((source) => source.signingKey),
    ],
    "a key",
    name,
  );
  refuseRepeats(
    [...nodes, ...clients].map((member) => certificateFingerprint(member.certificate)),
    "a certificate",
    name,
  );
  refuseRepeats(
    nodes.flatMap((node) => [node.url, node.peerUrl, ...(node.shardUrls ?? [])]),
    "a URL",
    name,
  );
  const shards = nodes.map((node) => node.shardUrls?.length ?? 0);
  if (shards.some((count) => count !== shards[0])) {
    throw new InputError(`${name}: the nodes list ${shards.join(", ")} shards; all three must have the same number`);
  }
  refuseRepeats(
    clients.map((client) => client.id),
    "a client id",
    name,
  );
  refuseRepeats(
    sources.map((source) => source.id),
    "a source id",
    name,
  );
  return { type: "pop.uniquenessCluster", version: 2, nodes, clients, sources };
}
