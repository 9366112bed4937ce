import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scopeOf, textAppId } from "@pop/protocol/scope";
import { beforeAll, describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

// Scopes named by app and action (docs/architecture.md, decision 10): the proof's scope is the
// action in the app, and a verifier of another app (or of the raw action text) refuses it.

let dir: string;
async function ok(args: string[]) {
  const result = await pop(args, dir);
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}
const sets = ["--set", "set.json", "--issuers", "issuers.json"];
const verify = (scope: string[]) => pop(["proof", "verify", "--proof", "proof.json", ...sets, ...scope], dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-app-scope-"));
  await ok(["issuer", "create", "--id", "5", "--out", "issuer.json"]);
  await ok(["issuers", "add", "--issuers", "issuers.json", "--issuer", "issuer.json"]);
  const { commitment, nullifierCommitment } = await ok(["identity", "create", "--out", "id.json"]);
  const claim = ["--commitment", String(commitment), "--nullifier-commitment", String(nullifierCommitment)].concat([
    "--kind",
    "kyc",
    "--country",
    "756",
  ]);
  await ok([
    "credential",
    "issue",
    "--issuer",
    "issuer.json",
    ...claim,
    "--expires",
    "2099-01-01",
    "--out",
    "cred.json",
  ]);
  await ok(["set", "add", "--credential", "cred.json", ...sets]);
  await ok([
    "proof",
    "create",
    "--identity",
    "id.json",
    "--credential",
    "cred.json",
    ...sets,
    "--app",
    "my-forum",
    "--action",
    "vote-2027",
    "--message",
    "yes",
    "--out",
    "proof.json",
  ]);
});

describe("pop proof create/verify --app --action", () => {
  it("proves for the action in the app, and records the app and action in the proof file", async () => {
    const document = JSON.parse(await readFile(join(dir, "proof.json"), "utf8"));
    expect(document.decoded).toMatchObject({ app: "my-forum", action: "vote-2027", message: "yes" });
    expect(document.decoded.scope).toBeUndefined();
    expect(document.publicSignals[4]).toBe(scopeOf({ appId: textAppId("my-forum"), action: "vote-2027" }).toString());
    const valid = await verify(["--app", "my-forum", "--action", "vote-2027", "--message", "yes"]);
    expect([valid.code, valid.json.valid, valid.json.nullifier]).toEqual([0, true, document.decoded.nullifier]);
  });

  it("another app, or the raw action text as a scope, refuses the proof", async () => {
    for (const scope of [
      ["--app", "other-forum", "--action", "vote-2027"],
      ["--scope", "vote-2027"],
    ]) {
      const run = await verify([...scope, "--message", "yes"]);
      expect([run.code, run.json.valid, run.json.reason]).toEqual([1, false, "the proof is for another scope"]);
    }
  });

  it("takes exactly one way of naming the scope", async () => {
    expect(refusal(await verify(["--scope", "s", "--app", "my-forum", "--action", "vote-2027"]))).toEqual({
      code: 2,
      line: "pop: pass --scope, or --app and --action, not both",
    });
    expect(refusal(await verify(["--app", "my-forum"]))).toEqual({
      code: 2,
      line: "pop: missing required option --scope (or --app and --action)",
    });
    expect(refusal(await verify(["--app", "", "--action", "a"]))).toEqual({
      code: 2,
      line: "pop: option --app must not be empty",
    });
  });
});
