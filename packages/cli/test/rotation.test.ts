import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { errorOf, pop, refusal } from "./pop.js";

/**
 * Two keys per human in the CLI (docs/architecture.md, decision 1): `identity create` prints the
 * authenticator's commitment c and the nullifier commitment N; `identity rotate` replaces c and
 * keeps n; `credential issue` signs both; `set update` swaps a leaf for its successor's. The
 * human keeps one nullifier per scope through a rotation and across issuers, and the old
 * authenticator stops proving once its leaf is replaced (issue 14, "Must show").
 */

let dir: string;
const path = (name: string) => join(dir, name);
const readJson = async (name: string) => JSON.parse(await readFile(path(name), "utf8"));
const DECIMAL = /^(0|[1-9][0-9]*)$/;

async function ok(args: string[]) {
  const result = await pop(args, dir);
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}

const sets = ["--set", "set.json", "--issuers", "issuers.json"];
const scope = ["--app", "my-forum", "--action", "vote-2027"];

/** `pop credential issue` by `issuer` of `kind` for the commitments (c, N). */
const issue = (issuer: string, kind: string, keys: Record<string, unknown>, out: string) =>
  ok(
    ["credential", "issue", "--issuer", issuer, "--commitment", String(keys.commitment)].concat([
      "--nullifier-commitment",
      String(keys.nullifierCommitment),
      "--kind",
      kind,
      "--country",
      "756",
      "--expires",
      "2099-01-01",
      "--out",
      out,
    ]),
  );

/** `pop proof create` in the forum's scope; the run, refused or not. */
const prove = (identity: string, credential: string, out: string) =>
  pop(
    ["proof", "create", "--identity", identity, "--credential", credential, ...sets, ...scope].concat([
      "--message",
      "yes",
      "--out",
      out,
    ]),
    dir,
  );

async function nullifierOf(identity: string, credential: string, out: string): Promise<string> {
  const run = await prove(identity, credential, out);
  if (run.code !== 0) throw new Error(`proof create failed: ${run.stderr}`);
  return (await readJson(out)).decoded.nullifier;
}

const verify = (proof: string) =>
  pop(["proof", "verify", "--proof", proof, ...sets, ...scope, "--message", "yes"], dir);

let alice: Record<string, unknown>;
let before: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-rotation-"));
  await ok(["issuer", "create", "--id", "1", "--name", "Example KYC", "--out", "kyc-issuer.json"]);
  await ok(["issuer", "create", "--id", "2", "--name", "Example Station", "--out", "bio-issuer.json"]);
  await ok(["issuers", "add", "--issuers", "issuers.json", "--issuer", "kyc-issuer.json", "--kinds", "kyc"]);
  await ok(["issuers", "add", "--issuers", "issuers.json", "--issuer", "bio-issuer.json", "--kinds", "biometric"]);
  alice = await ok(["identity", "create", "--out", "alice.id.json"]);
  await issue("kyc-issuer.json", "kyc", alice, "alice.cred.json");
  await ok(["set", "add", "--credential", "alice.cred.json", ...sets]);
  before = await nullifierOf("alice.id.json", "alice.cred.json", "before.json");
});

describe("pop identity create and rotate", () => {
  it("create prints c and N as decimal strings and writes the version-2 file 0600", async () => {
    expect(Object.keys(alice)).toEqual(["commitment", "nullifierCommitment", "out"]);
    expect(alice.commitment).toMatch(DECIMAL);
    expect(alice.nullifierCommitment).toMatch(DECIMAL);
    const file = await readJson("alice.id.json");
    expect(file).toMatchObject({
      version: 2,
      type: "pop-identity",
      commitment: alice.commitment,
      nullifierCommitment: alice.nullifierCommitment,
    });
    expect((await stat(path("alice.id.json"))).mode & 0o777).toBe(0o600);
  });

  it("rotate gives a new c with the same N, 0600, and replaces an existing --out only with --force", async () => {
    const rotated = await ok(["identity", "rotate", "--identity", "alice.id.json", "--out", "alice2.id.json"]);
    expect(rotated).toEqual({
      commitment: expect.stringMatching(DECIMAL),
      previousCommitment: alice.commitment,
      nullifierCommitment: alice.nullifierCommitment,
      out: "alice2.id.json",
    });
    expect(rotated.commitment).not.toBe(alice.commitment);
    const file = await readJson("alice2.id.json");
    expect(file.nullifierKey).toBe((await readJson("alice.id.json")).nullifierKey);
    expect(file.commitment).toBe(rotated.commitment);
    expect((await stat(path("alice2.id.json"))).mode & 0o777).toBe(0o600);
    const text = await readFile(path("alice2.id.json"), "utf8");
    const again = ["identity", "rotate", "--identity", "alice.id.json", "--out", "alice2.id.json"];
    expect(refusal(await pop(again, dir))).toEqual({
      code: 2,
      line: "pop: alice2.id.json already exists (pass --force to replace it)",
    });
    expect(await readFile(path("alice2.id.json"), "utf8")).toBe(text);
    await ok(["identity", "rotate", "--identity", "alice.id.json", "--out", "scratch.id.json"]);
    const forced = await ok([...again.slice(0, -1), "scratch.id.json", "--force"]);
    expect((await readJson("scratch.id.json")).commitment).toBe(forced.commitment);
  });

  it("refuses a version-1 identity file (one key, no nullifier key) with parseIdentity's message", async () => {
    const { privateKey, commitment } = await readJson("alice.id.json");
    await writeFile(path("v1.id.json"), JSON.stringify({ version: 1, type: "pop-identity", privateKey, commitment }));
    expect(refusal(await pop(["identity", "rotate", "--identity", "v1.id.json", "--out", "v1-new.json"], dir))).toEqual(
      {
        code: 2,
        line:
          "pop: identity.version is 1: this file holds only an authenticator, from before pop identities had a " +
          "lifelong nullifier key; it cannot be upgraded (a new nullifier key would give new nullifiers " +
          "everywhere). Make a new identity with `pop identity create` and get its credentials issued anew",
      },
    );
    await expect(stat(path("v1-new.json"))).rejects.toThrow(/ENOENT/);
  });

  it("credential issue without --nullifier-commitment (a version-1 call) is a usage error", async () => {
    const args = ["credential", "issue", "--issuer", "kyc-issuer.json", "--commitment", String(alice.commitment)];
    const old = [...args, "--kind", "kyc", "--country", "756", "--expires", "2099-01-01", "--out", "old.cred.json"];
    expect(refusal(await pop(old, dir))).toEqual({
      code: 2,
      line: "pop: missing required option --nullifier-commitment",
    });
    await expect(stat(path("old.cred.json"))).rejects.toThrow(/ENOENT/);
  });
});

describe("one nullifier per scope for life", () => {
  it("same human, same scope, same nullifier after authenticator rotation + set update; the old authenticator's proof then fails", async () => {
    const rotated = await readJson("alice2.id.json");
    await issue("kyc-issuer.json", "kyc", rotated, "alice2.cred.json");
    const oldLeaf = (await readJson("set.json")).leaves[0];
    const updated = await ok(["set", "update", "--from", "alice.cred.json", "--to", "alice2.cred.json", ...sets]);
    expect(updated).toMatchObject({ oldLeaf, index: 0, size: 1 });
    expect((await readJson("set.json")).leaves).toEqual([updated.leaf]);

    expect(await nullifierOf("alice2.id.json", "alice2.cred.json", "after.json")).toBe(before);
    const valid = await verify("after.json");
    expect([valid.code, valid.json.valid, valid.json.nullifier]).toEqual([0, true, before]);

    // The old authenticator's leaf is gone: no proof against the current root.
    expect(refusal(await prove("alice.id.json", "alice.cred.json", "old.json"))).toEqual({
      code: 1,
      line: "pop: the credential's leaf is not in the humanity set",
    });
    expect(refusal(await prove("alice.id.json", "alice2.cred.json", "old.json"))).toEqual({
      code: 1,
      line: "pop: the credential was issued to another authenticator commitment (after a rotation, use the credential issued for the new one)",
    });
    await expect(stat(path("old.json"))).rejects.toThrow(/ENOENT/);
    // And the proof it made before the update was against a root the set no longer has.
    const stale = await verify("before.json");
    expect([stale.code, stale.json.reason]).toEqual([
      1,
      "the proof's humanity-set root is not an accepted root of the set",
    ]);
  });

  it("a second credential from another issuer carrying the same N gives the same nullifier in the same scope", async () => {
    await issue("bio-issuer.json", "biometric", await readJson("alice2.id.json"), "bio.cred.json");
    expect((await ok(["set", "add", "--credential", "bio.cred.json", ...sets])).size).toBe(2);
    expect(await nullifierOf("alice2.id.json", "bio.cred.json", "bio.json")).toBe(before);
    const other = await ok(["identity", "create", "--out", "bob.id.json"]);
    await issue("bio-issuer.json", "biometric", other, "bob.cred.json");
    await ok(["set", "add", "--credential", "bob.cred.json", ...sets]);
    expect(await nullifierOf("bob.id.json", "bob.cred.json", "bob.json")).not.toBe(before);
  });

  it("set update refuses a successor carrying another N, and leaves the set file as it was", async () => {
    const bob = await readJson("bob.id.json");
    const { commitment } = await readJson("alice2.id.json");
    await issue(
      "kyc-issuer.json",
      "kyc",
      { commitment, nullifierCommitment: bob.nullifierCommitment },
      "swap.cred.json",
    );
    const text = await readFile(path("set.json"), "utf8");
    const run = await pop(["set", "update", "--from", "alice2.cred.json", "--to", "swap.cred.json", ...sets], dir);
    expect(refusal(run)).toEqual({
      code: 1,
      line: "pop: the new credential carries another nullifier commitment: an update keeps the human's N (only c and the attributes may change)",
    });
    expect(errorOf(run.stdout)?.name).toBe("CredentialError");
    expect(await readFile(path("set.json"), "utf8")).toBe(text);
  });
});
