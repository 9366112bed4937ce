/**
 * Personhood proof vs Semaphore v4, measured side by side in one run at tree depth 20.
 *
 *   npm run bench:proof [-- --rounds 7 --verify-rounds 30]
 *
 * Both provers run through their public APIs with the same snarkjs: ours with the committed
 * depth-20 build, Semaphore's with the official depth-20 artifacts from
 * @zk-kit/semaphore-artifacts (a dev dependency, read from disk, never downloaded). Rounds
 * alternate ours/theirs so drift on a shared machine hits both; medians are reported.
 * Prints a table, then one JSON line.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { loadProverArtifacts, loadVerificationKey, readManifest } from "@pop/circuits/artifacts";
import { nowSeconds } from "@pop/core/time";
import { credentialLeaf, issueCredential } from "@pop/protocol/credential";
import { generatePersonhoodProof, releaseProver } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { parsePersonhoodProof, proofDocument } from "@pop/protocol/proofDocument";
import { verifyPersonhoodProof } from "@pop/protocol/verifyProof";
import { Group } from "@semaphore-protocol/group";
import { Identity } from "@semaphore-protocol/identity";
import { generateProof, verifyProof } from "@semaphore-protocol/proof";

const DEPTH = 20;
const { values } = parseArgs({
  options: { rounds: { type: "string", default: "7" }, "verify-rounds": { type: "string", default: "30" } },
});
const rounds = Number(values.rounds);
const verifyRounds = Number(values["verify-rounds"]);
const log = (message: string) => process.stderr.write(`${message}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const start = performance.now();
  const result = await f();
  return [performance.now() - start, result];
};

// Ours: one issuer, 16 members, a proof for member 3.
const issuer = createIssuer({ issuerId: 1, name: "bench" });
const issuerSet = new IssuerSet();
issuerSet.add(issuer);
const now = nowSeconds();
const humanitySet = new HumanitySet();
const members = Array.from({ length: 16 }, () => createIdentity());
const credentials = members.map((identity) =>
  issueCredential({
    issuer,
    commitment: identity.commitment,
    nullifierCommitment: identity.nullifierCommitment,
    kind: "kyc",
    country: 756,
    issuedAt: now - 60,
    expiresAt: now + 86400,
  }),
);
for (const credential of credentials) {
  humanitySet.add(credentialLeaf(credential));
}
const artifacts = loadProverArtifacts(DEPTH);
const build = readManifest().builds[String(DEPTH)]!;
const vkey = loadVerificationKey(DEPTH);
const scope = "bench-scope";
const oursProve = (round: number) =>
  generatePersonhoodProof(
    {
      identity: members[3]!,
      credential: credentials[3]!,
      humanitySet,
      issuerSet,
      scope: textToField(scope),
      message: textToField(`message ${round}`),
      time: nowSeconds(),
      disclose: { country: true },
    },
    artifacts,
  );

// Semaphore v4: the same 16-member group, official depth-20 artifacts.
const semaphoreDir = dirname(createRequire(import.meta.url).resolve("@zk-kit/semaphore-artifacts/package.json"));
const semaphoreArtifacts = {
  wasm: join(semaphoreDir, `semaphore-${DEPTH}.wasm`),
  zkey: join(semaphoreDir, `semaphore-${DEPTH}.zkey`),
};
const semaphoreMembers = Array.from({ length: 16 }, (_, i) => new Identity(`bench member ${i}`));
const group = new Group(semaphoreMembers.map((identity) => identity.commitment));
const theirsProve = (round: number) =>
  generateProof(semaphoreMembers[3]!, group, `message ${round}`, scope, DEPTH, semaphoreArtifacts);

log(`warming up (one proof each)…`);
await oursProve(-1);
await theirsProve(-1);

const oursProveMs: number[] = [];
const theirsProveMs: number[] = [];
let ourProof = await oursProve(0);
let theirProof = await theirsProve(0);
for (let round = 1; round <= rounds; round++) {
  const [a, ours] = await time(() => oursProve(round));
  const [b, theirs] = await time(() => theirsProve(round));
  oursProveMs.push(a);
  theirsProveMs.push(b);
  ourProof = ours;
  theirProof = theirs;
  log(`round ${round}/${rounds}: ours ${a.toFixed(0)} ms, semaphore ${b.toFixed(0)} ms`);
}

const parsed = parsePersonhoodProof(
  JSON.parse(JSON.stringify(proofDocument(ourProof, { scope, message: `message ${rounds}` }))),
);
const policy = {
  merkleRoots: [humanitySet.root],
  issuerRoot: issuerSet.root(),
  scope: textToField(scope),
  at: nowSeconds(),
};
const oursVerifyMs: number[] = [];
const theirsVerifyMs: number[] = [];
for (let round = 0; round < verifyRounds; round++) {
  const [a, ours] = await time(() => verifyPersonhoodProof(parsed, { ...policy, verificationKey: vkey }));
  const [b, theirs] = await time(() => verifyProof(theirProof));
  if (!ours.valid || !theirs) throw new Error("a benchmark proof did not verify");
  oursVerifyMs.push(a);
  theirsVerifyMs.push(b);
}
await releaseProver();

const result = {
  bench: "proof",
  depth: DEPTH,
  ours_prove_ms: Math.round(median(oursProveMs)),
  semaphore_prove_ms: Math.round(median(theirsProveMs)),
  prove_ratio: Number((median(oursProveMs) / median(theirsProveMs)).toFixed(3)),
  ours_verify_ms: Number(median(oursVerifyMs).toFixed(2)),
  semaphore_verify_ms: Number(median(theirsVerifyMs).toFixed(2)),
  verify_ratio: Number((median(oursVerifyMs) / median(theirsVerifyMs)).toFixed(3)),
  constraints: build.constraints,
  public_signals: build.publicSignals,
  // Groth16's evaluation domain: the smallest power of two above constraints + public signals.
  domain: 2 ** Math.ceil(Math.log2(build.constraints + build.publicSignals + 1)),
};
const row = (name: string, ours: number | string, theirs: number | string, ratio: number | string) =>
  `${name.padEnd(22)}${String(ours).padStart(12)}${String(theirs).padStart(14)}${String(ratio).padStart(10)}`;
console.log(row("", "pop", "semaphore v4", "ratio"));
console.log(row(`prove ms (median/${rounds})`, result.ours_prove_ms, result.semaphore_prove_ms, result.prove_ratio));
console.log(
  row(`verify ms (median/${verifyRounds})`, result.ours_verify_ms, result.semaphore_verify_ms, result.verify_ratio),
);
console.log(row("constraints", result.constraints, "-", "-"));
console.log(row("public signals", result.public_signals, "-", "-"));
console.log(row("proving domain", result.domain, "-", "-"));
console.log(JSON.stringify(result));
process.exit(0);
