import { InputError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import type { Party } from "../mpc/templateShares.js";
import { checkEd25519PublicKey, checkX25519PublicKey } from "../publicKeys.js";

/**
 * The cluster file (cluster.json): the three uniqueness nodes, their URLs and public keys. The
 * nodes and their clients share it; a client seals custody parts to the encryption keys and
 * checks the nodes' answers against the signing keys.
 */

/** One node as everyone sees it. */
export type NodeInfo = {
  party: Party;
  /** Base URL, e.g. http://127.0.0.1:7100. */
  url: string;
  /** X25519 public key (hex): custody parts are sealed to it; pairwise keys come from it. */
  encryptionKey: string;
  /** Ed25519 public key (hex): it signs the node's answers. */
  signingKey: string;
};

/** cluster.json. */
export type Cluster = { type: "pop.uniquenessCluster"; version: 1; nodes: [NodeInfo, NodeInfo, NodeInfo] };

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
const NODE_URL = /^https?:\/\/([^/?#@\s:[\]]+|\[[^\]/?#@\s]+\])(?::([0-9]{1,5}))?$/;

function isNodeHost(host: string): boolean {
  if (IPV6.test(host)) {
    try {
      // The WHATWG URL parser knows the IPv6 grammar, and every runtime pop targets has it.
      new URL(`http://${host}/`);
      return true;
    } catch {
      return false;
    }
  }
  // All-numeric dotted names must be IPv4 addresses (999.0.0.1 is neither).
  return host.length <= 253 && (/^[0-9.]+$/.test(host) ? IPV4.test(host) : HOST_NAME.test(host));
}

/**
 * Checks a node's host: a DNS name, an IPv4 address or a bracketed IPv6 address (the same rule
 * parseCluster applies to the host part of each node's URL).
 * @param host the host, e.g. "127.0.0.1" or "[::1]"
 * @param name the parameter's name, for the error message (e.g. "--host")
 * @returns the host
 * @throws InputError naming `name` when it is anything else (a space, a slash, a port)
 */
export function checkNodeHost(host: string, name: string): string {
  if (!isNodeHost(host)) {
    throw new InputError(`${name} must be a host name, an IPv4 address or a bracketed IPv6 address`);
  }
  return host;
}

/**
 * A node's base URL from its host and port, checked as parseCluster checks URLs.
 * @param host a host checkNodeHost accepts
 * @param port 1 to 65535
 * @returns http://host:port
 */
export function nodeUrl(host: string, port: number): string {
  checkNodeHost(host, "host");
  expectInteger(port, "port", 1, 65_535);
  return `http://${host}:${port}`;
}

function checkNodeUrl(value: unknown, name: string): string {
  const url = expectString(value, name);
  const match = NODE_URL.exec(url);
  const port = match?.[2];
  if (match === null || !isNodeHost(match[1]!) || (port !== undefined && (Number(port) < 1 || Number(port) > 65_535))) {
    throw new InputError(`${name} must be http(s)://host[:port] with no path`);
  }
  return url;
}

/**
 * Reads cluster.json strictly: three nodes, parties 0, 1, 2 in order, http(s) URLs with no path,
 * keys that are points of their curves, no key twice.
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the cluster
 * @throws InputError naming the bad field
 * @example
 * const cluster = parseCluster(JSON.parse(text), "cluster.json");
 */
export function parseCluster(value: unknown, name: string): Cluster {
  const object = expectObject(value, name, ["type", "version", "nodes"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessCluster");
  expectLiteral(object.version, `${name}.version`, 1);
  const nodes = expectArray(object.nodes, `${name}.nodes`, 3).map((item, i): NodeInfo => {
    const at = `${name}.nodes[${i}]`;
    const node = expectObject(item, at, ["party", "url", "encryptionKey", "signingKey"]);
    return {
      party: expectInteger(node.party, `${at}.party`, i, i) as Party,
      url: checkNodeUrl(node.url, `${at}.url`),
      encryptionKey: checkX25519PublicKey(node.encryptionKey, `${at}.encryptionKey`),
      signingKey: checkEd25519PublicKey(node.signingKey, `${at}.signingKey`),
    };
  }) as Cluster["nodes"];
  const keys = new Set(nodes.flatMap((node) => [node.encryptionKey, node.signingKey]));
  if (keys.size !== 6) {
    throw new InputError(`${name} repeats a key`);
  }
  return { type: "pop.uniquenessCluster", version: 1, nodes };
}
