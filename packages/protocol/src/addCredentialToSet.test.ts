import { CredentialError, InputError, IssuerError, SetError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { addCredentialToSet, updateCredentialInSet } from "./addCredentialToSet.js";
import { credentialLeaf, issueCredential } from "./credential.js";
import { HumanitySet } from "./humanitySet.js";
import { createIdentity, rotateAuthenticator } from "./identity.js";
import { createIssuer, type IssuerKey } from "./issuer.js";
import { IssuerSet } from "./issuerSet.js";

const kycOnly = createIssuer({ issuerId: 1, name: "Example KYC" });
const issuers = new IssuerSet();
issuers.add(kycOnly, { kinds: ["kyc"] });
const credentialOf = (issuer: IssuerKey, kind: "kyc" | "biometric", holder = createIdentity()) =>
  issueCredential({
    issuer,
    commitment: holder.commitment,
    nullifierCommitment: holder.nullifierCommitment,
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

describe("updateCredentialInSet", () => {
  const human = createIdentity();
  const setWith = (...credentials: ReturnType<typeof credentialOf>[]) => {
    const set = new HumanitySet();
    for (const credential of credentials) addCredentialToSet(set, credential, { issuers });
    return set;
  };

  it("swaps the leaf in place after an authenticator rotation: same index, same N", () => {
    const before = credentialOf(kycOnly, "kyc", human);
    const rotated = rotateAuthenticator(human);
    const after = credentialOf(kycOnly, "kyc", rotated);
    const set = setWith(credentialOf(kycOnly, "kyc"), before);
    const { oldLeaf, leaf, index } = updateCredentialInSet(set, before, after, { issuers });
    expect([oldLeaf, leaf, index]).toEqual([credentialLeaf(before), credentialLeaf(after), 1]);
    expect(set.leaves[1]).toBe(leaf);
    expect(set.has(oldLeaf)).toBe(false);
    expect(set.size).toBe(2);
  });

  it("refuses a successor with another N, from another issuer, or with a forged signature, and changes nothing", () => {
    const before = credentialOf(kycOnly, "kyc", human);
    const set = setWith(before);
    const root = set.root;
    const other = createIssuer({ issuerId: 2, name: "Other KYC" });
    const both = new IssuerSet();
    both.add(kycOnly, { kinds: ["kyc"] });
    both.add(other, { kinds: ["kyc"] });
    const cases: [ReturnType<typeof credentialOf>, IssuerSet, Error][] = [
      [
        credentialOf(kycOnly, "kyc"),
        issuers,
        new CredentialError(
          "the new credential carries another nullifier commitment: an update keeps the human's N (only c and the attributes may change)",
        ),
      ],
      [
        credentialOf(other, "kyc", rotateAuthenticator(human)),
        both,
        new CredentialError(
          "the new credential is from issuer 2, the old one from issuer 1: a credential from another issuer is added, not swapped in",
        ),
      ],
      [
        credentialOf(createIssuer({ issuerId: 1, name: "Example KYC" }), "kyc", rotateAuthenticator(human)),
        issuers,
        new IssuerError("the credential is not signed by the key registered for issuer 1"),
      ],
    ];
    for (const [after, issuerSet, error] of cases) {
      expect(() => updateCredentialInSet(set, before, after, { issuers: issuerSet })).toThrow(error);
    }
    expect(set.root).toBe(root);
  });

  it("refuses when the old leaf is not in the set or the new one already is", () => {
    const before = credentialOf(kycOnly, "kyc", human);
    const after = credentialOf(kycOnly, "kyc", rotateAuthenticator(human));
    expect(() => updateCredentialInSet(new HumanitySet(), before, after, { issuers })).toThrow(
      new SetError("the old credential's leaf is not in the humanity set"),
    );
    expect(() => updateCredentialInSet(setWith(before, after), before, after, { issuers })).toThrow(
      new SetError("the new credential's leaf is already in the humanity set"),
    );
  });
});
