import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asRegistryCredential, POP, pop, refusal } from "./pop.js";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const STRANGER_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
let chain: LocalChain;
let dir: string;
let env: Record<string, string>;

async function ok(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await pop(args, dir, { ...env, ...extraEnv });
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}
const deployment = ["--deployment", "deployment.json"];
/** `pop credential issue` by issuer 42, of kind kyc, for the commitments (c, N). */
const issueArgs = (keys: Record<string, unknown>, out: string) =>
  ["credential", "issue", "--issuer", "issuer.json", "--commitment", String(keys.commitment)].concat([
    "--nullifier-commitment",
    String(keys.nullifierCommitment),
    "--kind",
    "kyc",
    "--country",
    "756",
    "--expires",
    "2099-01-01",
    "--out",
    out,
  ]);

beforeAll(async () => {
  chain = await startAnvil();
  dir = await mkdtemp(join(tmpdir(), "pop-onchain-"));
  env = { POP_RPC_URL: chain.rpcUrl };
  await ok(["contracts", "deploy"]);
  await ok(["issuer", "create", "--id", "42", "--out", "issuer.json"]);
  await ok(["issuers", "add", "--onchain", ...deployment, "--issuer", "issuer.json", "--kinds", "kyc,biometric"]);
  await ok(issueArgs(await ok(["identity", "create", "--out", "id.json"]), "cred.json"));
  await ok(["set", "add", "--onchain", ...deployment, "--credential", "cred.json"]);
  await ok([
    "proof",
    "create",
    "--onchain",
    ...deployment,
    "--identity",
    "id.json",
    "--credential",
    "cred.json",
    "--scope",
    "vote-7",
    "--message",
    "yes",
    "--disclose",
    "kind",
    "--out",
    "proof.json",
  ]);
});
afterAll(() => chain?.stop());

describe("pop on a chain", () => {
  it("a proof made by the CLI verifies on chain", async () => {
    const result = await pop(
      ["proof", "verify", "--onchain", ...deployment, "--proof", "proof.json", "--scope", "vote-7", "--message", "yes"],
      dir,
      env,
    );
    const proof = JSON.parse(await readFile(join(dir, "proof.json"), "utf8"));
    expect(result.code).toBe(0);
    expect(result.json).toEqual({
      valid: true,
      nullifier: proof.decoded.nullifier,
      disclosed: { kind: "kyc" },
      reason: "",
    });
  });

  it("the contract refuses a public input at or above the field modulus and a wrong message", async () => {
    const proof = JSON.parse(await readFile(join(dir, "proof.json"), "utf8"));
    proof.publicSignals[2] = String(BigInt(proof.publicSignals[2]) + R);
    delete proof.decoded;
    await writeFile(join(dir, "overflow.json"), JSON.stringify(proof));
    const overflow = await pop(
      ["proof", "verify", "--onchain", ...deployment, "--proof", "overflow.json", "--scope", "vote-7"],
      dir,
      env,
    );
    expect(overflow.code).toBe(1);
    expect(overflow.json.reason).toBe(
      `the verifier contract refused: PersonhoodVerifier__NotInField(${proof.publicSignals[2]})`,
    );
    const wrong = await pop(
      ["proof", "verify", "--onchain", ...deployment, "--proof", "proof.json", "--scope", "vote-7", "--message", "no"],
      dir,
      env,
    );
    expect([wrong.code, wrong.json.reason]).toEqual([
      1,
      "the verifier contract refused: PersonhoodVerifier__InvalidProof()",
    ]);
  });

  it("mints one soulbound token per person and refuses the second", async () => {
    const minted = await ok(["token", "mint", ...deployment, "--identity", "id.json", "--credential", "cred.json"]);
    expect(minted.kind).toBe("kyc");
    expect(minted.holder).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    const again = refusal(
      await pop(["token", "mint", ...deployment, "--identity", "id.json", "--credential", "cred.json"], dir, env),
    );
    expect(again.code).toBe(1);
    expect(again.line).toMatch(
      new RegExp(`^pop: the contract refused: PersonhoodVerifier__NullifierUsed\\(\\d+, ${minted.tokenId}\\)$`),
    );
  });

  it("refuses to add a registry credential's leaf by hand, before contacting the chain", async () => {
    const cred = JSON.parse(await readFile(join(dir, "cred.json"), "utf8"));
    await writeFile(join(dir, "registered.cred.json"), JSON.stringify(asRegistryCredential(cred)));
    const args = ["set", "add", "--onchain", ...deployment, "--credential", "registered.cred.json"];
    const line = "pop: a registry credential's leaf is inserted by the registry contract, not added by hand";
    expect(refusal(await pop(args, dir, env))).toEqual({ code: 2, line });
    expect(refusal(await pop(args, dir, { ...env, POP_RPC_URL: "http://127.0.0.1:9" }))).toEqual({ code: 2, line });
  });

  it("a non-registrar cannot add, and a missing or wrong deployment is bad input", async () => {
    const stranger = refusal(
      await pop(["set", "add", "--onchain", ...deployment, "--credential", "cred.json"], dir, {
        ...env,
        POP_PRIVATE_KEY: STRANGER_KEY,
      }),
    );
    expect(stranger).toEqual({
      code: 1,
      line: "pop: the contract refused: HumanitySet__NotRegistrar(0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC, 42, 3)",
    });
    expect(
      refusal(
        await pop(["set", "add", "--onchain", "--deployment", "nope.json", "--credential", "cred.json"], dir, env),
      ),
    ).toEqual({
      code: 2,
      line: "pop: deployment file nope.json does not exist",
    });
    expect(refusal(await pop(["contracts", "deploy", "--rpc", "http://127.0.0.1:9"], dir, env))).toEqual({
      code: 2,
      line: "pop: cannot reach an Ethereum RPC at http://127.0.0.1:9",
    });
  });
});

describe("pop set update --onchain: an authenticator rotation on chain", () => {
  it("keeps the nullifier and the token, and the old authenticator no longer proves", async () => {
    const before = JSON.parse(await readFile(join(dir, "proof.json"), "utf8")).decoded.nullifier;
    const rotated = await ok(["identity", "rotate", "--identity", "id.json", "--out", "id2.json"]);
    await ok(issueArgs(rotated, "cred2.json"));
    const updated = await ok([
      "set",
      "update",
      "--onchain",
      ...deployment,
      "--from",
      "cred.json",
      "--to",
      "cred2.json",
    ]);
    expect(updated).toEqual({
      oldLeaf: expect.any(String),
      leaf: expect.any(String),
      root: expect.any(String),
      tx: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    });
    const prove = (identity: string, credential: string, out: string) =>
      pop(
        ["proof", "create", "--onchain", ...deployment, "--identity", identity, "--credential", credential].concat([
          "--scope",
          "vote-7",
          "--message",
          "yes",
          "--out",
          out,
        ]),
        dir,
        env,
      );
    expect((await prove("id2.json", "cred2.json", "rotated.json")).code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, "rotated.json"), "utf8")).decoded.nullifier).toBe(before);
    expect(refusal(await prove("id.json", "cred.json", "stale.json"))).toEqual({
      code: 1,
      line: "pop: the credential's leaf is not in the humanity set",
    });
    // The token minted before the rotation is refreshed with the new authenticator: same nullifier.
    const refreshed = await ok([
      "token",
      "refresh",
      ...deployment,
      "--identity",
      "id2.json",
      "--credential",
      "cred2.json",
    ]);
    expect(refreshed.holder).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  });

  it("refuses a successor carrying another N before contacting the chain", async () => {
    const other = await ok(["identity", "create", "--out", "other.id.json"]);
    const { commitment } = JSON.parse(await readFile(join(dir, "id2.json"), "utf8"));
    await ok(issueArgs({ commitment, nullifierCommitment: other.nullifierCommitment }, "swap.cred.json"));
    const args = ["set", "update", "--onchain", ...deployment, "--from", "cred2.json", "--to", "swap.cred.json"];
    const line =
      "pop: the new credential carries another nullifier commitment: an update keeps the human's N (only c and the attributes may change)";
    expect(refusal(await pop(args, dir, { ...env, POP_RPC_URL: "http://127.0.0.1:9" }))).toEqual({ code: 1, line });
    expect(refusal(await pop(args, dir, env))).toEqual({ code: 1, line });
  });
});

describe("pop chain start", () => {
  it("prints the RPC URL of a live anvil and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, [POP, "chain", "start"], { stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve) =>
      child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())),
    );
    const { rpcUrl, chainId } = JSON.parse(line);
    expect(chainId).toBe(31337);
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    expect(((await response.json()) as { result: string }).result).toBe("0x7a69");
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    await expect(fetch(rpcUrl, { method: "POST", body: "{}" })).rejects.toThrow();
  });
});
