import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hexToBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectString } from "@pop/core/json";

/**
 * Public keys read from files and requests, checked where they are read so that a bad one is
 * an InputError naming its field, never a curve library's error deep inside a computation.
 */

const HEX32 = /^[0-9a-f]{64}$/;
/** A fixed X25519 scalar for testing a public key: any low-order point gives the zero secret. */
const PROBE_SCALAR = new Uint8Array(32).fill(0x5a);

/**
 * Checks an X25519 public key: 32 bytes in lower-case hex, not a low-order point (with which
 * every shared secret would be zero).
 * @param value the value to check
 * @param name the field's name, for the error message
 * @returns the key's hex
 * @throws InputError naming the field
 */
export function checkX25519PublicKey(value: unknown, name: string): string {
  const key = expectString(value, name, HEX32);
  try {
    x25519.getSharedSecret(PROBE_SCALAR, hexToBytes(key, name, 32));
  } catch (error) {
    throw new InputError(`${name} is not a usable X25519 public key (a low-order point)`, { cause: error });
  }
  return key;
}

/**
 * Checks an Ed25519 public key: 32 bytes in lower-case hex that decode to a curve point.
 * @param value the value to check
 * @param name the field's name, for the error message
 * @returns the key's hex
 * @throws InputError naming the field
 */
export function checkEd25519PublicKey(value: unknown, name: string): string {
  const key = expectString(value, name, HEX32);
  try {
    ed25519.Point.fromHex(key);
  } catch (error) {
    throw new InputError(`${name} is not an Ed25519 public key`, { cause: error });
  }
  return key;
}
