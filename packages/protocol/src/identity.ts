import { parseBase64 } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectObject, expectString } from "@pop/core/json";
import { Identity } from "@semaphore-protocol/identity";
import { poseidon1 } from "poseidon-lite";
import { parseDecimal, SNARK_SCALAR_FIELD } from "./field.js";

export { Identity };

/**
 * A human's two keys (docs/architecture.md, decision 1): the authenticator, a Semaphore v4
 * identity that proves control and may be rotated, and the nullifier key `n`, a random field
 * element made once that every nullifier comes from. `nullifierCommitment` N = Poseidon(n) is
 * public: it goes into every leaf of the human's, and it never changes.
 */
export type PopIdentity = {
  /** The rotatable authenticator (its secret scalar is what the circuit takes). */
  authenticator: Identity;
  /** The authenticator's commitment c (Semaphore v4's). */
  commitment: bigint;
  /** The lifelong nullifier key n. */
  nullifierKey: bigint;
  /** N = Poseidon(n). */
  nullifierCommitment: bigint;
};

/** The JSON form of an identity file (kept 0600 by the CLI: it holds both secrets). */
export type IdentityFile = {
  version: 2;
  type: "pop-identity";
  /** The authenticator: Semaphore v4's export, the base64 private key. */
  privateKey: string;
  /** The authenticator's decimal commitment c, kept so a reader can check the file. */
  commitment: string;
  /** The decimal nullifier key n. */
  nullifierKey: string;
  /** The decimal N = Poseidon(n), kept so a reader can check the file. */
  nullifierCommitment: string;
};

/**
 * The nullifier commitment N = Poseidon(n) of a nullifier key.
 * @param nullifierKey the key n, a field element
 */
export function nullifierCommitmentOf(nullifierKey: bigint): bigint {
  return poseidon1([nullifierKey]);
}

/**
 * A fresh nullifier key: a uniform non-zero field element from the system's CSPRNG (rejection
 * sampling over 254-bit draws, so there is no modular bias). Independent of every
 * authenticator secret, so a pop nullifier never equals a Semaphore nullifier of the same
 * person (personhood.circom).
 */
export function randomNullifierKey(): bigint {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    bytes[0]! &= 0x3f;
    const value = BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
    if (value !== 0n && value < SNARK_SCALAR_FIELD) return value;
  }
}

function withKeys(authenticator: Identity, nullifierKey: bigint): PopIdentity {
  return {
    authenticator,
    commitment: authenticator.commitment,
    nullifierKey,
    nullifierCommitment: nullifierCommitmentOf(nullifierKey),
  };
}

/**
 * Creates a human's keys: a fresh Semaphore-v4-compatible authenticator and a fresh
 * nullifier key.
 * @returns the identity
 */
export function createIdentity(): PopIdentity {
  return withKeys(new Identity(), randomNullifierKey());
}

/**
 * The two public commitments of a human's keys, c and N: all an issuer is given and signs,
 * never the keys themselves.
 * @param identity the keys
 * @example issueCredential({ issuer, ...holderCommitments(identity), kind: "kyc", country: 756, issuedAt, expiresAt })
 */
export function holderCommitments(identity: PopIdentity): { commitment: bigint; nullifierCommitment: bigint } {
  return { commitment: identity.commitment, nullifierCommitment: identity.nullifierCommitment };
}

/**
 * Replaces the authenticator (a new device, a stolen key, recovery) and keeps the nullifier
 * key, so every nullifier stays the same. The new commitment needs a new credential and a set
 * update (`pop set update`); the old authenticator stops proving once the old leaf is gone.
 * @param identity the current keys
 * @returns the keys with a fresh authenticator
 */
export function rotateAuthenticator(identity: PopIdentity): PopIdentity {
  return withKeys(new Identity(), identity.nullifierKey);
}

/**
 * The keys of a human who recovered their nullifier key (docs/architecture.md, decision 9): a
 * fresh authenticator and the recovered n, so every nullifier is what it was.
 * @param nullifierKey the recovered n
 * @param authenticator the new authenticator, when it was made first (a recovery sends its
 *   commitment to the uniqueness nodes); a fresh one by default
 * @returns the keys
 */
export function recoveredIdentity(nullifierKey: bigint, authenticator: Identity = new Identity()): PopIdentity {
  return withKeys(authenticator, nullifierKey);
}

/**
 * Serialises an identity; the private key is the one Semaphore's `Identity.export` gives,
 * so the authenticator also works in Semaphore tools.
 * @param identity the identity
 * @returns its file form
 */
export function exportIdentity(identity: PopIdentity): IdentityFile {
  return {
    version: 2,
    type: "pop-identity",
    privateKey: identity.authenticator.export(),
    commitment: identity.commitment.toString(),
    nullifierKey: identity.nullifierKey.toString(),
    nullifierCommitment: identity.nullifierCommitment.toString(),
  };
}

/**
 * Parses an identity file strictly and checks both stored commitments against their keys. A
 * version-1 file (one key, from before the nullifier key existed) is refused, not upgraded: a
 * nullifier key made now would give its holder new nullifiers everywhere.
 * @param value the parsed JSON
 * @returns the identity
 * @throws InputError naming the bad field, or saying how to replace a version-1 file
 */
export function parseIdentity(value: unknown): PopIdentity {
  const object = expectObject(
    value,
    "identity",
    ["version", "type"],
    ["privateKey", "commitment", "nullifierKey", "nullifierCommitment"],
  );
  if (object.type !== "pop-identity") {
    throw new InputError('identity.type must be "pop-identity"');
  }
  if (object.version === 1) {
    throw new InputError(
      "identity.version is 1: this file holds only an authenticator, from before pop identities had a " +
        "lifelong nullifier key; it cannot be upgraded (a new nullifier key would give new nullifiers " +
        "everywhere). Make a new identity with `pop identity create` and get its credentials issued anew",
    );
  }
  if (object.version !== 2) {
    throw new InputError("identity.version must be 2");
  }
  expectObject(value, "identity", [
    "version",
    "type",
    "privateKey",
    "commitment",
    "nullifierKey",
    "nullifierCommitment",
  ]);
  const privateKey = expectString(object.privateKey, "identity.privateKey");
  parseBase64(privateKey, "identity.privateKey", 32);
  const commitment = parseDecimal(object.commitment, "identity.commitment");
  const nullifierKey = parseDecimal(object.nullifierKey, "identity.nullifierKey");
  const nullifierCommitment = parseDecimal(object.nullifierCommitment, "identity.nullifierCommitment");
  if (nullifierKey === 0n) {
    throw new InputError("identity.nullifierKey must be a non-zero field element");
  }
  const identity = withKeys(Identity.import(privateKey), nullifierKey);
  if (identity.commitment !== commitment) {
    throw new InputError("identity.commitment does not match identity.privateKey");
  }
  if (identity.nullifierCommitment !== nullifierCommitment) {
    throw new InputError("identity.nullifierCommitment does not match identity.nullifierKey");
  }
  return identity;
}
