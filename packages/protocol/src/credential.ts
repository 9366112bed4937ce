import { type Signature, signMessage, verifySignature } from "@zk-kit/eddsa-poseidon";
import { poseidon2 } from "poseidon-lite";
import {
  type CredentialAttributes,
  type CredentialKind,
  checkAttributes,
  MAX_COUNTRY,
  MAX_ISSUER_ID,
  packAttributes,
  parseKind,
} from "./attributes.js";
import { CredentialError, InputError, IssuerError } from "./errors.js";
import { parseDecimal } from "./field.js";
import { type IssuerKey, type PublicKey, parsePublicKey } from "./issuer.js";
import type { IssuerSet } from "./issuerSet.js";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "./strict.js";
import { formatIsoTime, parseIsoTime } from "./time.js";

/** A Personhood Credential: attributes bound to a commitment, signed by the issuer. */
export type Credential = {
  commitment: bigint;
  attributes: CredentialAttributes;
  issuerName: string;
  issuerPublicKey: PublicKey;
  /** EdDSA-Poseidon signature over the leaf. */
  signature: Signature<bigint>;
};

/** The W3C-VC-shaped JSON document of a credential. */
export type CredentialDocument = {
  "@context": ["https://www.w3.org/ns/credentials/v2"];
  type: ["VerifiableCredential", "PersonhoodCredential"];
  issuer: { id: string; issuerId: number; name: string; publicKey: [string, string] };
  validFrom: string;
  validUntil: string;
  credentialSubject: { commitment: string; kind: CredentialKind; country: number };
  proof: {
    type: "EdDSAPoseidonLeafSignature";
    proofPurpose: "assertionMethod";
    signature: { R8: [string, string]; S: string };
  };
};

const SIGNATURE_TYPE = "EdDSAPoseidonLeafSignature";

/**
 * The humanity-set leaf of a credential: Poseidon(commitment, attributes) (DESIGN decision 2).
 * @param commitment the holder's identity commitment
 * @param attributes the credential's attributes
 * @returns the leaf
 */
export function credentialLeaf(commitment: bigint, attributes: CredentialAttributes): bigint {
  return poseidon2([commitment, packAttributes(attributes)]);
}

/**
 * Issues a credential: the issuer signs the leaf, which commits to the holder's commitment
 * and every attribute, with EdDSA-Poseidon.
 * @param params.issuer the issuer's key
 * @param params.commitment the holder's identity commitment
 * @param params.kind registry, biometric or kyc
 * @param params.country ISO 3166-1 numeric code, or 0
 * @param params.issuedAt Unix seconds
 * @param params.expiresAt Unix seconds, after issuedAt
 * @returns the credential
 */
export function issueCredential(params: {
  issuer: IssuerKey;
  commitment: bigint;
  kind: CredentialKind;
  country: number;
  issuedAt: number;
  expiresAt: number;
}): Credential {
  const { issuer, commitment } = params;
  if (commitment <= 0n) {
    throw new InputError("commitment must be a non-zero field element");
  }
  const attributes = checkAttributes({
    issuerId: issuer.issuerId,
    kind: params.kind,
    country: params.country,
    issuedAt: params.issuedAt,
    expiresAt: params.expiresAt,
  });
  const signature = signMessage(issuer.privateKey, credentialLeaf(commitment, attributes));
  return { commitment, attributes, issuerName: issuer.name, issuerPublicKey: issuer.publicKey, signature };
}

/**
 * Whether the credential's signature verifies under the public key it names.
 * @param credential the credential
 */
export function hasValidSignature(credential: Credential): boolean {
  try {
    return verifySignature(credentialLeaf(credential.commitment, credential.attributes), credential.signature, [
      credential.issuerPublicKey[0],
      credential.issuerPublicKey[1],
    ]);
  } catch {
    return false;
  }
}

/**
 * Checks a credential for use: signature valid, and, when given, signed by the key the
 * issuer set records for its issuer id, that issuer active, and valid at time `at`.
 * @param credential the credential
 * @param options.issuers the issuer set to check authority against
 * @param options.at Unix seconds
 * @throws CredentialError or IssuerError naming what is wrong
 */
export function checkCredential(credential: Credential, options: { issuers?: IssuerSet; at?: number } = {}): void {
  if (!hasValidSignature(credential)) {
    throw new CredentialError("the credential's issuer signature does not verify");
  }
  const { issuerId, issuedAt, expiresAt } = credential.attributes;
  if (options.issuers !== undefined) {
    const record = options.issuers.get(issuerId);
    if (record === undefined || record.status !== "active") {
      throw new IssuerError(`issuer ${issuerId} is not an active member of the issuer set`);
    }
    if (
      record.publicKey[0] !== credential.issuerPublicKey[0] ||
      record.publicKey[1] !== credential.issuerPublicKey[1]
    ) {
      throw new IssuerError(`the credential is not signed by the key registered for issuer ${issuerId}`);
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
 * The W3C-VC-shaped document of a credential.
 * @param credential the credential
 */
export function credentialDocument(credential: Credential): CredentialDocument {
  const { attributes, signature } = credential;
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiableCredential", "PersonhoodCredential"],
    issuer: {
      id: `urn:pop:issuer:${attributes.issuerId}`,
      issuerId: attributes.issuerId,
      name: credential.issuerName,
      publicKey: [credential.issuerPublicKey[0].toString(), credential.issuerPublicKey[1].toString()],
    },
    validFrom: formatIsoTime(attributes.issuedAt),
    validUntil: formatIsoTime(attributes.expiresAt),
    credentialSubject: {
      commitment: credential.commitment.toString(),
      kind: attributes.kind,
      country: attributes.country,
    },
    proof: {
      type: SIGNATURE_TYPE,
      proofPurpose: "assertionMethod",
      signature: { R8: [signature.R8[0].toString(), signature.R8[1].toString()], S: signature.S.toString() },
    },
  };
}

/**
 * Parses a credential document strictly: every field checked, unknown fields refused.
 * The signature is not checked here (see checkCredential).
 * @param value the parsed JSON
 * @returns the credential
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

  const issuer = expectObject(doc.issuer, "credential.issuer", ["id", "issuerId", "name", "publicKey"]);
  const issuerId = expectInteger(issuer.issuerId, "credential.issuer.issuerId", 0, MAX_ISSUER_ID);
  expectLiteral(issuer.id, "credential.issuer.id", `urn:pop:issuer:${issuerId}`);
  const issuerName = expectString(issuer.name, "credential.issuer.name");
  const issuerPublicKey = parsePublicKey(issuer.publicKey, "credential.issuer.publicKey");

  const subject = expectObject(doc.credentialSubject, "credential.credentialSubject", [
    "commitment",
    "kind",
    "country",
  ]);
  const commitment = parseDecimal(subject.commitment, "credential.credentialSubject.commitment");
  const kind = parseKind(subject.kind, "credential.credentialSubject.kind");
  const country = expectInteger(subject.country, "credential.credentialSubject.country", 0, MAX_COUNTRY);

  const issuedAt = parseIsoTime(doc.validFrom, "credential.validFrom");
  const expiresAt = parseIsoTime(doc.validUntil, "credential.validUntil");
  if (formatIsoTime(issuedAt) !== doc.validFrom || formatIsoTime(expiresAt) !== doc.validUntil) {
    throw new InputError("credential.validFrom and validUntil must be UTC date-times in whole seconds (…Z)");
  }
  const attributes = checkAttributes({ issuerId, kind, country, issuedAt, expiresAt });

  const proof = expectObject(doc.proof, "credential.proof", ["type", "proofPurpose", "signature"]);
  expectLiteral(proof.type, "credential.proof.type", SIGNATURE_TYPE);
  expectLiteral(proof.proofPurpose, "credential.proof.proofPurpose", "assertionMethod");
  const sig = expectObject(proof.signature, "credential.proof.signature", ["R8", "S"]);
  const R8 = parsePublicKey(sig.R8, "credential.proof.signature.R8");
  const S = parseDecimal(sig.S, "credential.proof.signature.S");

  return {
    commitment,
    attributes,
    issuerName,
    issuerPublicKey,
    signature: { R8: [R8[0], R8[1]], S },
  };
}
