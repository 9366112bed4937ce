import { InputError } from "@pop/core/errors";
import { MAX_TIME } from "@pop/core/time";

/** Credential kinds, one per root of trust (docs/protocol.md#credentials). */
export const CREDENTIAL_KINDS = ["registry", "biometric", "kyc"] as const;

/** A credential kind. */
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** Issuer ids index the 1024-bit issuer-set bitmap. */
export const MAX_ISSUER_ID = 1023;

/** ISO 3166-1 numeric codes are three digits; 0 means "not recorded". */
export const MAX_COUNTRY = 999;

/** What a credential attests, as packed into the humanity-set leaf. */
export type CredentialAttributes = {
  issuerId: number;
  kind: CredentialKind;
  /** ISO 3166-1 numeric country code, or 0. */
  country: number;
  /** Unix seconds. */
  issuedAt: number;
  /** Unix seconds; the credential is valid while time < expiresAt. */
  expiresAt: number;
};

// Bit layout, least significant first; must match credential-attributes.circom.
const ISSUER_SHIFT = 0n;
const KIND_SHIFT = 10n;
const COUNTRY_SHIFT = 14n;
const ISSUED_SHIFT = 24n;
const EXPIRES_SHIFT = 64n;
const ATTRIBUTE_BITS = 104n;

/**
 * The numeric code of a kind as the circuit sees it: registry 1, biometric 2, kyc 3.
 * @param kind the kind
 * @returns its code
 */
export function kindCode(kind: CredentialKind): number {
  return CREDENTIAL_KINDS.indexOf(kind) + 1;
}

/**
 * The kind with numeric code `code`.
 * @param code 1, 2 or 3
 * @returns the kind
 */
export function kindFromCode(code: number): CredentialKind {
  const kind = CREDENTIAL_KINDS[code - 1];
  if (kind === undefined || code < 1) {
    throw new InputError(`kind code ${code} is not a known credential kind`);
  }
  return kind;
}

/**
 * Parses a kind name.
 * @param value `registry`, `biometric` or `kyc`
 * @param name the parameter's name, for the error message
 */
export function parseKind(value: unknown, name = "kind"): CredentialKind {
  if (typeof value !== "string" || !(CREDENTIAL_KINDS as readonly string[]).includes(value)) {
    throw new InputError(`${name} must be one of ${CREDENTIAL_KINDS.join(", ")}`);
  }
  return value as CredentialKind;
}

/**
 * Checks a set of kinds an issuer may issue: at least one, each once.
 * @param kinds known kinds (see parseKind)
 * @param name the parameter's name, for the error message
 * @returns the kinds in the canonical order (registry, biometric, kyc)
 * @throws InputError for an empty list, an unknown kind or a kind listed twice
 */
export function checkKinds(kinds: readonly CredentialKind[], name: string): CredentialKind[] {
  if (kinds.length === 0) {
    throw new InputError(`${name} must name at least one credential kind`);
  }
  for (const [i, kind] of kinds.entries()) {
    parseKind(kind, `${name}[${i}]`);
    if (kinds.indexOf(kind) !== i) {
      throw new InputError(`${name} lists ${kind} twice`);
    }
  }
  return CREDENTIAL_KINDS.filter((kind) => kinds.includes(kind));
}

/**
 * Parses a comma-separated list of kinds, as `--kinds registry,biometric,kyc` gives it.
 * @param text the list
 * @param name the option's name, for the error message
 * @returns the kinds in the canonical order
 * @throws InputError for an unknown or empty item or a kind listed twice
 */
export function parseKindList(text: string, name: string): CredentialKind[] {
  const kinds = text.split(",").map((item) => {
    if (!(CREDENTIAL_KINDS as readonly string[]).includes(item)) {
      throw new InputError(`${name} takes a comma-separated list of ${CREDENTIAL_KINDS.join(", ")} (not "${item}")`);
    }
    return item as CredentialKind;
  });
  return checkKinds(kinds, name);
}

/**
 * The kinds bitmap the IssuerRegistry contract records: bit kindCode(kind) set for each kind.
 * @param kinds the kinds (checked with checkKinds)
 * @returns the bitmap, e.g. 0b1110 for every kind
 */
export function kindsBitmap(kinds: readonly CredentialKind[]): number {
  return checkKinds(kinds, "kinds").reduce((bits, kind) => bits | (1 << kindCode(kind)), 0);
}

/**
 * The kinds of an IssuerRegistry kinds bitmap.
 * @param bitmap bit kindCode(kind) set for each kind
 * @returns the kinds in the canonical order
 * @throws InputError for an empty bitmap or one with a bit that is no kind's
 */
export function kindsFromBitmap(bitmap: number): CredentialKind[] {
  const known = kindsBitmap(CREDENTIAL_KINDS);
  if (!Number.isSafeInteger(bitmap) || bitmap <= 0 || (bitmap & ~known) !== 0) {
    throw new InputError(`kinds bitmap ${bitmap} is not a set of known credential kinds`);
  }
  return CREDENTIAL_KINDS.filter((kind) => (bitmap >> kindCode(kind)) & 1);
}

/**
 * Checks every attribute's range; throws an InputError naming the bad one.
 * @param attributes the attributes
 * @returns the same attributes
 */
export function checkAttributes(attributes: CredentialAttributes): CredentialAttributes {
  const { issuerId, kind, country, issuedAt, expiresAt } = attributes;
  const integer = (value: number, name: string, max: number) => {
    if (!Number.isSafeInteger(value) || value < 0 || value > max) {
      throw new InputError(`${name} must be an integer from 0 to ${max}`);
    }
  };
  integer(issuerId, "issuerId", MAX_ISSUER_ID);
  parseKind(kind);
  integer(country, "country", MAX_COUNTRY);
  integer(issuedAt, "issuedAt", MAX_TIME);
  integer(expiresAt, "expiresAt", MAX_TIME);
  if (expiresAt <= issuedAt) {
    throw new InputError("expiresAt must be after issuedAt");
  }
  return attributes;
}

/**
 * Packs attributes into one field element:
 * issuerId | kind << 10 | country << 14 | issuedAt << 24 | expiresAt << 64.
 * @param attributes the attributes (range-checked)
 * @returns the packed field element
 * @example packAttributes({ issuerId: 1, kind: "kyc", country: 756, issuedAt, expiresAt })
 */
export function packAttributes(attributes: CredentialAttributes): bigint {
  const { issuerId, kind, country, issuedAt, expiresAt } = checkAttributes(attributes);
  return (
    (BigInt(issuerId) << ISSUER_SHIFT) |
    (BigInt(kindCode(kind)) << KIND_SHIFT) |
    (BigInt(country) << COUNTRY_SHIFT) |
    (BigInt(issuedAt) << ISSUED_SHIFT) |
    (BigInt(expiresAt) << EXPIRES_SHIFT)
  );
}

/**
 * Unpacks a field element made by packAttributes.
 * @param packed the packed attributes
 * @returns the attributes
 * @throws InputError when a bit outside the layout is set or a field is invalid
 */
export function unpackAttributes(packed: bigint): CredentialAttributes {
  if (packed < 0n || packed >> ATTRIBUTE_BITS !== 0n) {
    throw new InputError("attributes has bits outside the 104-bit layout");
  }
  const field = (shift: bigint, bits: bigint) => Number((packed >> shift) & ((1n << bits) - 1n));
  return checkAttributes({
    issuerId: field(ISSUER_SHIFT, 10n),
    kind: kindFromCode(field(KIND_SHIFT, 4n)),
    country: field(COUNTRY_SHIFT, 10n),
    issuedAt: field(ISSUED_SHIFT, 40n),
    expiresAt: field(EXPIRES_SHIFT, 40n),
  });
}
