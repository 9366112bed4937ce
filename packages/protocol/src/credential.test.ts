import { CredentialError, InputError, IssuerError } from "@pop/core/errors";
import { poseidon3 } from "poseidon-lite";
import { describe, expect, it } from "vitest";
import { type CredentialAttributes, packAttributes } from "./attributes.js";
import {
  type Credential,
  checkCredential,
  credentialDocument,
  credentialLeaf,
  hasValidSignature,
  isRegistered,
  issueCredential,
  parseCredential,
  type RegistrationRecord,
  registeredCredential,
} from "./credential.js";
import { createIdentity } from "./identity.js";
import { createIssuer } from "./issuer.js";
import { IssuerSet } from "./issuerSet.js";

const issuer = createIssuer({ issuerId: 7, name: "Test issuer" });
const identity = createIdentity();
const params = {
  issuer,
  commitment: identity.commitment,
  nullifierCommitment: identity.nullifierCommitment,
  kind: "kyc" as const,
  country: 756,
};
const credential = issueCredential({ ...params, issuedAt: 1_800_000_000, expiresAt: 1_900_000_000 });
const document = () => JSON.parse(JSON.stringify(credentialDocument(credential)));

describe("credential", () => {
  it("binds both commitments to the attributes in the leaf Poseidon(c, N, attributes)", () => {
    expect(credentialLeaf(credential)).toBe(
      poseidon3([identity.commitment, identity.nullifierCommitment, packAttributes(credential.attributes)]),
    );
    expect(credential.nullifierCommitment).toBe(identity.nullifierCommitment);
  });

  it("is a W3C-VC-shaped document that round-trips and keeps a valid signature", () => {
    const doc = document();
    expect(doc["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2"]);
    expect(doc.type).toEqual(["VerifiableCredential", "PersonhoodCredential"]);
    expect(doc.validFrom).toBe("2027-01-15T08:00:00Z");
    expect(doc.credentialSubject).toEqual({
      commitment: `${identity.commitment}`,
      nullifierCommitment: `${identity.nullifierCommitment}`,
      kind: "kyc",
      country: 756,
    });
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
      (d: ReturnType<typeof document>) => {
        d.credentialSubject.nullifierCommitment = `${createIdentity().nullifierCommitment}`;
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
    expect(() => issueCredential({ ...params, commitment: 0n, issuedAt: 1, expiresAt: 2 })).toThrow(
      new InputError("commitment must be a non-zero field element"),
    );
    expect(() => issueCredential({ ...params, nullifierCommitment: 0n, issuedAt: 1, expiresAt: 2 })).toThrow(
      new InputError("nullifierCommitment must be a non-zero field element"),
    );
    const noN = { ...params, nullifierCommitment: undefined } as unknown as typeof params;
    expect(() => issueCredential({ ...noN, issuedAt: 1, expiresAt: 2 })).toThrow(
      new InputError("nullifierCommitment must be a non-zero field element"),
    );
    expect(() => issueCredential({ ...params, issuedAt: 5, expiresAt: 5 })).toThrow(/expiresAt must be after issuedAt/);
  });
});

// A HumanityRegistered log as a block explorer shows it: mixed-case (EIP-55) hex.
const registration: RegistrationRecord = {
  chainId: 31337,
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  humanityId: "0x00000000000000000000000000000000000000Ab",
  transactionHash: `0x${"0F".repeat(32)}`,
  logIndex: 2,
};
const registryAttributes: CredentialAttributes = {
  issuerId: 3,
  kind: "registry",
  country: 0,
  issuedAt: 1_800_000_000,
  expiresAt: 1_900_000_000,
};
const registeredParams = {
  commitment: identity.commitment,
  nullifierCommitment: identity.nullifierCommitment,
  attributes: registryAttributes,
  issuerName: "Humanity registry",
  registration,
};
const registered = registeredCredential(registeredParams);
const registeredDocument = () => JSON.parse(JSON.stringify(credentialDocument(registered)));
type Doc = ReturnType<typeof registeredDocument>;

describe("registered credential: refusals", () => {
  it("refuses to build one from a bad commitment, attributes, kind or registration", () => {
    const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
    const cases: [Partial<typeof registeredParams>, Error][] = [
      [{ commitment: 0n }, new InputError("commitment must be a non-zero field element")],
      [{ commitment: R }, new InputError("commitment must be a non-zero field element")],
      [{ nullifierCommitment: 0n }, new InputError("nullifierCommitment must be a non-zero field element")],
      [{ nullifierCommitment: R }, new InputError("nullifierCommitment must be a non-zero field element")],
      [
        { attributes: { ...registryAttributes, expiresAt: registryAttributes.issuedAt } },
        new InputError("expiresAt must be after issuedAt"),
      ],
      [
        { attributes: { ...registryAttributes, kind: "kyc" } },
        new CredentialError(
          'attributes.kind must be "registry" for a credential backed by a registry registration, not "kyc"',
        ),
      ],
      [
        { registration: { ...registration, chainId: 0 } },
        new InputError("registration.chainId must be a positive safe integer"),
      ],
      [
        { registration: { ...registration, registry: "0x5FbDB2315678afecb367f032d93F642f64180a" } },
        new InputError("registration.registry must be a 20-byte address (0x and 40 hex digits)"),
      ],
      [
        { registration: { ...registration, transactionHash: `0x${"g0".repeat(32)}` } },
        new InputError("registration.transactionHash must be 32 bytes (0x and 64 hex digits)"),
      ],
      [
        { registration: { ...registration, logIndex: 1.5 } },
        new InputError("registration.logIndex must be a non-negative safe integer"),
      ],
    ];
    for (const [change, error] of cases) {
      expect(() => registeredCredential({ ...registeredParams, ...change })).toThrow(error);
    }
  });

  it("parses strictly: every malformed registration field is a clear InputError", () => {
    const cases: [(d: Doc) => void, string][] = [
      [(d) => (d.proof.chainId = 0), "credential.proof.chainId must be a positive safe integer"],
      [(d) => (d.proof.chainId = -1), "credential.proof.chainId must be a positive safe integer"],
      [(d) => (d.proof.chainId = 1.5), "credential.proof.chainId must be a positive safe integer"],
      [(d) => (d.proof.chainId = "31337"), "credential.proof.chainId must be a positive safe integer"],
      [
        (d) => (d.proof.registry = `0x${"ab".repeat(19)}`),
        "credential.proof.registry must be a 20-byte address (0x and 40 hex digits)",
      ],
      [
        (d) => (d.proof.registry = `0x${"zz".repeat(20)}`),
        "credential.proof.registry must be a 20-byte address (0x and 40 hex digits)",
      ],
      [
        (d) => (d.proof.registry = "5fbdb2315678afecb367f032d93f642f64180aa3"),
        "credential.proof.registry must be a 20-byte address (0x and 40 hex digits)",
      ],
      [
        (d) => (d.proof.registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3"),
        "credential.proof.registry must be lower-case hex",
      ],
      [
        (d) => (d.proof.humanityId = `0x${"ab".repeat(21)}`),
        "credential.proof.humanityId must be 20 bytes (0x and 40 hex digits)",
      ],
      [
        (d) => (d.proof.transactionHash = `0x${"0f".repeat(31)}`),
        "credential.proof.transactionHash must be 32 bytes (0x and 64 hex digits)",
      ],
      [(d) => (d.proof.logIndex = -1), "credential.proof.logIndex must be a non-negative safe integer"],
      [(d) => (d.proof.logIndex = null), "credential.proof.logIndex must be a non-negative safe integer"],
      [(d) => (d.proof.blockNumber = 7), 'credential.proof has an unknown field "blockNumber"'],
      [(d) => (d.proof.signature = { R8: ["1", "2"], S: "3" }), 'credential.proof has an unknown field "signature"'],
      [(d) => delete d.proof.logIndex, 'credential.proof is missing the field "logIndex"'],
      [(d) => delete d.proof.registry, 'credential.proof is missing the field "registry"'],
      [(d) => (d.proof.proofPurpose = "authentication"), 'credential.proof.proofPurpose must be "assertionMethod"'],
      [
        (d) => (d.proof.type = "EthereumEip712Signature2021"),
        'credential.proof.type must be "EdDSAPoseidonLeafSignature" or "PopRegistryRegistration"',
      ],
      [(d) => (d.proof = "registered"), "credential.proof must be a JSON object"],
      [
        (d) => (d.issuer.publicKey = ["1", "2"]),
        "credential.issuer.publicKey must be absent: a registry registration, not a signature, backs this credential",
      ],
      [(d) => (d.issuer.website = "https://example.org"), 'credential.issuer has an unknown field "website"'],
      [(d) => delete d.issuer.name, 'credential.issuer is missing the field "name"'],
      [
        (d) => (d.credentialSubject.commitment = "0"),
        "credential.credentialSubject.commitment must be a non-zero field element",
      ],
      [
        (d) => (d.credentialSubject.nullifierCommitment = "0"),
        "credential.credentialSubject.nullifierCommitment must be a non-zero field element",
      ],
      [
        (d) => delete d.credentialSubject.nullifierCommitment,
        'credential.credentialSubject is missing the field "nullifierCommitment"',
      ],
    ];
    for (const [change, message] of cases) {
      const doc = registeredDocument();
      change(doc);
      expect(() => parseCredential(doc), message).toThrow(new InputError(message));
    }
  });

  it("refuses a registration proof on a credential of another kind", () => {
    const doc = registeredDocument();
    doc.credentialSubject.kind = "kyc";
    expect(() => parseCredential(doc)).toThrow(
      new CredentialError(
        'credential.credentialSubject.kind must be "registry" for a credential backed by a registry registration, not "kyc"',
      ),
    );
  });

  it("refuses a signed kyc document whose signature is swapped for a registration proof", () => {
    const doc = document();
    doc.proof = registeredDocument().proof;
    expect(() => parseCredential(doc)).toThrow(
      new InputError(
        "credential.issuer.publicKey must be absent: a registry registration, not a signature, backs this credential",
      ),
    );
    delete doc.issuer.publicKey;
    expect(() => parseCredential(doc)).toThrow(
      new CredentialError(
        'credential.credentialSubject.kind must be "registry" for a credential backed by a registry registration, not "kyc"',
      ),
    );
  });

  it("refuses a signed document carrying registration fields or lacking its key", () => {
    const mixed = document();
    mixed.proof.chainId = 31337;
    expect(() => parseCredential(mixed)).toThrow(new InputError('credential.proof has an unknown field "chainId"'));
    const keyless = document();
    delete keyless.issuer.publicKey;
    expect(() => parseCredential(keyless)).toThrow(
      new InputError('credential.issuer is missing the field "publicKey"'),
    );
  });

  it("has no valid signature, and checks refuse a revoked or absent issuer, expiry and a wrong kind", () => {
    expect(hasValidSignature(registered)).toBe(false);
    expect(() => checkCredential(registered, { issuers: new IssuerSet() })).toThrow(
      new IssuerError("issuer 3 is not an active member of the issuer set"),
    );
    const revoked = new IssuerSet();
    revoked.add(createIssuer({ issuerId: 3, name: "Humanity registry" }));
    revoked.revoke(3);
    expect(() => checkCredential(registered, { issuers: revoked })).toThrow(
      new IssuerError("issuer 3 is not an active member of the issuer set"),
    );
    expect(() => checkCredential(registered, { at: 1_900_000_000 })).toThrow(
      new CredentialError("the credential expired at 2030-03-17T17:46:40Z"),
    );
    expect(() => checkCredential(registered, { at: 1_799_999_999 })).toThrow(
      new CredentialError("the credential is not valid before 2027-01-15T08:00:00Z"),
    );
    const relabelled: Credential = { ...registered, attributes: { ...registryAttributes, kind: "biometric" } };
    expect(() => checkCredential(relabelled)).toThrow(
      new CredentialError(
        'attributes.kind must be "registry" for a credential backed by a registry registration, not "biometric"',
      ),
    );
    const malformed = { ...registered, registration: { ...registered.registration, logIndex: -1 } };
    expect(() => checkCredential(malformed)).toThrow(
      new InputError("registration.logIndex must be a non-negative safe integer"),
    );
  });
});

describe("registered credential", () => {
  it("stores the registration in lower-case hex and is told apart from a signed credential", () => {
    expect(registered).toEqual({
      commitment: identity.commitment,
      nullifierCommitment: identity.nullifierCommitment,
      attributes: registryAttributes,
      issuerName: "Humanity registry",
      registration: {
        chainId: 31337,
        registry: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        humanityId: "0x00000000000000000000000000000000000000ab",
        transactionHash: `0x${"0f".repeat(32)}`,
        logIndex: 2,
      },
    });
    expect(isRegistered(registered)).toBe(true);
    expect(isRegistered(credential)).toBe(false);
  });

  it("is a W3C-VC-shaped document backed by the registration log, and round-trips exactly", () => {
    const doc = registeredDocument();
    expect(doc).toEqual({
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      type: ["VerifiableCredential", "PersonhoodCredential"],
      issuer: { id: "urn:pop:issuer:3", issuerId: 3, name: "Humanity registry" },
      validFrom: "2027-01-15T08:00:00Z",
      validUntil: "2030-03-17T17:46:40Z",
      credentialSubject: {
        commitment: `${identity.commitment}`,
        nullifierCommitment: `${identity.nullifierCommitment}`,
        kind: "registry",
        country: 0,
      },
      proof: {
        type: "PopRegistryRegistration",
        proofPurpose: "assertionMethod",
        chainId: 31337,
        registry: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        humanityId: "0x00000000000000000000000000000000000000ab",
        transactionHash: `0x${"0f".repeat(32)}`,
        logIndex: 2,
      },
    });
    const parsed = parseCredential(doc);
    expect(parsed).toEqual(registered);
    expect(credentialDocument(parsed)).toEqual(doc);
    expect(credentialLeaf(parsed)).toBe(credentialLeaf(registered));
  });

  it("passes the check while its issuer is active, whatever key the issuer set records", () => {
    const issuers = new IssuerSet();
    issuers.add(createIssuer({ issuerId: 3, name: "Humanity registry" }));
    expect(() => checkCredential(registered, { issuers, at: 1_850_000_000 })).not.toThrow();
    expect(() => checkCredential(registered)).not.toThrow();
  });

  it("keeps a signed document's layout byte-for-byte, N after c", () => {
    expect(isRegistered(parseCredential(document()))).toBe(false);
    expect(JSON.stringify(credentialDocument(credential))).toBe(
      JSON.stringify({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiableCredential", "PersonhoodCredential"],
        issuer: {
          id: "urn:pop:issuer:7",
          issuerId: 7,
          name: "Test issuer",
          publicKey: [`${issuer.publicKey[0]}`, `${issuer.publicKey[1]}`],
        },
        validFrom: "2027-01-15T08:00:00Z",
        validUntil: "2030-03-17T17:46:40Z",
        credentialSubject: {
          commitment: `${identity.commitment}`,
          nullifierCommitment: `${identity.nullifierCommitment}`,
          kind: "kyc",
          country: 756,
        },
        proof: {
          type: "EdDSAPoseidonLeafSignature",
          proofPurpose: "assertionMethod",
          signature: {
            R8: [`${credential.signature.R8[0]}`, `${credential.signature.R8[1]}`],
            S: `${credential.signature.S}`,
          },
        },
      }),
    );
  });
});
