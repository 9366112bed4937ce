import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import type { NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import { checkCertificate, checkTlsKey, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import type { Party } from "@pop/uniqueness/mpc/templateShares";

/**
 * A node's keys (node-key.json, mode 0600, in its data directory), made on its operator's
 * machine by `pop uniqueness keygen` (docs/uniqueness.md#operators-keys-and-links). One key per
 * purpose: X25519 for custody (opening its parts of packages, nothing else), X25519 for the
 * static half of its correlated randomness with each peer, Ed25519 for signing answers, and
 * an ECDSA P-256 TLS key with its self-signed certificate for its links. Clients and peers see
 * the public halves, in the cluster file.
 */

/** node-key.json: a node's secrets. */
export type NodeSecrets = {
  type: "pop.uniquenessNodeKey";
  version: 2;
  party: Party;
  /** X25519 secret (hex): opens custody parts. */
  encryption: string;
  /** X25519 secret (hex): pairwise randomness keys. */
  randomness: string;
  /** Ed25519 secret (hex): signs answers. */
  signing: string;
  /** ECDSA P-256 key (PKCS#8 PEM) of the certificate. */
  tlsKey: string;
  /** Self-signed certificate (PEM) naming the node's hosts. */
  certificate: string;
};

const HEX32 = /^[0-9a-f]{64}$/;

/**
 * New secrets for a node, from the platform's CSPRNG, with the TLS identity made for its hosts.
 * @param party the node's party
 * @param tls its TLS key and certificate (createTlsIdentity, naming its hosts)
 * @returns the secrets, to write to node-key.json (mode 0600)
 */
export function createNodeSecrets(party: Party, tls: TlsIdentity): NodeSecrets {
  return {
    type: "pop.uniquenessNodeKey",
    version: 2,
    party,
    encryption: bytesToHex(randomBytes(32)),
    randomness: bytesToHex(randomBytes(32)),
    signing: bytesToHex(randomBytes(32)),
    tlsKey: tls.key,
    certificate: tls.certificate,
  };
}

/**
 * What the cluster file says of a node with these secrets.
 * @param secrets the node's secrets
 * @param urls its client URL and peer URL (nodeUrl builds them), and its shards' ring URLs if it has shards
 * @returns its public entry
 */
export function nodeInfo(
  secrets: NodeSecrets,
  urls: { url: string; peerUrl: string; shardUrls?: readonly string[] | undefined },
): NodeInfo {
  return {
    party: secrets.party,
    url: urls.url,
    peerUrl: urls.peerUrl,
    ...(urls.shardUrls === undefined ? {} : { shardUrls: [...urls.shardUrls] }),
    encryptionKey: bytesToHex(x25519.getPublicKey(hexToBytes(secrets.encryption, "encryption", 32))),
    randomnessKey: bytesToHex(x25519.getPublicKey(hexToBytes(secrets.randomness, "randomness", 32))),
    signingKey: bytesToHex(ed25519.getPublicKey(hexToBytes(secrets.signing, "signing", 32))),
    certificate: secrets.certificate,
  };
}

/**
 * Reads node-key.json strictly. A version 1 file (one X25519 key for everything, no TLS) is
 * refused with what to do.
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the secrets
 */
export function parseNodeSecrets(value: unknown, name: string): NodeSecrets {
  if (typeof value === "object" && value !== null && (value as { version?: unknown }).version === 1) {
    throw new InputError(`${name} is a version 1 node key (no TLS, one key for all): run \`pop uniqueness keygen\``);
  }
  const object = expectObject(value, name, [
    "type",
    "version",
    "party",
    "encryption",
    "randomness",
    "signing",
    "tlsKey",
    "certificate",
  ]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessNodeKey");
  expectLiteral(object.version, `${name}.version`, 2);
  const certificate = checkCertificate(object.certificate, `${name}.certificate`);
  return {
    type: "pop.uniquenessNodeKey",
    version: 2,
    party: expectInteger(object.party, `${name}.party`, 0, 2) as Party,
    encryption: expectString(object.encryption, `${name}.encryption`, HEX32),
    randomness: expectString(object.randomness, `${name}.randomness`, HEX32),
    signing: expectString(object.signing, `${name}.signing`, HEX32),
    tlsKey: checkTlsKey(object.tlsKey, certificate, `${name}.tlsKey`),
    certificate,
  };
}

/**
 * Checks that a node's secrets are those of its entry in the cluster file (a node started on
 * another operator's key file, or on a stale cluster file, would fail every request later).
 * @param secrets the node's secrets
 * @param node its entry in the cluster file
 * @param name the key file, for the message
 * @throws InputError naming the key that differs
 */
export function checkSecretsMatch(secrets: NodeSecrets, node: NodeInfo, name: string): void {
  const mine = nodeInfo(secrets, node);
  for (const field of ["encryptionKey", "randomnessKey", "signingKey", "certificate"] as const) {
    if (mine[field] !== node[field]) {
      throw new InputError(`${name} does not match node ${node.party} of the cluster file (its ${field} differs)`);
    }
  }
}

/**
 * The static half of the correlated-randomness key a node shares with another node: X25519
 * between their randomness keys (never the custody key), through HKDF with the pair and a
 * context. randomnessKeys (randomness.ts) adds both nodes' fresh contributions for a request
 * on top of it; this alone is what both can derive with no message.
 * @param options.secrets this node's secrets
 * @param options.peer the other node
 * @param options.purpose what the key is for ("prf": the request's correlated randomness)
 * @param options.context a request id, so that keys differ per request
 * @param options.salt fresh contributions of both nodes (randomness.ts), when exchanged
 * @returns 32 bytes, the same on both nodes
 */
export function pairwiseKey(options: {
  secrets: NodeSecrets;
  peer: NodeInfo;
  purpose: "prf";
  context?: string;
  salt?: Uint8Array;
}): Uint8Array {
  const { secrets, peer } = options;
  const shared = x25519.getSharedSecret(
    hexToBytes(secrets.randomness, "randomness", 32),
    hexToBytes(peer.randomnessKey, "randomnessKey", 32),
  );
  const [low, high] = secrets.party < peer.party ? [secrets.party, peer.party] : [peer.party, secrets.party];
  const info = new TextEncoder().encode(`pop.uniqueness.v2|${options.purpose}|${low}-${high}|${options.context ?? ""}`);
  return hkdf(sha256, shared, options.salt, info, 32);
}
