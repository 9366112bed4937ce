import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import type { Party } from "@pop/uniqueness/mpc/templateShares";

/**
 * The three nodes and their public keys (cluster.json, shared by the nodes and their clients),
 * and one node's secret keys (node-key.json, mode 0600, in its data directory).
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

/** node-key.json: a node's secrets. */
export type NodeSecrets = {
  type: "pop.uniquenessNodeKey";
  version: 1;
  party: Party;
  encryption: string;
  signing: string;
};

const HEX32 = /^[0-9a-f]{64}$/;
const URL_PATTERN = /^https?:\/\/[^\s/]+$/;

/** New secret keys for a node. */
export function createNodeSecrets(party: Party): NodeSecrets {
  return {
    type: "pop.uniquenessNodeKey",
    version: 1,
    party,
    encryption: bytesToHex(randomBytes(32)),
    signing: bytesToHex(randomBytes(32)),
  };
}

/** What the cluster file says of a node with these secrets at `url`. */
export function nodeInfo(secrets: NodeSecrets, url: string): NodeInfo {
  return {
    party: secrets.party,
    url,
    encryptionKey: bytesToHex(x25519.getPublicKey(hexToBytes(secrets.encryption, "encryption", 32))),
    signingKey: bytesToHex(ed25519.getPublicKey(hexToBytes(secrets.signing, "signing", 32))),
  };
}

/** Reads cluster.json strictly: three nodes, parties 0, 1, 2 in order, distinct keys. */
export function parseCluster(value: unknown, name: string): Cluster {
  const object = expectObject(value, name, ["type", "version", "nodes"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessCluster");
  expectLiteral(object.version, `${name}.version`, 1);
  const nodes = expectArray(object.nodes, `${name}.nodes`, 3).map((item, i): NodeInfo => {
    const at = `${name}.nodes[${i}]`;
    const node = expectObject(item, at, ["party", "url", "encryptionKey", "signingKey"]);
    return {
      party: expectInteger(node.party, `${at}.party`, i, i) as Party,
      url: expectString(node.url, `${at}.url`, URL_PATTERN),
      encryptionKey: expectString(node.encryptionKey, `${at}.encryptionKey`, HEX32),
      signingKey: expectString(node.signingKey, `${at}.signingKey`, HEX32),
    };
  }) as Cluster["nodes"];
  const keys = new Set(nodes.flatMap((node) => [node.encryptionKey, node.signingKey]));
  if (keys.size !== 6) {
    throw new InputError(`${name} repeats a key`);
  }
  return { type: "pop.uniquenessCluster", version: 1, nodes };
}

/** Reads node-key.json strictly. */
export function parseNodeSecrets(value: unknown, name: string): NodeSecrets {
  const object = expectObject(value, name, ["type", "version", "party", "encryption", "signing"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessNodeKey");
  expectLiteral(object.version, `${name}.version`, 1);
  return {
    type: "pop.uniquenessNodeKey",
    version: 1,
    party: expectInteger(object.party, `${name}.party`, 0, 2) as Party,
    encryption: expectString(object.encryption, `${name}.encryption`, HEX32),
    signing: expectString(object.signing, `${name}.signing`, HEX32),
  };
}

/**
 * The key a node shares with another node, from X25519 between their long-term keys: both
 * derive the same 32 bytes with no message. `purpose` separates the MAC key from the keys of
 * the correlated randomness; `context` (a request id) makes the latter fresh per request.
 */
export function pairwiseKey(options: {
  secrets: NodeSecrets;
  peer: NodeInfo;
  purpose: "mac" | "prf";
  context?: string;
}): Uint8Array {
  const { secrets, peer } = options;
  const shared = x25519.getSharedSecret(
    hexToBytes(secrets.encryption, "encryption", 32),
    hexToBytes(peer.encryptionKey, "encryptionKey", 32),
  );
  const [low, high] = secrets.party < peer.party ? [secrets.party, peer.party] : [peer.party, secrets.party];
  const info = new TextEncoder().encode(`pop.uniqueness.v1|${options.purpose}|${low}-${high}|${options.context ?? ""}`);
  return hkdf(sha256, shared, undefined, info, 32);
}
