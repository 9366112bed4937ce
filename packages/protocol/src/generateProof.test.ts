import { CredentialError, SetError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { credentialLeaf, issueCredential, registeredCredential } from "./credential.js";
import { personhoodCircuitInput } from "./generateProof.js";
import { HumanitySet } from "./humanitySet.js";
import { createIdentity } from "./identity.js";
import { createIssuer } from "./issuer.js";
import { IssuerSet } from "./issuerSet.js";

const registry = createIssuer({ issuerId: 4, name: "Humanity registry" });
const issuerSet = new IssuerSet();
issuerSet.add(registry);
const identity = createIdentity();
const attributes = {
  issuerId: 4,
  kind: "registry" as const,
  country: 0,
  issuedAt: 1_800_000_000,
  expiresAt: 1_900_000_000,
};
const registered = registeredCredential({
  commitment: identity.commitment,
  nullifierCommitment: identity.nullifierCommitment,
  attributes,
  issuerName: "Humanity registry",
  registration: {
    chainId: 31337,
    registry: `0x${"12".repeat(20)}`,
    humanityId: `0x${"34".repeat(20)}`,
    transactionHash: `0x${"56".repeat(32)}`,
    logIndex: 0,
  },
});
const params = (humanitySet: HumanitySet) => ({
  identity,
  credential: registered,
  humanitySet,
  issuerSet,
  scope: 1n,
  message: 2n,
  time: 1_850_000_000,
});

describe("personhoodCircuitInput with a registry-backed credential", () => {
  it("refuses it when its leaf is not in the humanity set, or it has expired", () => {
    expect(() => personhoodCircuitInput(params(new HumanitySet()), 20)).toThrow(
      new SetError("the credential's leaf is not in the humanity set"),
    );
    const set = new HumanitySet();
    set.add(credentialLeaf({ ...identity, attributes }));
    expect(() => personhoodCircuitInput({ ...params(set), time: 1_900_000_000 }, 20)).toThrow(
      new CredentialError("the credential expired at 2030-03-17T17:46:40Z"),
    );
  });

  it("gives exactly the input of a signed credential with the same leaf", () => {
    const set = new HumanitySet();
    set.add(credentialLeaf({ ...identity, attributes }));
    const signed = issueCredential({ issuer: registry, ...identity, ...attributes });
    expect(personhoodCircuitInput(params(set), 20)).toEqual(
      personhoodCircuitInput({ ...params(set), credential: signed }, 20),
    );
  });
});

describe("personhoodCircuitInput with the two keys", () => {
  const set = new HumanitySet();
  set.add(credentialLeaf({ ...identity, attributes }));

  it("takes the authenticator's secret and the nullifier key", () => {
    const input = personhoodCircuitInput(params(set), 20);
    expect([input.secret, input.nullifierKey]).toEqual([identity.authenticator.secretScalar, identity.nullifierKey]);
    expect(Object.keys(input)).not.toContain("nullifierCommitment");
  });

  it("refuses keys whose commitments are not the credential's, naming which", () => {
    const other = createIdentity();
    expect(() =>
      personhoodCircuitInput({ ...params(set), identity: { ...identity, ...authenticatorOf(other) } }, 20),
    ).toThrow(
      new CredentialError(
        "the credential was issued to another authenticator commitment (after a rotation, use the credential issued for the new one)",
      ),
    );
    expect(() =>
      personhoodCircuitInput({ ...params(set), identity: { ...other, ...authenticatorOf(identity) } }, 20),
    ).toThrow(new CredentialError("the credential was issued to another nullifier commitment: another human's keys"));
  });
});

/** A human's authenticator alone, to combine with another's nullifier key (as a rotation does). */
function authenticatorOf(human: ReturnType<typeof createIdentity>) {
  return { authenticator: human.authenticator, commitment: human.commitment };
}
