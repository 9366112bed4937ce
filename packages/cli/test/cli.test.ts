import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { asRegistryCredential, pop, refusal } from "./pop.js";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
// snarkjs's own command-line tool (its package exports no path to it).
const snarkjsCli = join(createRequire(import.meta.url).resolve("snarkjs"), "..", "cli.cjs");
const run = promisify(execFile);

let dir: string;
const path = (name: string) => join(dir, name);
const readJson = async (name: string) => JSON.parse(await readFile(path(name), "utf8"));
const writeJson = (name: string, value: unknown) => writeFile(path(name), JSON.stringify(value));

async function ok(args: string[]) {
  const result = await pop(args, dir);
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}

/** snarkjs's own CLI on proof.json's parts and `pop proof vkey`: true when it says OK. */
async function snarkjsAccepts(proofFile: string): Promise<boolean> {
  const proof = await readJson(proofFile);
  await writeJson("sj.proof.json", proof.proof);
  await writeJson("sj.public.json", proof.publicSignals);
  try {
    const { stdout } = await run(
      process.execPath,
      [snarkjsCli, "groth16", "verify", "vkey.json", "sj.public.json", "sj.proof.json"],
      { cwd: dir },
    );
    return stdout.includes("OK!");
  } catch {
    return false;
  }
}

const verifyArgs = (proofFile: string, extra: string[] = []) => [
  "proof",
  "verify",
  "--proof",
  proofFile,
  "--set",
  "set.json",
  "--issuers",
  "issuers.json",
  "--scope",
  "poll-1",
  ...extra,
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-cli-"));
  await ok(["issuer", "create", "--id", "1", "--name", "Test KYC", "--out", "issuer.json"]);
  await ok(["issuers", "add", "--issuers", "issuers.json", "--issuer", "issuer.json"]);
  await ok(["issuer", "create", "--id", "2", "--out", "rogue-issuer.json"]);
  for (const person of ["alice", "bob"]) {
    const { commitment, nullifierCommitment } = await ok(["identity", "create", "--out", `${person}.id.json`]);
    await ok([
      "credential",
      "issue",
      "--issuer",
      "issuer.json",
      "--commitment",
      String(commitment),
      "--nullifier-commitment",
      String(nullifierCommitment),
      "--kind",
      "kyc",
      "--country",
      "756",
      "--expires",
      "2099-01-01",
      "--out",
      `${person}.cred.json`,
    ]);
  }
  await ok(["set", "add", "--set", "set.json", "--credential", "alice.cred.json", "--issuers", "issuers.json"]);
  await ok([
    "proof",
    "create",
    "--identity",
    "alice.id.json",
    "--credential",
    "alice.cred.json",
    "--set",
    "set.json",
    "--issuers",
    "issuers.json",
    "--scope",
    "poll-1",
    "--message",
    "yes",
    "--disclose",
    "country",
    "--out",
    "proof.json",
  ]);
  const vkey = await pop(["proof", "vkey"], dir);
  await writeFile(path("vkey.json"), vkey.stdout);
});

describe("pop CLI: the happy path", () => {
  it("writes secret files 0600 and refuses to overwrite them without --force", async () => {
    expect((await stat(path("alice.id.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(path("issuer.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(path("alice.cred.json"))).mode & 0o777).toBe(0o600);
    const again = refusal(await pop(["identity", "create", "--out", "alice.id.json"], dir));
    expect(again).toEqual({
      code: 2,
      line: `pop: ${path("alice.id.json").replace(`${dir}/`, "")} already exists (pass --force to replace it)`,
    });
  });

  it("verifies a proof and reports the nullifier and only what was disclosed", async () => {
    const result = await pop(verifyArgs("proof.json", ["--message", "yes"]), dir);
    const proof = await readJson("proof.json");
    expect(result.code).toBe(0);
    expect(result.json).toEqual({
      valid: true,
      nullifier: proof.decoded.nullifier,
      disclosed: { country: 756 },
      reason: "",
    });
    expect(proof.publicSignals[2]).toBe(proof.decoded.nullifier);
  });

  it("writes snarkjs's exact proof format: plain snarkjs groth16 verify accepts it with pop proof vkey", async () => {
    expect(await snarkjsAccepts("proof.json")).toBe(true);
  });
});

describe("pop CLI: tampered proofs", () => {
  it.each([0, 1, 2, 3, 4, 5])("changing public signal %i makes both snarkjs and pop reject it", async (index) => {
    const proof = await readJson("proof.json");
    const value = BigInt(proof.publicSignals[index]);
    proof.publicSignals[index] = String(value === 0n ? 1n : value - 1n);
    await writeJson(`tampered-${index}.json`, proof);
    expect(await snarkjsAccepts(`tampered-${index}.json`)).toBe(false);
    const result = await pop(verifyArgs(`tampered-${index}.json`, ["--message", "yes"]), dir);
    expect(result.code).toBe(1);
    expect(result.json.valid).toBe(false);
    expect(String(result.json.reason)).not.toBe("");
  });

  it("a changed message signal fails the pairing check itself when nothing else gives it away", async () => {
    const proof = await readJson("proof.json");
    proof.publicSignals[5] = "12345";
    delete proof.decoded;
    await writeJson("tampered-message.json", proof);
    const result = await pop(verifyArgs("tampered-message.json"), dir);
    expect([result.code, result.json.reason]).toEqual([
      1,
      "the Groth16 proof does not verify against its public signals",
    ]);
  });

  it("adding the field modulus to the nullifier is rejected with a clear reason", async () => {
    const proof = await readJson("proof.json");
    proof.publicSignals[2] = String(BigInt(proof.publicSignals[2]) + R);
    await writeJson("overflow.json", proof);
    const result = await pop(verifyArgs("overflow.json"), dir);
    expect(result.code).toBe(1);
    expect(result.json).toEqual({
      valid: false,
      nullifier: null,
      disclosed: {},
      reason: "public signal nullifier is not a canonical field element (>= the BN254 scalar field modulus)",
    });
    expect(await snarkjsAccepts("overflow.json")).toBe(false);
  });

  it("a wrong scope, message, stale time or revoked issuer is a negative answer", async () => {
    const wrongScope = await pop([...verifyArgs("proof.json").slice(0, -1), "poll-2"], dir);
    expect([wrongScope.code, wrongScope.json.reason]).toEqual([1, "the proof is for another scope"]);
    const wrongMessage = await pop(verifyArgs("proof.json", ["--message", "no"]), dir);
    expect([wrongMessage.code, wrongMessage.json.reason]).toEqual([1, "the proof binds another message"]);
    const late = await pop(verifyArgs("proof.json", ["--at", "2098-01-01T00:00:00Z"]), dir);
    expect(late.code).toBe(1);
    expect(late.json.reason).toMatch(/^the proof's time .* is too old$/);
  });
});

describe("pop CLI: bad input gives exit 1 or 2 and one clear line", () => {
  const proofArgs = (cred: string, extra: string[] = []) => [
    "proof",
    "create",
    "--identity",
    "alice.id.json",
    "--credential",
    cred,
    "--set",
    "set.json",
    "--issuers",
    "issuers.json",
    "--scope",
    "s",
    "--message",
    "m",
    "--out",
    "never.json",
    ...extra,
  ];

  it("malformed JSON", async () => {
    await writeFile(path("broken.json"), "{ not json");
    expect(refusal(await pop(verifyArgs("broken.json"), dir))).toEqual({
      code: 2,
      line: "pop: proof file broken.json is not valid JSON",
    });
  });

  it("wrong types", async () => {
    const cred = await readJson("alice.cred.json");
    cred.credentialSubject.country = "756";
    await writeJson("typed.cred.json", cred);
    const args = ["set", "add", "--set", "set.json", "--credential", "typed.cred.json", "--issuers", "issuers.json"];
    expect(refusal(await pop(args, dir))).toEqual({
      code: 2,
      line: "pop: credential.credentialSubject.country must be an integer from 0 to 999",
    });
  });

  it("unknown fields", async () => {
    const identity = await readJson("alice.id.json");
    await writeJson("extra.id.json", { ...identity, nickname: "al" });
    const args = proofArgs("alice.cred.json");
    args[3] = "extra.id.json";
    expect(refusal(await pop(args, dir))).toEqual({ code: 2, line: 'pop: identity has an unknown field "nickname"' });
  });

  it("a credential whose signature does not verify", async () => {
    const cred = await readJson("bob.cred.json");
    cred.credentialSubject.country = 840;
    await writeJson("forged.cred.json", cred);
    const args = ["set", "add", "--set", "set.json", "--credential", "forged.cred.json", "--issuers", "issuers.json"];
    expect(refusal(await pop(args, dir))).toEqual({
      code: 1,
      line: "pop: the credential's issuer signature does not verify",
    });
    expect((await readJson("set.json")).leaves).toHaveLength(1);
  });

  it("a registry credential added by hand", async () => {
    await writeJson("registered.cred.json", asRegistryCredential(await readJson("alice.cred.json")));
    const before = await readFile(path("set.json"), "utf8");
    expect(
      refusal(
        await pop(
          ["set", "add", "--set", "set.json", "--credential", "registered.cred.json", "--issuers", "issuers.json"],
          dir,
        ),
      ),
    ).toEqual({
      code: 2,
      line: "pop: a registry credential's leaf is inserted by the registry contract, not added by hand",
    });
    expect(await readFile(path("set.json"), "utf8")).toBe(before);
  });

  it("an expired credential", async () => {
    expect(refusal(await pop(proofArgs("alice.cred.json", ["--at", "2099-06-01T00:00:00Z"]), dir))).toEqual({
      code: 1,
      line: "pop: the credential expired at 2099-01-01T00:00:00Z",
    });
  });

  it("an issuer not in the issuer set", async () => {
    const { commitment, nullifierCommitment } = await readJson("alice.id.json");
    await ok([
      "credential",
      "issue",
      "--issuer",
      "rogue-issuer.json",
      "--commitment",
      commitment,
      "--nullifier-commitment",
      nullifierCommitment,
      "--kind",
      "biometric",
      "--country",
      "0",
      "--expires",
      "2099-01-01",
      "--out",
      "rogue.cred.json",
    ]);
    expect(
      refusal(
        await pop(
          ["set", "add", "--set", "set.json", "--credential", "rogue.cred.json", "--issuers", "issuers.json"],
          dir,
        ),
      ),
    ).toEqual({
      code: 1,
      line: "pop: issuer 2 is not an active member of the issuer set",
    });
    expect(refusal(await pop(proofArgs("rogue.cred.json"), dir))).toEqual({
      code: 1,
      line: "pop: issuer 2 is not an active member of the issuer set",
    });
  });

  it("a leaf not in the set", async () => {
    const args = proofArgs("bob.cred.json");
    args[3] = "bob.id.json";
    expect(refusal(await pop(args, dir))).toEqual({
      code: 1,
      line: "pop: the credential's leaf is not in the humanity set",
    });
  });

  it("a credential held by another identity", async () => {
    expect(refusal(await pop(proofArgs("bob.cred.json"), dir))).toEqual({
      code: 1,
      line: "pop: the credential was issued to another authenticator commitment (after a rotation, use the credential issued for the new one)",
    });
  });

  it("missing files, unknown options and commands, bad option values", async () => {
    expect(refusal(await pop(["set", "root", "--set", "nope.json"], dir))).toEqual({
      code: 2,
      line: "pop: humanity-set file nope.json does not exist",
    });
    expect(refusal(await pop(["set", "root", "--set", "set.json", "--fast"], dir)).code).toBe(2);
    expect(refusal(await pop(["set", "root"], dir))).toEqual({ code: 2, line: "pop: missing required option --set" });
    expect(refusal(await pop(["teleport"], dir))).toEqual({
      code: 2,
      line: 'pop: unknown command "teleport" (see pop --help)',
    });
    expect(refusal(await pop(proofArgs("alice.cred.json", ["--disclose", "name"]), dir))).toEqual({
      code: 2,
      line: 'pop: --disclose takes a comma-separated list of country, kind (not "name")',
    });
    const badDate = await pop(
      [
        "credential",
        "issue",
        "--issuer",
        "issuer.json",
        "--commitment",
        "1",
        "--nullifier-commitment",
        "1",
        "--kind",
        "kyc",
        "--country",
        "1",
        "--expires",
        "2099-02-30",
        "--out",
        "x.json",
      ],
      dir,
    );
    expect(refusal(badDate)).toEqual({ code: 2, line: "pop: --expires is not a valid date" });
  });
});

describe("pop CLI: issuer revocation", () => {
  it("revoking the issuer makes its members' proofs stop verifying", async () => {
    await ok(["issuers", "revoke", "--issuers", "issuers.json", "--id", "1"]);
    const result = await pop(verifyArgs("proof.json"), dir);
    expect([result.code, result.json.reason]).toEqual([
      1,
      "the proof's issuer-set root is not the current issuer-set root",
    ]);
  });
});

describe("pop demo", () => {
  it("runs the whole flow and shows the nullifier semantics", async () => {
    const result = await pop(["demo", "--dir", path("demo")], dir);
    expect(result.code).toBe(0);
    expect(result.json.checks).toEqual({
      allValid: true,
      sameScopeSameNullifier: true,
      otherScopeOtherNullifier: true,
      otherPersonOtherNullifier: true,
      rotationKeepsNullifier: true,
      oldAuthenticatorRefused: true,
      secondIssuerSameNullifier: true,
    });
  });
});
