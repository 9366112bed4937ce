import { bytesToHex, randomBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectString } from "@pop/core/json";

/**
 * Request and person ids on the uniqueness wire: 16 bytes as 32 lower-case hex characters. A
 * request id is fresh per request (a node refuses one it has seen); a person id is chosen by the
 * enrolling issuer and names the person in every gallery.
 */

const ID = /^[0-9a-f]{32}$/;
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Checks a 16-byte id in hex.
 * @param id the value to check
 * @param name the field's name, for the error message
 * @returns the id
 * @throws InputError naming the field when it is not 32 lower-case hex characters
 */
export function checkId(id: unknown, name: string): string {
  if (typeof id !== "string" || !ID.test(id)) {
    throw new InputError(`${name} must be 32 lower-case hex characters`);
  }
  return id;
}

/**
 * A fresh request id: 16 random bytes in hex.
 * @returns the id
 */
export function newRequestId(): string {
  return bytesToHex(randomBytes(16));
}

/**
 * Checks a registered client's id as the wire carries it: 1 to 64 letters, digits, ".", "_" or
 * "-", starting with a letter or digit (never "|", so the texts signed over ids are unambiguous).
 * @param id the value to check
 * @param name the field's name, for the error message
 * @returns the id
 * @throws InputError naming the field when it is not such a string
 */
export function checkClientId(id: unknown, name: string): string {
  return expectString(id, name, CLIENT_ID);
}
