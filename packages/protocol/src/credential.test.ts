import { poseidon2 } from "poseidon-lite";
import { describe, expect, it } from "vitest";
import { packAttributes } from "./attributes.js";
import {
  checkCredential,
  credentialDocument,
  credentialLeaf,
  hasValidSignature,
  issueCredential,
  parseCredential,
} from "./credential.js";
import { CredentialError, InputError, IssuerError } from "./errors.js";
import { createIdentity } from "./identity.js";
import { createIssuer } from "./issuer.js";
import { IssuerSet } from "./issuerSet.js";

const issuer = createIssuer({ issuerId: 7, name: "Test issuer" });
const identity = createIdentity();
const params = { issuer, commitment: identity.commitment, kind: "kyc" as const, country: 756 };
const credential = issueCredential({ ...params, issuedAt: 1_800_000_000, expiresAt: 1_900_000_000 });
const document = () => JSON.parse(JSON.stringify(credentialDocument(credential)));

describe("credential", () => {
  it("binds the commitment to the attributes in the leaf Poseidon(commitment, attributes)", () => {
    expect(credentialLeaf(identity.commitment, credential.attributes)).toBe(
      poseidon2([identity.commitment, packAttributes(credential.attributes)]),
    );
  });

  it("is a W3C-VC-shaped document that round-trips and keeps a valid signature", () => {
    const doc = document();
    expect(doc["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2"]);
    expect(doc.type).toEqual(["VerifiableCredential", "PersonhoodCredential"]);
    expect(doc.validFrom).toBe("2027-01-15T08:00:00Z");
    expect(doc.credentialSubject).toEqual({ commitment: `${identity.commitment}`, kind: "kyc", country: 756 });
    const parsed = parseCredential(doc);
    expect(parsed).toEqual(credential);
    expect(hasValidSignature(parsed)).toBe(true);
  });

  it("detects any tampered attribute through the signature", () => {
    for (const change of [
      (d: ReturnType<typeof document>) => {
        d.credentialSubject.country = 4;
      },
      (d: ReturnType<typeof document>) => {
        d.credentialSubject.kind = "registry";
      },
      (d: ReturnType<typeof document>) => {
        d.validUntil = "2099-01-01T00:00:00Z";
      },
      (d: ReturnType<typeof document>) => {
        d.credentialSubject.commitment = `${createIdentity().commitment}`;
      },
    ]) {
      const doc = document();
      change(doc);
      const parsed = parseCredential(doc);
      expect(hasValidSignature(parsed)).toBe(false);
      expect(() => checkCredential(parsed)).toThrow(
        new CredentialError("the credential's issuer signature does not verify"),
      );
    }
  });

  it("checks authority, activity and validity time", () => {
    const issuers = new IssuerSet();
    expect(() => checkCredential(credential, { issuers })).toThrow(
      new IssuerError("issuer 7 is not an active member of the issuer set"),
    );
    issuers.add(createIssuer({ issuerId: 7, name: "impostor with id 7" }));
    expect(() => checkCredential(credential, { issuers })).toThrow(/not signed by the key registered for issuer 7/);
    const real = new IssuerSet();
    real.add(issuer);
    expect(() => checkCredential(credential, { issuers: real, at: 1_850_000_000 })).not.toThrow();
    expect(() => checkCredential(credential, { at: 1_900_000_000 })).toThrow(
      new CredentialError("the credential expired at 2030-03-17T17:46:40Z"),
    );
    expect(() => checkCredential(credential, { at: 1_799_999_999 })).toThrow(/not valid before/);
  });

  it("parses strictly: unknown fields, wrong types and bad values are clear errors", () => {
    const cases: [(d: ReturnType<typeof document>) => void, string][] = [
      [
        (d) => {
          d.extra = true;
        },
        'credential has an unknown field "extra"',
      ],
      [
        (d) => {
          d.credentialSubject.country = "756";
        },
        "credential.credentialSubject.country must be an integer from 0 to 999",
      ],
      [
        (d) => {
          d.credentialSubject.kind = "passport";
        },
        "credential.credentialSubject.kind must be one of registry, biometric, kyc",
      ],
      [
        (d) => {
          delete d.proof;
        },
        'credential is missing the field "proof"',
      ],
      [
        (d) => {
          d.validFrom = "yesterday";
        },
        "credential.validFrom must be an ISO 8601 date or date-time with a zone (e.g. 2027-01-31 or 2027-01-31T12:00:00Z)",
      ],
      [
        (d) => {
          d.issuer.id = "urn:pop:issuer:8";
        },
        'credential.issuer.id must be "urn:pop:issuer:7"',
      ],
      [
        (d) => {
          d.proof.signature.S = "-1";
        },
        "credential.proof.signature.S must be a decimal string",
      ],
      [
        (d) => {
          d.type = ["VerifiableCredential"];
        },
        "credential.type must have 2 items, not 1",
      ],
    ];
    for (const [change, message] of cases) {
      const doc = document();
      change(doc);
      expect(() => parseCredential(doc)).toThrow(new InputError(message));
    }
  });

  it("refuses to issue for a zero commitment or with expiry before issue", () => {
    expect(() => issueCredential({ ...params, commitment: 0n, issuedAt: 1, expiresAt: 2 })).toThrow(InputError);
    expect(() => issueCredential({ ...params, issuedAt: 5, expiresAt: 5 })).toThrow(/expiresAt must be after issuedAt/);
  });
});
