import { InputError, IssuerError } from "@pop/core/errors";
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

  it("refuses a credential signed by a fresh key that claims an existing issuer id", () => {
    const impostor = createIssuer({ issuerId: 1, name: "Example KYC" });
    const forged = credentialOf(impostor, "kyc");
    const set = new HumanitySet();
    expect(() => addCredentialToSet(set, forged, { issuers })).toThrow(
      new IssuerError("the credential is not signed by the key registered for issuer 1"),
    );
    // A caller that gives no issuer set (JavaScript, or a cast) is refused too: the signature
    // alone only says that somebody holds the key the credential itself names.
    const noIssuers = undefined as unknown as { issuers: IssuerSet };
    expect(() => addCredentialToSet(set, forged, noIssuers)).toThrow(
      new InputError("addCredentialToSet needs the issuer set to check the credential's signer against"),
    );
    expect(() => addCredentialToSet(set, forged, {} as { issuers: IssuerSet })).toThrow(
      new InputError("addCredentialToSet needs the issuer set to check the credential's signer against"),
    );
    expect(set.size).toBe(0);
  });
});
