import { CredentialError, InputError, IssuerError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { formatIsoTime, parseIsoTime } from "@pop/core/time";
import { type Signature, signMessage, verifySignature } from "@zk-kit/eddsa-poseidon";
import { poseidon3 } from "poseidon-lite";
import {
  type CredentialAttributes,
  type CredentialKind,
  checkAttributes,
  MAX_COUNTRY,
  MAX_ISSUER_ID,
  packAttributes,
  parseKind,
} from "./attributes.js";
import { isFieldElement, parseDecimal } from "./field.js";
import { type IssuerKey, type PublicKey, parseIssuerName, parsePublicKey } from "./issuer.js";
import type { IssuerSet } from "./issuerSet.js";

/** What a humanity-set leaf commits to: the holder's two keys' commitments and the attributes. */
export type LeafParts = {
  /** The holder's authenticator commitment c (rotatable). */
  commitment: bigint;
  /** The holder's nullifier commitment N = Poseidon(n) (for life). */
  nullifierCommitment: bigint;
  attributes: CredentialAttributes;
};

type CredentialBase = LeafParts & { issuerName: string };

/** A credential from an off-chain issuer: the issuer signed its leaf (docs/protocol.md#credentials). */
export type SignedCredential = CredentialBase & {
  issuerPublicKey: PublicKey;
  /** EdDSA-Poseidon signature over the leaf. */
  signature: Signature<bigint>;
};

/** Where the registry recorded the leaf: the HumanityRegistered log that set it. */
export type RegistrationRecord = {
  /** EIP-155 chain id, a positive safe integer. */
  chainId: number;
  /** The HumanityRegistry contract's address, lower-case hex. */
  registry: `0x${string}`;
  /** The registered human's bytes20 id, lower-case hex. */
  humanityId: `0x${string}`;
  /** The hash of the transaction that emitted the log, lower-case hex. */
  transactionHash: `0x${string}`;
  /** The log's index in its block, a non-negative safe integer. */
  logIndex: number;
};

/**
 * A credential of kind registry: nothing signs it; the HumanityRegistry contract inserted its
 * leaf and the HumanityRegistered log records it (docs/registry.md#credentials).
 */
export type RegisteredCredential = CredentialBase & { registration: RegistrationRecord };

/** A Personhood Credential: attributes bound to a commitment, signed or registry-backed. */
export type Credential = SignedCredential | RegisteredCredential;

type DocumentBase = {
  "@context": ["https://www.w3.org/ns/credentials/v2"];
  type: ["VerifiableCredential", "PersonhoodCredential"];
  validFrom: string;
  validUntil: string;
  credentialSubject: { commitment: string; nullifierCommitment: string; kind: CredentialKind; country: number };
};

/** The W3C-VC-shaped JSON document of a signed credential. */
export type SignedCredentialDocument = DocumentBase & {
  issuer: { id: string; issuerId: number; name: string; publicKey: [string, string] };
  proof: {
    type: "EdDSAPoseidonLeafSignature";
    proofPurpose: "assertionMethod";
    signature: { R8: [string, string]; S: string };
  };
};

/** The W3C-VC-shaped JSON document of a registered credential: the proof names the log. */
export type RegisteredCredentialDocument = DocumentBase & {
  issuer: { id: string; issuerId: number; name: string };
  proof: { type: "PopRegistryRegistration"; proofPurpose: "assertionMethod" } & RegistrationRecord;
};

/** The W3C-VC-shaped JSON document of a credential. */
export type CredentialDocument = SignedCredentialDocument | RegisteredCredentialDocument;

const SIGNATURE_TYPE = "EdDSAPoseidonLeafSignature";
const REGISTRATION_TYPE = "PopRegistryRegistration";
const REGISTRATION_FIELDS = ["chainId", "registry", "humanityId", "transactionHash", "logIndex"] as const;
const BYTES20 = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * The humanity-set leaf of a credential: Poseidon(c, N, attributes) (docs/protocol.md#credentials).
 * @param parts the holder's commitment c and nullifier commitment N, and the attributes
 * @returns the leaf
 * @example credentialLeaf(credential)
 */
export function credentialLeaf(parts: LeafParts): bigint {
  return packedLeaf(parts.commitment, parts.nullifierCommitment, packAttributes(parts.attributes));
}

/**
 * The leaf formula itself, over attributes already packed (as contracts and their events hold
 * them): Poseidon(c, N, attributes), what HumanitySet.addMember computes.
 * @param commitment c
 * @param nullifierCommitment N
 * @param attributes the packed attributes
 */
export function packedLeaf(commitment: bigint, nullifierCommitment: bigint, attributes: bigint): bigint {
  return poseidon3([commitment, nullifierCommitment, attributes]);
}

/** Refuses a commitment (c or N) that is zero or not a field element, naming it. */
function checkHolderKey(value: unknown, name: string): bigint {
  if (typeof value !== "bigint" || value === 0n || !isFieldElement(value)) {
    throw new InputError(`${name} must be a non-zero field element`);
  }
  return value;
}

/**
 * Issues a credential: the issuer signs the leaf, which commits to the holder's two
 * commitments and every attribute, with EdDSA-Poseidon.
 * @param params.issuer the issuer's key
 * @param params.commitment the holder's authenticator commitment c
 * @param params.nullifierCommitment the holder's nullifier commitment N: the same for every
 *   credential of one human, whichever issuer (docs/architecture.md, decision 4)
 * @param params.kind registry, biometric or kyc
 * @param params.country ISO 3166-1 numeric code, or 0
 * @param params.issuedAt Unix seconds
 * @param params.expiresAt Unix seconds, after issuedAt
 * @returns the credential
 */
export function issueCredential(params: {
  issuer: IssuerKey;
  commitment: bigint;
  nullifierCommitment: bigint;
  kind: CredentialKind;
  country: number;
  issuedAt: number;
  expiresAt: number;
}): SignedCredential {
  const { issuer } = params;
  const commitment = checkHolderKey(params.commitment, "commitment");
  const nullifierCommitment = checkHolderKey(params.nullifierCommitment, "nullifierCommitment");
  const attributes = checkAttributes({
    issuerId: issuer.issuerId,
    kind: params.kind,
    country: params.country,
    issuedAt: params.issuedAt,
    expiresAt: params.expiresAt,
  });
  const signature = signMessage(issuer.privateKey, credentialLeaf({ commitment, nullifierCommitment, attributes }));
  return {
    commitment,
    nullifierCommitment,
    attributes,
    issuerName: issuer.name,
    issuerPublicKey: issuer.publicKey,
    signature,
  };
}

/**
 * A registry credential: its leaf was inserted by the HumanityRegistry contract, and
 * `registration` names the HumanityRegistered log that did it (docs/registry.md#credentials).
 * @param params.commitment the holder's authenticator commitment, as the log records it
 * @param params.nullifierCommitment the holder's nullifier commitment, as the log records it
 * @param params.attributes the attributes the log records; kind must be registry
 * @param params.issuerName the registry's issuer name
 * @param params.registration the log; hex may be mixed-case (EIP-55) and is stored lower-case
 * @returns the credential
 * @throws InputError naming a malformed field; CredentialError when the kind is not registry
 * @example
 * registeredCredential({ commitment, attributes, issuerName: "Humanity registry",
 *   registration: { chainId: 1, registry, humanityId, transactionHash, logIndex: 0 } })
 */
export function registeredCredential(params: {
  commitment: bigint;
  nullifierCommitment: bigint;
  attributes: CredentialAttributes;
  issuerName: string;
  registration: RegistrationRecord;
}): RegisteredCredential {
  const commitment = checkHolderKey(params.commitment, "commitment");
  const nullifierCommitment = checkHolderKey(params.nullifierCommitment, "nullifierCommitment");
  const attributes = checkAttributes({ ...params.attributes });
  requireRegistryKind(attributes.kind, "attributes.kind");
  const issuerName = expectString(params.issuerName, "issuerName");
  const registration = readRegistration(params.registration, "registration", { lowerCaseOnly: false });
  return { commitment, nullifierCommitment, attributes, issuerName, registration };
}

/**
 * Whether the credential is backed by a registry registration rather than a signature.
 * @param credential the credential
 */
export function isRegistered(credential: Credential): credential is RegisteredCredential {
  return "registration" in credential;
}

/** A registration backs only a registry credential: other kinds need an issuer's signature. */
function requireRegistryKind(kind: CredentialKind, name: string): void {
  if (kind !== "registry") {
    throw new CredentialError(
      `${name} must be "registry" for a credential backed by a registry registration, not "${kind}"`,
    );
  }
}

/** Reads and checks the five fields of a HumanityRegistered log reference. */
function readRegistration(
  fields: Record<string, unknown>,
  name: string,
  options: { lowerCaseOnly: boolean },
): RegistrationRecord {
  const integer = (field: string, min: 0 | 1, what: string): number => {
    const value = fields[field];
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
      throw new InputError(`${name}.${field} must be ${what}`);
    }
    return value;
  };
  const hex = (field: string, pattern: RegExp, what: string): `0x${string}` => {
    const value = fields[field];
    if (typeof value !== "string" || !pattern.test(value)) {
      throw new InputError(`${name}.${field} must be ${what}`);
    }
    const lower = value.toLowerCase() as `0x${string}`;
    if (options.lowerCaseOnly && value !== lower) {
      throw new InputError(`${name}.${field} must be lower-case hex`);
    }
    return lower;
  };
  return {
    chainId: integer("chainId", 1, "a positive safe integer"),
    registry: hex("registry", BYTES20, "a 20-byte address (0x and 40 hex digits)"),
    humanityId: hex("humanityId", BYTES20, "20 bytes (0x and 40 hex digits)"),
    transactionHash: hex("transactionHash", BYTES32, "32 bytes (0x and 64 hex digits)"),
    logIndex: integer("logIndex", 0, "a non-negative safe integer"),
  };
}

/**
 * Whether the credential's signature verifies under the public key it names; false for a
 * registered credential, which carries no signature.
 * @param credential the credential
 */
export function hasValidSignature(credential: Credential): boolean {
  if (isRegistered(credential)) {
    return false;
  }
  try {
    return verifySignature(credentialLeaf(credential), credential.signature, [
      credential.issuerPublicKey[0],
      credential.issuerPublicKey[1],
    ]);
  } catch {
    return false;
  }
}

/**
 * Checks a credential for use.
 *
 * A signed credential: its signature is valid, and, with `issuers`, it is signed by the key
 * the issuer set records for its issuer id, that issuer is active and may issue its kind.
 *
 * A registered credential: there is no signature to check; its kind must be registry, its
 * registration well-formed and, with `issuers`, its issuer id active and allowed the registry
 * kind (the key the set records for the registry is not what backs it, so it is not compared). The HumanityRegistered log
 * itself is checked against a chain by `@pop/contracts/registryCredential`'s `checkRegistration`;
 * this function reads no chain.
 *
 * Both: valid at time `at` when given. A proof additionally needs the credential's leaf in
 * the humanity set (see personhoodCircuitInput).
 * @param credential the credential
 * @param options.issuers the issuer set to check authority against
 * @param options.at Unix seconds
 * @throws CredentialError or IssuerError naming what is wrong; InputError for a malformed
 *   registration
 */
export function checkCredential(credential: Credential, options: { issuers?: IssuerSet; at?: number } = {}): void {
  const { issuerId, issuedAt, expiresAt } = credential.attributes;
  if (isRegistered(credential)) {
    requireRegistryKind(credential.attributes.kind, "attributes.kind");
    readRegistration(credential.registration, "registration", { lowerCaseOnly: true });
  } else if (!hasValidSignature(credential)) {
    throw new CredentialError("the credential's issuer signature does not verify");
  }
  if (options.issuers !== undefined) {
    const record = options.issuers.get(issuerId);
    if (record === undefined || record.status !== "active") {
      throw new IssuerError(`issuer ${issuerId} is not an active member of the issuer set`);
    }
    if (
      !isRegistered(credential) &&
      (record.publicKey[0] !== credential.issuerPublicKey[0] || record.publicKey[1] !== credential.issuerPublicKey[1])
    ) {
      throw new IssuerError(`the credential is not signed by the key registered for issuer ${issuerId}`);
    }
    if (!record.kinds.includes(credential.attributes.kind)) {
      throw new IssuerError(
        `issuer ${issuerId} may not issue ${credential.attributes.kind} credentials (its kinds: ${record.kinds.join(", ")})`,
      );
    }
  }
  if (options.at !== undefined) {
    if (options.at >= expiresAt) {
      throw new CredentialError(`the credential expired at ${formatIsoTime(expiresAt)}`);
    }
    if (options.at < issuedAt) {
      throw new CredentialError(`the credential is not valid before ${formatIsoTime(issuedAt)}`);
    }
  }
}

/**
 * The W3C-VC-shaped document of a credential. A signed credential's proof is its signature;
 * a registered credential's proof names the HumanityRegistered log, and its issuer has no key.
 * @param credential the credential
 */
export function credentialDocument(credential: Credential): CredentialDocument {
  const { attributes } = credential;
  const head = {
    "@context": ["https://www.w3.org/ns/credentials/v2"] as DocumentBase["@context"],
    type: ["VerifiableCredential", "PersonhoodCredential"] as DocumentBase["type"],
  };
  const issuer = {
    id: `urn:pop:issuer:${attributes.issuerId}`,
    issuerId: attributes.issuerId,
    name: credential.issuerName,
  };
  const validity = {
    validFrom: formatIsoTime(attributes.issuedAt),
    validUntil: formatIsoTime(attributes.expiresAt),
    credentialSubject: {
      commitment: credential.commitment.toString(),
      nullifierCommitment: credential.nullifierCommitment.toString(),
      kind: attributes.kind,
      country: attributes.country,
    },
  };
  if (isRegistered(credential)) {
    const { chainId, registry, humanityId, transactionHash, logIndex } = credential.registration;
    return {
      ...head,
      issuer,
      ...validity,
      proof: {
        type: REGISTRATION_TYPE,
        proofPurpose: "assertionMethod",
        chainId,
        registry,
        humanityId,
        transactionHash,
        logIndex,
      },
    };
  }
  const { issuerPublicKey, signature } = credential;
  return {
    ...head,
    issuer: { ...issuer, publicKey: [issuerPublicKey[0].toString(), issuerPublicKey[1].toString()] },
    ...validity,
    proof: {
      type: SIGNATURE_TYPE,
      proofPurpose: "assertionMethod",
      signature: { R8: [signature.R8[0].toString(), signature.R8[1].toString()], S: signature.S.toString() },
    },
  };
}

/**
 * Parses a credential document strictly: every field checked, unknown fields refused, a
 * field that belongs to the other kind of proof refused. The proof's type decides which
 * kind it is. Neither the signature nor the registration log is checked here (see
 * checkCredential).
 * @param value the parsed JSON
 * @returns the credential
 * @throws InputError naming a malformed field; CredentialError for a registration proof on a
 *   credential whose kind is not registry
 */
export function parseCredential(value: unknown): Credential {
  const doc = expectObject(value, "credential", [
    "@context",
    "type",
    "issuer",
    "validFrom",
    "validUntil",
    "credentialSubject",
    "proof",
  ]);
  const context = expectArray(doc["@context"], "credential.@context", 1);
  expectLiteral(context[0], "credential.@context[0]", "https://www.w3.org/ns/credentials/v2");
  const type = expectArray(doc.type, "credential.type", 2);
  expectLiteral(type[0], "credential.type[0]", "VerifiableCredential");
  expectLiteral(type[1], "credential.type[1]", "PersonhoodCredential");

  const proofKeys = ["type", "proofPurpose"];
  const proofType = expectObject(
    doc.proof,
    "credential.proof",
    ["type"],
    ["proofPurpose", "signature", ...REGISTRATION_FIELDS],
  ).type;
  if (proofType !== SIGNATURE_TYPE && proofType !== REGISTRATION_TYPE) {
    throw new InputError(`credential.proof.type must be "${SIGNATURE_TYPE}" or "${REGISTRATION_TYPE}"`);
  }
  const registered = proofType === REGISTRATION_TYPE;

  const issuer = expectObject(doc.issuer, "credential.issuer", ["id", "issuerId", "name"], ["publicKey"]);
  const issuerId = expectInteger(issuer.issuerId, "credential.issuer.issuerId", 0, MAX_ISSUER_ID);
  expectLiteral(issuer.id, "credential.issuer.id", `urn:pop:issuer:${issuerId}`);
  const issuerName = parseIssuerName(issuer.name, "credential.issuer.name");
  if (registered && "publicKey" in issuer) {
    throw new InputError(
      "credential.issuer.publicKey must be absent: a registry registration, not a signature, backs this credential",
    );
  }
  if (!registered && !("publicKey" in issuer)) {
    throw new InputError('credential.issuer is missing the field "publicKey"');
  }

  const subject = expectObject(doc.credentialSubject, "credential.credentialSubject", [
    "commitment",
    "nullifierCommitment",
    "kind",
    "country",
  ]);
  const commitment = parseDecimal(subject.commitment, "credential.credentialSubject.commitment");
  const nullifierCommitment = parseDecimal(
    subject.nullifierCommitment,
    "credential.credentialSubject.nullifierCommitment",
  );
  if (commitment === 0n || nullifierCommitment === 0n) {
    throw new InputError(
      `credential.credentialSubject.${commitment === 0n ? "commitment" : "nullifierCommitment"} must be a non-zero field element`,
    );
  }
  const kind = parseKind(subject.kind, "credential.credentialSubject.kind");
  const country = expectInteger(subject.country, "credential.credentialSubject.country", 0, MAX_COUNTRY);

  const issuedAt = parseIsoTime(doc.validFrom, "credential.validFrom");
  const expiresAt = parseIsoTime(doc.validUntil, "credential.validUntil");
  if (formatIsoTime(issuedAt) !== doc.validFrom || formatIsoTime(expiresAt) !== doc.validUntil) {
    throw new InputError("credential.validFrom and validUntil must be UTC date-times in whole seconds (…Z)");
  }
  const attributes = checkAttributes({ issuerId, kind, country, issuedAt, expiresAt });

  if (registered) {
    const proof = expectObject(doc.proof, "credential.proof", [...proofKeys, ...REGISTRATION_FIELDS]);
    expectLiteral(proof.proofPurpose, "credential.proof.proofPurpose", "assertionMethod");
    const registration = readRegistration(proof, "credential.proof", { lowerCaseOnly: true });
    requireRegistryKind(kind, "credential.credentialSubject.kind");
    return { commitment, nullifierCommitment, attributes, issuerName, registration };
  }

  const issuerPublicKey = parsePublicKey(issuer.publicKey, "credential.issuer.publicKey");
  const proof = expectObject(doc.proof, "credential.proof", [...proofKeys, "signature"]);
  expectLiteral(proof.proofPurpose, "credential.proof.proofPurpose", "assertionMethod");
  const sig = expectObject(proof.signature, "credential.proof.signature", ["R8", "S"]);
  const R8 = parsePublicKey(sig.R8, "credential.proof.signature.R8");
  const S = parseDecimal(sig.S, "credential.proof.signature.S");

  return {
    commitment,
    nullifierCommitment,
    attributes,
    issuerName,
    issuerPublicKey,
    signature: { R8: [R8[0], R8[1]], S },
  };
}
