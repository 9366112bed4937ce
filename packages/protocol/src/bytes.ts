import { InputError } from "./errors.js";

const HEX = /^(0x)?([0-9a-fA-F]{2})*$/;

/**
 * Hex text (optionally 0x-prefixed) to bytes.
 * @param hex the text
 * @param name the parameter's name, for the error message
 * @param length the exact byte length expected, when there is one
 */
export function hexToBytes(hex: string, name: string, length?: number): Uint8Array {
  if (!HEX.test(hex)) {
    throw new InputError(`${name} must be hex`);
  }
  const body = hex.startsWith("0x") ? hex.slice(2) : hex;
  const bytes = new Uint8Array(body.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(body.slice(2 * i, 2 * i + 2), 16);
  }
  if (length !== undefined && bytes.length !== length) {
    throw new InputError(`${name} must be ${length} bytes`);
  }
  return bytes;
}

/** Bytes to lower-case hex text without a prefix. */
export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** `length` bytes from the platform's cryptographic random source. */
export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}
