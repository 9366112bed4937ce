import { loadProverArtifacts, loadVerificationKey } from "@pop/circuits/artifacts";
import { SetError } from "@pop/core/errors";
import { nowSeconds } from "@pop/core/time";
import { addCredentialToSet, updateCredentialInSet } from "@pop/protocol/addCredentialToSet";
import type { CredentialKind } from "@pop/protocol/attributes";
import { type Credential, credentialDocument, issueCredential } from "@pop/protocol/credential";
import { type DisclosureChoice, generatePersonhoodProof } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import {
  createIdentity,
  exportIdentity,
  holderCommitments,
  type PopIdentity,
  rotateAuthenticator,
} from "@pop/protocol/identity";
import { createIssuer, exportIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { parsePersonhoodProof, proofDocument } from "@pop/protocol/proofDocument";
import { verifyPersonhoodProof } from "@pop/protocol/verifyProof";

const YEAR = 365 * 24 * 3600;

type Holder = { identity: PopIdentity; credential: Credential };
type DemoRun = { person: number; holder: Holder; scope: string; message: string; disclose: DisclosureChoice };

/** Where the demo puts what it makes: a file name, its JSON value and, for secrets, mode 0600. */
export type DemoWriter = (name: string, value: unknown, mode?: number) => Promise<void>;

/** One proof the demo made and checked. */
export type DemoProof = {
  file: string;
  person: number;
  scope: string;
  message: string;
  nullifier: string;
  disclosed: Record<string, unknown>;
  valid: boolean;
  proveMs: number;
};

/** The demo's report. */
export type DemoReport = {
  ok: boolean;
  setRoot: string;
  issuerRoot: string;
  proofs: DemoProof[];
  checks: {
    allValid: boolean;
    sameScopeSameNullifier: boolean;
    otherScopeOtherNullifier: boolean;
    otherPersonOtherNullifier: boolean;
    /** Person 0 rotated their authenticator: the same nullifier in the same scope. */
    rotationKeepsNullifier: boolean;
    /** After the rotation, the old authenticator cannot prove against the set. */
    oldAuthenticatorRefused: boolean;
    /** Person 1's second credential, from another issuer with the same N: the same nullifier. */
    secondIssuerSameNullifier: boolean;
  };
};

/**
 * The whole local flow on embedded defaults: two issuers, three people, a humanity set,
 * credentials, and six proofs in two scopes; checks that one person's nullifier is stable
 * within a scope and differs across scopes and people, that it survives an authenticator
 * rotation (the old authenticator then cannot prove) and a second credential from another
 * issuer, and verifies every proof.
 * @param params.write receives every file made (identities, credentials, sets, proofs)
 * @param params.onProgress told what happens as it goes
 * @returns the report
 */
export async function runDemo(params: {
  write: DemoWriter;
  onProgress?: (message: string) => void;
}): Promise<DemoReport> {
  const { write } = params;
  const progress = params.onProgress ?? (() => {});
  const now = nowSeconds();
  const issuer = createIssuer({ issuerId: 1, name: "Demo KYC issuer" });
  const station = createIssuer({ issuerId: 2, name: "Demo biometric station" });
  const issuerSet = new IssuerSet();
  issuerSet.add(issuer);
  issuerSet.add(station, { kinds: ["biometric"] });
  await write("issuer.json", exportIssuer(issuer), 0o600);
  await write("issuers.json", issuerSet.toJSON());

  const people: { kind: CredentialKind; country: number }[] = [
    { kind: "kyc", country: 756 },
    { kind: "biometric", country: 276 },
    { kind: "registry", country: 0 },
  ];
  const humanitySet = new HumanitySet();
  const holders: Holder[] = [];
  for (const [i, person] of people.entries()) {
    const identity = createIdentity();
    const credential = issueCredential({
      issuer,
      ...holderCommitments(identity),
      ...person,
      issuedAt: now,
      expiresAt: now + YEAR,
    });
    addCredentialToSet(humanitySet, credential, { issuers: issuerSet });
    await write(`person${i}.identity.json`, exportIdentity(identity), 0o600);
    await write(`person${i}.credential.json`, credentialDocument(credential), 0o600);
    holders.push({ identity, credential });
  }
  progress(`issuer ${issuer.issuerId}, ${people.length} people, humanity set root ${humanitySet.root}`);

  const artifacts = loadProverArtifacts(20);
  const vkey = loadVerificationKey(20);
  const proofs: DemoProof[] = [];
  const prove = async (run: DemoRun) => {
    const i = proofs.length;
    progress(`proof ${i + 1}/6: person ${run.person} in scope "${run.scope}"…`);
    const started = performance.now();
    const proof = await generatePersonhoodProof(
      {
        ...run.holder,
        humanitySet,
        issuerSet,
        scope: textToField(run.scope),
        message: textToField(run.message),
        time: nowSeconds(),
        disclose: run.disclose,
      },
      artifacts,
    );
    const proveMs = Math.round(performance.now() - started);
    const document = proofDocument(proof, { scope: run.scope, message: run.message });
    await write(`proof${i + 1}.json`, document);
    const result = await verifyPersonhoodProof(parsePersonhoodProof(document), {
      verificationKey: vkey,
      merkleRoots: [humanitySet.root],
      issuerRoot: issuerSet.root(),
      scope: textToField(run.scope),
      message: textToField(run.message),
      at: nowSeconds(),
    });
    proofs.push({
      file: `proof${i + 1}.json`,
      person: run.person,
      scope: run.scope,
      message: run.message,
      nullifier: document.decoded.nullifier,
      disclosed: document.decoded.disclosed,
      valid: result.valid,
      proveMs,
    });
  };
  const [zero, one] = holders as [Holder, Holder];
  await prove({ person: 0, holder: zero, scope: "poll-2026", message: "yes", disclose: { country: true } });
  await prove({ person: 0, holder: zero, scope: "poll-2026", message: "no", disclose: {} });
  await prove({ person: 0, holder: zero, scope: "airdrop-7", message: "0xabc", disclose: { kind: true } });
  await prove({ person: 1, holder: one, scope: "poll-2026", message: "yes", disclose: { country: true, kind: true } });

  // Person 0 moves to a new device: a new authenticator, the same nullifier key; the issuer
  // issues for the new commitment and the set swaps the leaf.
  const rotated = rotateAuthenticator(zero.identity);
  const reissued = issueCredential({
    issuer,
    ...holderCommitments(rotated),
    kind: "kyc",
    country: 756,
    issuedAt: now,
    expiresAt: now + YEAR,
  });
  updateCredentialInSet(humanitySet, zero.credential, reissued, { issuers: issuerSet });
  await write("person0.rotated.identity.json", exportIdentity(rotated), 0o600);
  await write("person0.rotated.credential.json", credentialDocument(reissued), 0o600);
  await prove({
    person: 0,
    holder: { identity: rotated, credential: reissued },
    scope: "poll-2026",
    message: "again",
    disclose: {},
  });
  const oldAuthenticatorRefused = await generatePersonhoodProof(
    { ...zero, humanitySet, issuerSet, scope: textToField("poll-2026"), message: 0n, time: nowSeconds() },
    artifacts,
  ).then(
    () => false,
    (error: unknown) => error instanceof SetError,
  );

  // Person 1 enrols at a biometric station too: a second credential, the same N.
  const second = issueCredential({
    issuer: station,
    ...holderCommitments(one.identity),
    kind: "biometric",
    country: 276,
    issuedAt: now,
    expiresAt: now + YEAR,
  });
  addCredentialToSet(humanitySet, second, { issuers: issuerSet });
  await write("person1.biometric.credential.json", credentialDocument(second), 0o600);
  await prove({
    person: 1,
    holder: { identity: one.identity, credential: second },
    scope: "poll-2026",
    message: "yes",
    disclose: {},
  });
  await write("set.json", humanitySet.toJSON());

  const [a, b, c, d, e, f] = proofs as [DemoProof, DemoProof, DemoProof, DemoProof, DemoProof, DemoProof];
  const checks = {
    allValid: proofs.every((proof) => proof.valid),
    sameScopeSameNullifier: a.nullifier === b.nullifier,
    otherScopeOtherNullifier: a.nullifier !== c.nullifier,
    otherPersonOtherNullifier: a.nullifier !== d.nullifier,
    rotationKeepsNullifier: a.nullifier === e.nullifier,
    oldAuthenticatorRefused,
    secondIssuerSameNullifier: d.nullifier === f.nullifier,
  };
  return {
    ok: Object.values(checks).every(Boolean),
    setRoot: humanitySet.root.toString(),
    issuerRoot: issuerSet.root().toString(),
    proofs,
    checks,
  };
}
