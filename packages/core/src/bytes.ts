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

/** Bytes to standard base64 (Web-platform atob/btoa, so it runs in Node and browsers). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Standard base64 to bytes; the caller checks the text's shape first (atob is lenient). */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses standard, padded, canonical base64 (the only spelling of each byte string: unused
 * bits zero) into bytes, with an InputError that names the field for anything else. atob alone
 * accepts unpadded text, whitespace and non-zero padding bits, and throws a DOMException for
 * a bad length.
 * @param text the value, usually from a JSON field
 * @param name the field's name, for the error message
 * @param length the exact byte length expected, when there is one
 * @returns the bytes
 * @throws InputError when it is not such base64 or not `length` bytes long
 */
export function parseBase64(text: unknown, name: string, length?: number): Uint8Array<ArrayBuffer> {
  if (typeof text !== "string" || text.length === 0 || !BASE64.test(text)) {
    throw new InputError(`${name} must be base64`);
  }
  const bytes = base64ToBytes(text);
  if (bytesToBase64(bytes) !== text) {
    throw new InputError(`${name} is not canonical base64`);
  }
  if (length !== undefined && bytes.length !== length) {
    throw new InputError(`${name} must be ${length} bytes in base64`);
  }
  return bytes;
}
