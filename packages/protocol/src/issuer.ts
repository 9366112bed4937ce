import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { inCurve, mulPointEscalar, subOrder } from "@zk-kit/baby-jubjub";
import { derivePublicKey } from "@zk-kit/eddsa-poseidon";
import { MAX_ISSUER_ID } from "./attributes.js";
import { isFieldElement, parseDecimal } from "./field.js";

/** An EdDSA-Poseidon (Baby JubJub) public key. */
export type PublicKey = readonly [bigint, bigint];

/** An issuer's key pair and id; the private key signs credential documents. */
export type IssuerKey = {
  issuerId: number;
  name: string;
  privateKey: Uint8Array;
  publicKey: PublicKey;
};

/** The JSON form of an issuer file (secret: written 0600). */
export type IssuerFile = {
  version: 1;
  type: "pop-issuer";
  issuerId: number;
  name: string;
  privateKey: string;
  publicKey: [string, string];
};

/**
 * An issuer's display name: 1 to 64 letters, digits (any script), spaces, dots, underscores
 * and dashes. No control, format (bidi, zero-width) or other invisible character, so a name
 * shown to a person reads as it is.
 */
export const ISSUER_NAME = /^[\p{L}\p{N} ._-]{1,64}$/u;

/**
 * Checks an issuer's display name (see ISSUER_NAME); the one check for issuer files and
 * issuer-set files.
 * @param value the JSON value
 * @param name the field's name, for the error message
 * @returns the name
 * @throws InputError when it is not such a name
 */
export function parseIssuerName(value: unknown, name: string): string {
  const text = expectString(value, name);
  if (!ISSUER_NAME.test(text)) {
    throw new InputError(
      `${name} must be 1 to 64 letters, digits, spaces, dots, underscores or dashes (no control or bidi characters)`,
    );
  }
  return text;
}

/**
 * Creates an issuer key from 32 random bytes.
 * @param params.issuerId the issuer's id (its slot in the issuer set), 0..1023
 * @param params.name a display name
 * @returns the issuer key
 */
export function createIssuer(params: { issuerId: number; name: string }): IssuerKey {
  expectInteger(params.issuerId, "issuerId", 0, MAX_ISSUER_ID);
  parseIssuerName(params.name, "name");
  const privateKey = randomBytes(32);
  const [x, y] = derivePublicKey(privateKey);
  return { issuerId: params.issuerId, name: params.name, privateKey, publicKey: [x, y] };
}

/** Serialises an issuer key. */
export function exportIssuer(issuer: IssuerKey): IssuerFile {
  return {
    version: 1,
    type: "pop-issuer",
    issuerId: issuer.issuerId,
    name: issuer.name,
    privateKey: bytesToHex(issuer.privateKey),
    publicKey: [issuer.publicKey[0].toString(), issuer.publicKey[1].toString()],
  };
}

/**
 * Parses a point `[x, y]` of decimal strings (an issuer key, a signature's R8); see
 * parseIssuerPublicKey for a key that is registered.
 * @param value the JSON value
 * @param name the parameter's name, for the error message
 */
export function parsePublicKey(value: unknown, name: string): PublicKey {
  const [x, y] = expectArray(value, name, 2);
  return [parseDecimal(x, `${name}[0]`), parseDecimal(y, `${name}[1]`)];
}

/** Keys already found sound, as "x,y": the subgroup check costs a scalar multiplication. */
const soundKeys = new Set<string>();
const isIdentity = (point: readonly [bigint, bigint]) => point[0] === 0n && point[1] === 1n;

/**
 * Checks that an issuer public key is one EdDSA-Poseidon can trust: a point of the Baby
 * JubJub curve, not of small order (with the identity (0, 1), or any point whose order
 * divides the cofactor 8, zk-kit's verifySignature accepts a forged signature on any
 * message), and in the prime-order subgroup (order l = subOrder), as every key
 * derivePublicKey makes is. Registering a key (an issuer file, an issuer set, the
 * IssuerRegistry) goes through this check.
 * @param key the public key, two field elements
 * @param name the key's name, for the error message
 * @returns the same key
 * @throws InputError naming the key and what is wrong with it
 */
export function checkIssuerPublicKey(key: PublicKey, name: string): PublicKey {
  const text = `${key[0]},${key[1]}`;
  if (soundKeys.has(text)) return key;
  const point: [bigint, bigint] = [key[0], key[1]];
  if (!point.every((coordinate) => typeof coordinate === "bigint" && isFieldElement(coordinate))) {
    throw new InputError(`${name} must be two field elements`);
  }
  if (!inCurve(point)) {
    throw new InputError(`${name} is not a point on the Baby JubJub curve`);
  }
  if (isIdentity(mulPointEscalar(point, 8n))) {
    throw new InputError(
      `${name} is a point of small order (the identity (0, 1) is one): it would accept any signature`,
    );
  }
  if (!isIdentity(mulPointEscalar(point, subOrder))) {
    throw new InputError(`${name} is not in the prime-order subgroup of Baby JubJub`);
  }
  soundKeys.add(text);
  return key;
}

/**
 * Parses an issuer public key `[x, y]` of decimal strings and checks it (checkIssuerPublicKey).
 * @param value the JSON value
 * @param name the parameter's name, for the error message
 * @returns the key
 * @throws InputError for a malformed key or one that checkIssuerPublicKey refuses
 */
export function parseIssuerPublicKey(value: unknown, name: string): PublicKey {
  return checkIssuerPublicKey(parsePublicKey(value, name), name);
}

/**
 * Parses an issuer file strictly and checks the public key (checkIssuerPublicKey) and that it
 * matches the private key.
 * @param value the parsed JSON
 * @returns the issuer key
 */
export function parseIssuer(value: unknown): IssuerKey {
  const object = expectObject(value, "issuer", ["version", "type", "issuerId", "name", "privateKey", "publicKey"]);
  expectLiteral(object.version, "issuer.version", 1);
  expectLiteral(object.type, "issuer.type", "pop-issuer");
  const issuerId = expectInteger(object.issuerId, "issuer.issuerId", 0, MAX_ISSUER_ID);
  const name = parseIssuerName(object.name, "issuer.name");
  const privateKey = hexToBytes(expectString(object.privateKey, "issuer.privateKey"), "issuer.privateKey", 32);
  const publicKey = parseIssuerPublicKey(object.publicKey, "issuer.publicKey");
  const [x, y] = derivePublicKey(privateKey);
  if (x !== publicKey[0] || y !== publicKey[1]) {
    throw new InputError("issuer.publicKey does not match issuer.privateKey");
  }
  return { issuerId, name, privateKey, publicKey };
}
