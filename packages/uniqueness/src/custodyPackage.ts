import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from "@pop/core/bytes";
import { InputError, PopError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { faceTemplateValues } from "./faceTemplate.js";
import type { IrisCode } from "./irisCode.js";
import {
  PARTIES,
  type Party,
  shareTemplate,
  shareValues,
  TEMPLATE_VALUES,
  type TemplateShares,
} from "./mpc/templateShares.js";
import { cryptoRandom, type RandomSource } from "./randomSource.js";

/**
 * The personal custody package (World's term): a person's template, secret-shared on their
 * device, each party's shares encrypted to that node's X25519 key (ephemeral ECDH, HKDF-SHA256,
 * XChaCha20-Poly1305). The person keeps it; a node can open only its own part, and one part
 * alone is uniform noise. Nothing in it is a plaintext template.
 */

/** What a template is of: an iris code, or a face embedding (faceTemplate.ts). Each has its own gallery. */
export type Modality = "iris" | "face";
export const MODALITIES: readonly Modality[] = ["iris", "face"];

/** The package's JSON form. */
export type CustodyPackage = {
  type: "pop.custodyPackage";
  version: 2;
  modality: Modality;
  parts: CustodyPart[];
};

/** One node's encrypted part. */
export type CustodyPart = {
  party: Party;
  /** The node's X25519 public key (hex) the part is encrypted to. */
  nodeKey: string;
  /** The sender's ephemeral X25519 public key (hex). */
  ephemeralKey: string;
  /** 24-byte nonce (hex). */
  nonce: string;
  /** Ciphertext and tag (base64): the party's template share, 16-bit little-endian. */
  ciphertext: string;
};

/** A node's decrypted part: its share of the template (stored, and compared as a query). */
export type PartyShares = Uint16Array;

/** Raised when a part does not decrypt: wrong node, or tampered. */
export class CustodyError extends PopError {}

const SHARE_BYTES = TEMPLATE_VALUES * 2;
const HEX32 = /^[0-9a-f]{64}$/;
const HEX24 = /^[0-9a-f]{48}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function partKey(shared: Uint8Array, ephemeral: Uint8Array, nodeKey: Uint8Array): Uint8Array {
  const info = new Uint8Array([...new TextEncoder().encode("pop.custody.v1"), ...ephemeral, ...nodeKey]);
  return hkdf(sha256, shared, undefined, info, 32);
}

/** The AEAD's associated data: a part opens only as its own modality, party and node key. */
function associatedData(modality: Modality, party: Party, nodeKey: string): Uint8Array {
  return new TextEncoder().encode(`pop.custody.v1|modality=${modality}|party=${party}|node=${nodeKey}`);
}

/**
 * Shares an iris code and seals each party's shares to its node.
 * @param iris the template (never leaves the device in the clear)
 * @param nodeKeys the three nodes' X25519 public keys, by party
 * @param random the randomness (the platform's CSPRNG; seeded only in tests)
 */
export function createCustodyPackage(
  iris: IrisCode,
  nodeKeys: readonly [Uint8Array, Uint8Array, Uint8Array],
  random: RandomSource = cryptoRandom,
): CustodyPackage {
  return seal("iris", shareTemplate(iris, random), nodeKeys, random);
}

/**
 * Shares a quantised face embedding (quantizeFace) and seals each party's shares to its node.
 * The nodes keep faces in a gallery of their own, compared at rotation 0.
 */
export function createFaceCustodyPackage(
  face: Int8Array,
  nodeKeys: readonly [Uint8Array, Uint8Array, Uint8Array],
  random: RandomSource = cryptoRandom,
): CustodyPackage {
  return seal("face", shareValues(faceTemplateValues(face), random), nodeKeys, random);
}

function seal(
  modality: Modality,
  shares: TemplateShares,
  nodeKeys: readonly [Uint8Array, Uint8Array, Uint8Array],
  random: RandomSource,
): CustodyPackage {
  const parts = PARTIES.map((party): CustodyPart => {
    const nodeKey = nodeKeys[party];
    const ephemeralSecret = random(32).slice();
    const ephemeralKey = x25519.getPublicKey(ephemeralSecret);
    const key = partKey(x25519.getSharedSecret(ephemeralSecret, nodeKey), ephemeralKey, nodeKey);
    const nonce = random(24).slice();
    const plaintext = new Uint8Array(shares[party].buffer.slice(0));
    const nodeKeyHex = bytesToHex(nodeKey);
    const ciphertext = xchacha20poly1305(key, nonce, associatedData(modality, party, nodeKeyHex)).encrypt(plaintext);
    return {
      party,
      nodeKey: nodeKeyHex,
      ephemeralKey: bytesToHex(ephemeralKey),
      nonce: bytesToHex(nonce),
      ciphertext: bytesToBase64(ciphertext),
    };
  });
  return { type: "pop.custodyPackage", version: 2, modality, parts };
}

/**
 * Reads a custody package strictly: the right type and version, three parts for parties 0, 1
 * and 2 in order, well-formed keys, nonces and ciphertext lengths.
 */
export function parseCustodyPackage(value: unknown, name: string): CustodyPackage {
  const object = expectObject(value, name, ["type", "version", "modality", "parts"]);
  expectLiteral(object.type, `${name}.type`, "pop.custodyPackage");
  expectLiteral(object.version, `${name}.version`, 2);
  if (!MODALITIES.includes(object.modality as Modality)) {
    throw new InputError(`${name}.modality must be one of ${MODALITIES.join(", ")}`);
  }
  const modality = object.modality as Modality;
  const parts = expectArray(object.parts, `${name}.parts`, 3).map((item, i): CustodyPart => {
    const at = `${name}.parts[${i}]`;
    const part = expectObject(item, at, ["party", "nodeKey", "ephemeralKey", "nonce", "ciphertext"]);
    const party = expectInteger(part.party, `${at}.party`, i, i) as Party;
    const ciphertext = expectString(part.ciphertext, `${at}.ciphertext`, BASE64);
    if (ciphertext.length !== Math.ceil((SHARE_BYTES + 16) / 3) * 4) {
      throw new InputError(`${at}.ciphertext has the wrong length`);
    }
    return {
      party,
      nodeKey: expectString(part.nodeKey, `${at}.nodeKey`, HEX32),
      ephemeralKey: expectString(part.ephemeralKey, `${at}.ephemeralKey`, HEX32),
      nonce: expectString(part.nonce, `${at}.nonce`, HEX24),
      ciphertext,
    };
  });
  return { type: "pop.custodyPackage", version: 2, modality, parts };
}

/**
 * A node opens its part with its X25519 secret key, as the package's modality.
 * @throws CustodyError when the part is for another key or was tampered with
 */
export function openCustodyPart(part: CustodyPart, nodeSecret: Uint8Array, modality: Modality): PartyShares {
  const nodeKey = x25519.getPublicKey(nodeSecret);
  if (bytesToHex(nodeKey) !== part.nodeKey) {
    throw new CustodyError(`custody part ${part.party} is sealed to another node key`);
  }
  const ephemeralKey = hexToBytes(part.ephemeralKey, "ephemeralKey", 32);
  const key = partKey(x25519.getSharedSecret(nodeSecret, ephemeralKey), ephemeralKey, nodeKey);
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(
      key,
      hexToBytes(part.nonce, "nonce", 24),
      associatedData(modality, part.party, part.nodeKey),
    ).decrypt(base64ToBytes(part.ciphertext));
  } catch (error) {
    throw new CustodyError(`custody part ${part.party} does not decrypt (tampered or corrupted)`, { cause: error });
  }
  return new Uint16Array(plaintext.slice(0, SHARE_BYTES).buffer);
}
