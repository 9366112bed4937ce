import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { DEV_CHAIN_ID, DEV_KEYS, devAccounts } from "@pop/contracts/devAccounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

// The newcomer's path: the README adds a member to the humanity set before the registry is
// deployed. The registry's leaves then sit after it in the set's tree, so every registry command
// must read the set from the set's own deployment block, not the registry's.

let chain: LocalChain;
let dir: string;
let env: Record<string, string>;
const accounts = devAccounts();
const as = (account: number) => ({ POP_PRIVATE_KEY: DEV_KEYS[account]! });
const address = (account: number) => accounts[account]!.address;
const deployment = ["--deployment", "deployment.json"];
const registry = ["--registry", "registry.json"];

async function ok(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await pop(args, dir, { ...env, ...extraEnv });
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}

beforeAll(async () => {
  chain = await startAnvil();
  dir = await mkdtemp(join(tmpdir(), "pop-registry-path-"));
  env = { POP_RPC_URL: chain.rpcUrl, ...as(0) };
  await ok(["contracts", "deploy"]);
  await ok(["issuer", "create", "--id", "7", "--out", "issuer.json"]);
  await ok(["issuers", "add", "--onchain", ...deployment, "--issuer", "issuer.json", "--kinds", "kyc"]);
  const { commitment, nullifierCommitment } = await ok(["identity", "create", "--out", "kyc.id.json"]);
  const credential = [
    "--commitment",
    String(commitment),
    "--nullifier-commitment",
    String(nullifierCommitment),
    "--kind",
    "kyc",
    "--country",
    "756",
  ];
  await ok([
    "credential",
    "issue",
    "--issuer",
    "issuer.json",
    ...credential,
    "--expires",
    "2099-01-01",
    "--out",
    "kyc.cred.json",
  ]);
  await ok(["set", "add", "--onchain", ...deployment, "--credential", "kyc.cred.json"]);
});
afterAll(() => chain?.stop());

describe("the registry after a member was added by hand", () => {
  it("claim → vouch → advance → time advanced → execute → credential → proof verified on chain", async () => {
    const jurors = [1, 2, 3].map(address).join(",");
    await ok([
      "registry",
      "deploy",
      ...deployment,
      "--issuer-id",
      "3",
      "--jurors",
      jurors,
      "--challenge-period",
      "600",
    ]);
    const voucher = await ok(["identity", "create", "--out", "voucher.id.json"]);
    await ok([
      "registry",
      "seed",
      ...registry,
      "--id",
      address(1),
      "--owner",
      address(1),
      "--commitment",
      String(voucher.commitment),
      "--nullifier-commitment",
      String(voucher.nullifierCommitment),
    ]);
    await ok(["identity", "create", "--out", "claimer.id.json"]);
    const claim = await ok(
      ["registry", "claim", ...registry, "--identity", "claimer.id.json", "--evidence", "ipfs://e"],
      as(4),
    );
    await ok(["registry", "vouch", ...registry, "--for", address(4)], as(1));
    await ok(["registry", "advance", ...registry, "--claimer", address(4), "--vouchers", address(1)], as(4));
    const advanced = await ok(["chain", "advance", "--seconds", "601"]);
    expect(typeof advanced.timestamp).toBe("number");
    const executed = await ok(["registry", "execute", ...registry, "--request", String(claim.requestId)]);
    expect(executed).toMatchObject({ requestId: "0", released: 1 });
    const credential = await ok(
      ["registry", "credential", ...registry, "--identity", "claimer.id.json", "--out", "claimer.cred.json"],
      as(4),
    );
    expect(credential).toMatchObject({ humanityId: address(4).toLowerCase(), issuerId: 3 });
    const proofArgs = [
      "--identity",
      "claimer.id.json",
      "--credential",
      "claimer.cred.json",
      "--scope",
      "s",
      "--message",
      "m",
    ];
    await ok(["proof", "create", "--onchain", ...deployment, ...proofArgs, "--out", "claimer.proof.json"]);
    const verified = await pop(
      [
        "proof",
        "verify",
        "--onchain",
        ...deployment,
        "--proof",
        "claimer.proof.json",
        "--scope",
        "s",
        "--message",
        "m",
      ],
      dir,
      env,
    );
    expect(verified.code).toBe(0);
    expect(verified.json).toMatchObject({ valid: true, reason: "" });
  });
});

describe("pop token", () => {
  it("mints, then refresh makes the token valid for another lifetime", async () => {
    const files = ["--identity", "kyc.id.json", "--credential", "kyc.cred.json"];
    const minted = await ok(["token", "mint", ...deployment, ...files], as(5));
    expect(minted).toMatchObject({ holder: address(5), kind: "kyc" });
    const refreshed = await ok(["token", "refresh", ...deployment, ...files], as(5));
    expect(refreshed).toMatchObject({ tokenId: minted.tokenId, holder: address(5) });
    expect(Date.parse(String(refreshed.validUntil))).toBeGreaterThan(Date.now() + 364 * 86_400_000);
    const stranger = refusal(await pop(["token", "refresh", ...deployment, ...files], dir, { ...env, ...as(6) }));
    expect(stranger).toEqual({
      code: 1,
      line: `pop: the contract refused: PersonhoodToken__NotHolder(${minted.tokenId})`,
    });
  });
});

describe("pop chain", () => {
  it("start --port listens there and prints the ten development accounts", async () => {
    const { spawn } = await import("node:child_process");
    const { POP } = await import("./pop.js");
    const probe = await startAnvil();
    const port = Number(new URL(probe.rpcUrl).port);
    await probe.stop(); // a port that was free a moment ago
    const child = spawn(process.execPath, [POP, "chain", "start", "--port", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const line = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    await exited;
    expect(JSON.parse(line)).toEqual({ rpcUrl: `http://127.0.0.1:${port}`, chainId: DEV_CHAIN_ID, accounts });
    expect(accounts.map((a) => a.address.slice(0, 6))).toEqual([
      "0xf39F",
      "0x7099",
      "0x3C44",
      "0x90F7",
      "0x15d3",
      "0x9965",
      "0x976E",
      "0x14dC",
      "0x2361",
      "0xa0Ee",
    ]);
  });

  it("start on a taken port is refused at once", async () => {
    const port = new URL(chain.rpcUrl).port;
    expect(refusal(await pop(["chain", "start", "--port", port], dir))).toEqual({
      code: 1,
      line: expect.stringMatching(new RegExp(`^pop: anvil stopped before listening on port ${port}: `)),
    });
  });

  it("advance refuses a chain that is not a local development chain", async () => {
    const other = await startAnvil({ chainId: 5 });
    try {
      const run = refusal(await pop(["chain", "advance", "--seconds", "60", "--rpc", other.rpcUrl], dir));
      expect(run).toEqual({
        code: 2,
        line: "pop: only a local development chain (31337) can have its clock moved, not chain 5",
      });
    } finally {
      await other.stop();
    }
  });
});
