import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from "@pop/core/bytes";
import { PopError } from "@pop/core/errors";
import type { RandomSource } from "../randomSource.js";

/**
 * Bytes sealed to one X25519 public key: an ephemeral key pair, X25519, HKDF-SHA256 binding both
 * public keys, then XChaCha20-Poly1305 with a random 24-byte nonce and associated data that says
 * what the bytes are (so a part of one kind never opens as another).
 */

/** A sealed box as it travels in JSON. */
export type SealedBox = {
  /** The recipient's X25519 public key (hex). */
  nodeKey: string;
  /** The sender's ephemeral X25519 public key (hex). */
  ephemeralKey: string;
  /** 24-byte nonce (hex). */
  nonce: string;
  /** Ciphertext and tag (base64). */
  ciphertext: string;
};

/** Raised when a box does not open: another recipient, another purpose, or tampered. */
export class CustodyError extends PopError {}

function boxKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array): Uint8Array {
  const info = new Uint8Array([...new TextEncoder().encode("pop.custody.v2"), ...ephemeral, ...recipient]);
  return hkdf(sha256, shared, undefined, info, 32);
}

/**
 * Seals `plaintext` to `recipient`.
 * @param plaintext the bytes
 * @param recipient the recipient's X25519 public key
 * @param associated what the bytes are (bound into the tag)
 * @param random the randomness (the platform's CSPRNG; seeded only in tests)
 */
export function sealBox(
  plaintext: Uint8Array,
  recipient: Uint8Array,
  associated: string,
  random: RandomSource,
): SealedBox {
  const ephemeralSecret = random(32).slice();
  const ephemeralKey = x25519.getPublicKey(ephemeralSecret);
  const key = boxKey(x25519.getSharedSecret(ephemeralSecret, recipient), ephemeralKey, recipient);
  const nonce = random(24).slice();
  const ciphertext = xchacha20poly1305(key, nonce, new TextEncoder().encode(associated)).encrypt(plaintext);
  return {
    nodeKey: bytesToHex(recipient),
    ephemeralKey: bytesToHex(ephemeralKey),
    nonce: bytesToHex(nonce),
    ciphertext: bytesToBase64(ciphertext),
  };
}

/**
 * Opens a box with the recipient's secret key.
 * @param box the box
 * @param secret the recipient's X25519 secret key
 * @param associated what the bytes must be
 * @param name what the box is, for the error ("custody part 1")
 * @throws CustodyError when the box is for another key, another purpose, or was tampered with
 */
export function openBox(box: SealedBox, secret: Uint8Array, associated: string, name: string): Uint8Array {
  const recipient = x25519.getPublicKey(secret);
  if (bytesToHex(recipient) !== box.nodeKey) {
    throw new CustodyError(`${name} is sealed to another key`);
  }
  const ephemeralKey = hexToBytes(box.ephemeralKey, "ephemeralKey", 32);
  const key = boxKey(x25519.getSharedSecret(secret, ephemeralKey), ephemeralKey, recipient);
  try {
    return xchacha20poly1305(key, hexToBytes(box.nonce, "nonce", 24), new TextEncoder().encode(associated)).decrypt(
      base64ToBytes(box.ciphertext),
    );
  } catch (error) {
    throw new CustodyError(`${name} does not decrypt (tampered, corrupted or of another kind)`, { cause: error });
  }
}
