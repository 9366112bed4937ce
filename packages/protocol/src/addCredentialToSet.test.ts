import { IssuerError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { addCredentialToSet } from "./addCredentialToSet.js";
import { issueCredential } from "./credential.js";
import { HumanitySet } from "./humanitySet.js";
import { createIdentity } from "./identity.js";
import { createIssuer, type IssuerKey } from "./issuer.js";
import { IssuerSet } from "./issuerSet.js";

const kycOnly = createIssuer({ issuerId: 1, name: "Example KYC" });
const issuers = new IssuerSet();
issuers.add(kycOnly, { kinds: ["kyc"] });
const credentialOf = (issuer: IssuerKey, kind: "kyc" | "biometric") =>
  issueCredential({
    issuer,
    commitment: createIdentity().commitment,
    kind,
    country: 756,
    issuedAt: 1_800_000_000,
    expiresAt: 1_900_000_000,
  });

describe("addCredentialToSet", () => {
  it("adds the leaf of a credential its registered issuer may issue", () => {
    const set = new HumanitySet();
    const { leaf, index } = addCredentialToSet(set, credentialOf(kycOnly, "kyc"), { issuers });
    expect(index).toBe(0);
    expect(set.size).toBe(1);
    expect(set.has(leaf)).toBe(true);
  });

  it("refuses a kind the issuer set does not allow its issuer (a kyc-only issuer's biometric credential)", () => {
    const set = new HumanitySet();
    expect(() => addCredentialToSet(set, credentialOf(kycOnly, "biometric"), { issuers })).toThrow(
      new IssuerError("issuer 1 may not issue biometric credentials (its kinds: kyc)"),
    );
    expect(set.size).toBe(0);
  });
});
