import { credentialLeaf, issueCredential } from "@pop/protocol/credential";
import type { PersonhoodProofParams } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";

/**
 * A small world for circuit tests: two active issuers in different bitmap groups (ids 700
 * and 5), a set of five members, and the proof parameters of member 2.
 */
export function personhoodFixture(): PersonhoodProofParams {
  const issuer = createIssuer({ issuerId: 700, name: "Circuit test issuer" });
  const issuerSet = new IssuerSet();
  issuerSet.add(issuer);
  issuerSet.add(createIssuer({ issuerId: 5, name: "Another issuer" }));
  const issuedAt = 1_800_000_000;
  const humanitySet = new HumanitySet();
  const members = Array.from({ length: 5 }, () => createIdentity());
  const credentials = members.map((identity, i) =>
    issueCredential({
      issuer,
      commitment: identity.commitment,
      nullifierCommitment: identity.nullifierCommitment,
      kind: i % 2 === 0 ? "kyc" : "biometric",
      country: 100 + i,
      issuedAt,
      expiresAt: issuedAt + 1000,
    }),
  );
  for (const credential of credentials) {
    humanitySet.add(credentialLeaf(credential));
  }
  return {
    identity: members[2]!,
    credential: credentials[2]!,
    humanitySet,
    issuerSet,
    scope: textToField("circuit-test-scope"),
    message: textToField("circuit-test-message"),
    time: issuedAt + 10,
    disclose: { country: true, kind: true },
  };
}
