import { keccak_256 } from "@noble/hashes/sha3.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";

/**
 * Maps bytes to a BN254 scalar field element as World ID does: keccak256(bytes) >> 8.
 * The result has at most 248 bits, so it is always < r and the map never wraps.
 * @param bytes the data to hash
 * @returns a field element
 */
export function hashToField(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of keccak_256(bytes)) {
    value = (value << 8n) | BigInt(byte);
  }
  return value >> 8n;
}

/**
 * Maps a scope or message text to a field element: hashToField of its UTF-8 bytes.
 * @param text any string (an empty string is allowed)
 * @returns a field element
 * @example textToField("vote-2026") // the scope of a poll
 */
export function textToField(text: string): bigint {
  return hashToField(utf8ToBytes(text));
}
