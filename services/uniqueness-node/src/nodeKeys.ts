import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import type { NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import type { Party } from "@pop/uniqueness/mpc/templateShares";

/**
 * A node's keys (node-key.json, mode 0600, in its data directory): its X25519 secret, from which
 * its pairwise keys with the other nodes come, and its Ed25519 signing secret. Operator and
 * server side only: clients see the public halves, in the cluster file.
 */

/** node-key.json: a node's secrets. */
export type NodeSecrets = {
  type: "pop.uniquenessNodeKey";
  version: 1;
  party: Party;
  encryption: string;
  signing: string;
};

const HEX32 = /^[0-9a-f]{64}$/;

/**
 * New secret keys for a node, from the platform's CSPRNG.
 * @param party the node's party
 * @returns the secrets, to write to node-key.json (mode 0600)
 */
export function createNodeSecrets(party: Party): NodeSecrets {
  return {
    type: "pop.uniquenessNodeKey",
    version: 1,
    party,
    encryption: bytesToHex(randomBytes(32)),
    signing: bytesToHex(randomBytes(32)),
  };
}

/**
 * What the cluster file says of a node with these secrets at `url`.
 * @param secrets the node's secrets
 * @param url its base URL (nodeUrl builds one)
 * @returns its public entry
 */
export function nodeInfo(secrets: NodeSecrets, url: string): NodeInfo {
  return {
    party: secrets.party,
    url,
    encryptionKey: bytesToHex(x25519.getPublicKey(hexToBytes(secrets.encryption, "encryption", 32))),
    signingKey: bytesToHex(ed25519.getPublicKey(hexToBytes(secrets.signing, "signing", 32))),
  };
}

/**
 * Reads node-key.json strictly.
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the secrets
 */
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
 * @param options.secrets this node's secrets
 * @param options.peer the other node
 * @param options.purpose what the key is for
 * @param options.context a request id, for keys that must be fresh per request
 * @returns 32 bytes, the same on both nodes
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
