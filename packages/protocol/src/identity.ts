import { parseBase64 } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectLiteral, expectObject, expectString } from "@pop/core/json";
import { Identity } from "@semaphore-protocol/identity";
import { parseDecimal } from "./field.js";

export { Identity };

/** The JSON form of an identity file (kept 0600 by the CLI: it holds the secret). */
export type IdentityFile = {
  version: 1;
  type: "pop-identity";
  /** Semaphore v4 export: the base64 private key. */
  privateKey: string;
  /** Decimal commitment, kept so a reader can check the file without the secret math. */
  commitment: string;
};

/**
 * Creates a fresh Semaphore-v4-compatible identity from 32 random bytes.
 * @returns the identity
 */
export function createIdentity(): Identity {
  return new Identity();
}

/**
 * Serialises an identity; the private key is the one Semaphore's `Identity.export` gives,
 * so the same identity works in Semaphore tools.
 * @param identity the identity
 * @returns its file form
 */
export function exportIdentity(identity: Identity): IdentityFile {
  return {
    version: 1,
    type: "pop-identity",
    privateKey: identity.export(),
    commitment: identity.commitment.toString(),
  };
}

/**
 * Parses an identity file strictly and checks the stored commitment against the key.
 * @param value the parsed JSON
 * @returns the identity
 */
export function parseIdentity(value: unknown): Identity {
  const object = expectObject(value, "identity", ["version", "type", "privateKey", "commitment"]);
  expectLiteral(object.version, "identity.version", 1);
  expectLiteral(object.type, "identity.type", "pop-identity");
  const privateKey = expectString(object.privateKey, "identity.privateKey");
  parseBase64(privateKey, "identity.privateKey", 32);
  const commitment = parseDecimal(object.commitment, "identity.commitment");
  const identity = Identity.import(privateKey);
  if (identity.commitment !== commitment) {
    throw new InputError("identity.commitment does not match identity.privateKey");
  }
  return identity;
}
