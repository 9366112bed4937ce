import { InputError } from "@pop/core/errors";
import { expectLiteral, expectObject } from "@pop/core/json";
import { parseClientPublic } from "./clientKey.js";
import { type Cluster, type NodeInfo, parseCluster, parseNodeInfo } from "./clusterFile.js";
import { parseSourcePublic } from "./sourceKey.js";

/**
 * The cluster file from its members' public parts (docs/uniqueness.md#operators-keys-and-links):
 * each operator, issuer and capture source makes its keys on its own machine and hands over only
 * the *-public.json file; `pop uniqueness cluster` puts them together. A secret key file given
 * by mistake is refused, so no secret ever enters the file everyone shares.
 */

/** node-public.json: a node's entry in the cluster file, as its operator's keygen wrote it. */
export type NodePublic = { type: "pop.uniquenessNodePublic"; version: 1 } & NodeInfo;

/** One input file: its parsed JSON and its name (the path), for messages. */
export type PublicFile = { value: unknown; name: string };

/** Requests a minute a client may make unless told otherwise. */
export const DEFAULT_RATE_PER_MINUTE = 600;

const SECRET_TYPES: Record<string, string> = {
  "pop.uniquenessNodeKey": "node-public.json",
  "pop.uniquenessClientKey": "client-public.json",
  "pop.uniquenessSourceKey": "source-public.json",
};

const PUBLIC_TYPES: Record<string, string> = {
  "pop.uniquenessNodePublic": "a node's public file (for --node)",
  "pop.uniquenessClientPublic": "a client's public file (for --client)",
  "pop.uniquenessSourcePublic": "a source's public file (for --source)",
};

const typeOf = (value: unknown) =>
  typeof value === "object" && value !== null ? (value as { type?: unknown }).type : undefined;

function refuseSecret({ value, name }: PublicFile): void {
  const type = typeOf(value);
  const instead = typeof type === "string" ? SECRET_TYPES[type] : undefined;
  if (instead !== undefined) {
    throw new InputError(`${name} holds secret keys: give its public part (${instead}), which keygen wrote beside it`);
  }
}

/** A public file given where another kind belongs is named as what it is. */
function expectPublicType({ value, name }: PublicFile, expected: string): void {
  const type = typeOf(value);
  if (type !== expected && typeof type === "string" && PUBLIC_TYPES[type] !== undefined) {
    throw new InputError(`${name} is ${PUBLIC_TYPES[type]}, not ${PUBLIC_TYPES[expected]}`);
  }
}

/**
 * Reads node-public.json strictly.
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the node's entry
 */
export function parseNodePublic(value: unknown, name: string): NodeInfo {
  refuseSecret({ value, name });
  const object = expectObject(value, name, [], Object.keys(value ?? {}));
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessNodePublic");
  expectLiteral(object.version, `${name}.version`, 1);
  return parseNodeInfo(value, name, ["type", "version"]);
}

/**
 * Assembles and checks a cluster file from public parts.
 * @param options.nodes the three nodes' node-public.json, in any order (one per party)
 * @param options.clients the registered clients' client-public.json
 * @param options.sources the capture sources' source-public.json
 * @param options.ratePerMinute each client's rate limit (default 600)
 * @returns the cluster, as parseCluster reads it
 * @throws InputError for a secret file, a missing or repeated party, a repeated id, key or certificate
 */
export function assembleCluster(options: {
  nodes: readonly PublicFile[];
  clients?: readonly PublicFile[];
  sources?: readonly PublicFile[];
  ratePerMinute?: number;
}): Cluster {
  const files = [...options.nodes, ...(options.clients ?? []), ...(options.sources ?? [])];
  files.forEach(refuseSecret);
  for (const file of options.nodes) expectPublicType(file, "pop.uniquenessNodePublic");
  for (const file of options.clients ?? []) expectPublicType(file, "pop.uniquenessClientPublic");
  for (const file of options.sources ?? []) expectPublicType(file, "pop.uniquenessSourcePublic");
  if (options.nodes.length !== 3) {
    throw new InputError(`a cluster has three nodes: give --node three times, not ${options.nodes.length}`);
  }
  const nodes: (NodeInfo | undefined)[] = [undefined, undefined, undefined];
  for (const file of options.nodes) {
    const node = parseNodePublic(file.value, file.name);
    if (nodes[node.party] !== undefined) {
      throw new InputError(`${file.name} is party ${node.party} too: each party once`);
    }
    nodes[node.party] = node;
  }
  const rate = options.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE;
  const cluster = {
    type: "pop.uniquenessCluster",
    version: 2,
    nodes,
    clients: (options.clients ?? []).map((file) => {
      const { id, signingKey, certificate } = parseClientPublic(file.value, file.name);
      return { id, signingKey, certificate, ratePerMinute: rate };
    }),
    sources: (options.sources ?? []).map((file) => {
      const { id, kind, signingKey } = parseSourcePublic(file.value, file.name);
      return { id, kind, signingKey };
    }),
  };
  return parseCluster(cluster, "the assembled cluster");
}
