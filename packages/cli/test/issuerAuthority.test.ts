import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { errorOf, pop, refusal } from "./pop.js";

/**
 * Whose credentials `pop set add` takes: only those signed by the key the issuer set records
 * for the credential's issuer id, of a kind that issuer may issue (audit A.6).
 */

let dir: string;
const path = (name: string) => join(dir, name);
const readJson = async (name: string) => JSON.parse(await readFile(path(name), "utf8"));

async function ok(args: string[]) {
  const result = await pop(args, dir);
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}

/** `pop credential issue` by `issuer` for a fresh identity, of `kind`. */
async function issue(issuer: string, kind: string, out: string): Promise<void> {
  const { commitment, nullifierCommitment } = await ok(["identity", "create", "--out", `${out}.id.json`]);
  await ok(
    ["credential", "issue", "--issuer", issuer, "--commitment", String(commitment), "--kind", kind].concat([
      "--nullifier-commitment",
      String(nullifierCommitment),
      "--country",
      "756",
      "--expires",
      "2099-01-01",
      "--out",
      out,
    ]),
  );
}

const setAdd = (credential: string, issuers: string) =>
  pop(["set", "add", "--set", "set.json", "--credential", credential, "--issuers", issuers], dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-authority-"));
  await ok(["issuer", "create", "--id", "1", "--name", "Example KYC", "--out", "issuer.json"]);
  await ok(["issuer", "create", "--id", "1", "--name", "Impostor", "--out", "impostor.json"]);
});

describe("pop issuers add --kinds and pop set add", () => {
  it("records the issuer's kinds and refuses a credential of another kind from it", async () => {
    const added = await ok(["issuers", "add", "--issuers", "kyc.json", "--issuer", "issuer.json", "--kinds", "kyc"]);
    expect(added).toEqual({ added: true, issuerId: 1, kinds: ["kyc"], root: added.root });
    const file = await readJson("kyc.json");
    expect(file.version).toBe(2);
    expect(file.issuers[0].kinds).toEqual(["kyc"]);
    await issue("issuer.json", "biometric", "bio.cred.json");
    const refused = await setAdd("bio.cred.json", "kyc.json");
    expect(refusal(refused)).toEqual({
      code: 1,
      line: "pop: issuer 1 may not issue biometric credentials (its kinds: kyc)",
    });
    expect(errorOf(refused.stdout)?.name).toBe("IssuerError");
    await issue("issuer.json", "kyc", "kyc.cred.json");
    expect(
      (await ok(["set", "add", "--set", "set.json", "--credential", "kyc.cred.json", "--issuers", "kyc.json"])).size,
    ).toBe(1);
  });

  it("gives every kind by default, as on chain, and never changes an issuer's kinds", async () => {
    const added = await ok(["issuers", "add", "--issuers", "all.json", "--issuer", "issuer.json"]);
    expect(added.kinds).toEqual(["registry", "biometric", "kyc"]);
    const again = ["issuers", "add", "--issuers", "kyc.json", "--issuer", "issuer.json"];
    const before = await readFile(path("kyc.json"), "utf8");
    expect(refusal(await pop(again, dir))).toEqual({
      code: 1,
      line: "pop: issuer 1 is already in the set with kinds kyc; an issuer's kinds are fixed when it is added, as in the IssuerRegistry",
    });
    expect((await ok([...again, "--kinds", "kyc"])).added).toBe(false);
    expect(await readFile(path("kyc.json"), "utf8")).toBe(before);
  });
});

describe("pop set add always checks the issuer set", () => {
  it("refuses to run without --issuers, so an impostor's credential never gets in unchecked", async () => {
    await issue("impostor.json", "kyc", "alone.cred.json");
    const args = ["set", "add", "--set", "alone.json", "--credential", "alone.cred.json"];
    expect(refusal(await pop(args, dir))).toEqual({ code: 2, line: "pop: missing required option --issuers" });
    await expect(readFile(path("alone.json"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses a credential signed by a fresh key claiming issuer id 1 (exit 1, the error as JSON)", async () => {
    await issue("impostor.json", "kyc", "forged.cred.json");
    const refused = await setAdd("forged.cred.json", "all.json");
    expect(refusal(refused)).toEqual({
      code: 1,
      line: "pop: the credential is not signed by the key registered for issuer 1",
    });
    expect(errorOf(refused.stdout)).toEqual({
      name: "IssuerError",
      message: "the credential is not signed by the key registered for issuer 1",
    });
    expect((await readJson("set.json")).leaves).toHaveLength(1);
  });
});
