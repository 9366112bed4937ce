import { loadProverArtifacts, loadVerificationKey } from "@pop/circuits/artifacts";
import { nowSeconds } from "@pop/core/time";
import type { CredentialKind } from "@pop/protocol/attributes";
import { credentialDocument, credentialLeaf, issueCredential } from "@pop/protocol/credential";
import { generatePersonhoodProof } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity, exportIdentity } from "@pop/protocol/identity";
import { createIssuer, exportIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { parsePersonhoodProof, proofDocument } from "@pop/protocol/proofDocument";
import { verifyPersonhoodProof } from "@pop/protocol/verifyProof";

const YEAR = 365 * 24 * 3600;

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
  };
};

/**
 * The whole local flow on embedded defaults: one issuer, three people, a humanity set,
 * credentials, and four proofs in two scopes; checks that one person's nullifier is stable
 * within a scope and differs across scopes and people, and verifies every proof.
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
  const issuerSet = new IssuerSet();
  issuerSet.add(issuer);
  await write("issuer.json", exportIssuer(issuer), 0o600);
  await write("issuers.json", issuerSet.toJSON());

  const people: { kind: CredentialKind; country: number }[] = [
    { kind: "kyc", country: 756 },
    { kind: "biometric", country: 276 },
    { kind: "registry", country: 0 },
  ];
  const humanitySet = new HumanitySet();
  const holders = [];
  for (const [i, person] of people.entries()) {
    const identity = createIdentity();
    const credential = issueCredential({
      issuer,
      commitment: identity.commitment,
      ...person,
      issuedAt: now,
      expiresAt: now + YEAR,
    });
    humanitySet.add(credentialLeaf(identity.commitment, credential.attributes));
    await write(`person${i}.identity.json`, exportIdentity(identity), 0o600);
    await write(`person${i}.credential.json`, credentialDocument(credential), 0o600);
    holders.push({ identity, credential });
  }
  await write("set.json", humanitySet.toJSON());
  progress(`issuer ${issuer.issuerId}, ${people.length} people, humanity set root ${humanitySet.root}`);

  const artifacts = loadProverArtifacts(20);
  const vkey = loadVerificationKey(20);
  const runs = [
    { person: 0, scope: "poll-2026", message: "yes", disclose: { country: true } },
    { person: 0, scope: "poll-2026", message: "no", disclose: {} },
    { person: 0, scope: "airdrop-7", message: "0xabc", disclose: { kind: true } },
    { person: 1, scope: "poll-2026", message: "yes", disclose: { country: true, kind: true } },
  ];
  const proofs: DemoProof[] = [];
  for (const [i, run] of runs.entries()) {
    const holder = holders[run.person]!;
    progress(`proof ${i + 1}/${runs.length}: person ${run.person} in scope "${run.scope}"…`);
    const started = performance.now();
    const proof = await generatePersonhoodProof(
      {
        ...holder,
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
  }
  const [a, b, c, d] = proofs as [DemoProof, DemoProof, DemoProof, DemoProof];
  const checks = {
    allValid: proofs.every((proof) => proof.valid),
    sameScopeSameNullifier: a.nullifier === b.nullifier,
    otherScopeOtherNullifier: a.nullifier !== c.nullifier,
    otherPersonOtherNullifier: a.nullifier !== d.nullifier,
  };
  return {
    ok: Object.values(checks).every(Boolean),
    setRoot: humanitySet.root.toString(),
    issuerRoot: issuerSet.root().toString(),
    proofs,
    checks,
  };
}
