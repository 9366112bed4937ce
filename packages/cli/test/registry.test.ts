import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { DEV_KEYS } from "@pop/contracts/localChain";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

let chain: LocalChain;
let dir: string;
let env: Record<string, string>;
const as = (key: number) => ({ POP_PRIVATE_KEY: DEV_KEYS[key]! });
const address = (key: number) => privateKeyToAccount(DEV_KEYS[key]!).address;
const registry = ["--registry", "registry.json"];

async function ok(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await pop(args, dir, { ...env, ...extraEnv });
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}

async function passTime(seconds: number) {
  const client = createPublicClient({ transport: http(chain.rpcUrl) });
  await client.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
  await client.request({ method: "evm_mine" as never, params: [] as never });
}

beforeAll(async () => {
  chain = await startAnvil();
  dir = await mkdtemp(join(tmpdir(), "pop-registry-cli-"));
  env = { POP_RPC_URL: chain.rpcUrl, ...as(0) };
  await ok(["contracts", "deploy"]);
  await ok([
    "registry",
    "deploy",
    "--deployment",
    "deployment.json",
    "--issuer-id",
    "3",
    "--jurors",
    [1, 2, 3].map(address).join(","),
    "--challenge-period",
    "600",
    "--base-deposit",
    "0.05eth",
  ]);
  const { commitment } = await ok(["identity", "create", "--out", "voucher.json"]);
  await ok([
    "registry",
    "seed",
    ...registry,
    "--id",
    address(1),
    "--owner",
    address(1),
    "--commitment",
    String(commitment),
  ]);
  await ok(["identity", "create", "--out", "claimer.json"]);
});
afterAll(() => chain?.stop());

describe("pop registry on anvil", () => {
  it("claims, vouches, waits out the challenge period, executes, and reports the status from the index", async () => {
    const claimed = await ok(
      ["registry", "claim", ...registry, "--identity", "claimer.json", "--evidence", "ipfs://bundle-1"],
      as(4),
    );
    expect(claimed).toMatchObject({ ok: true, requestId: "0", humanityId: address(4).toLowerCase() });
    await ok(["registry", "vouch", ...registry, "--for", address(4)], as(1));
    await ok(["registry", "advance", ...registry, "--claimer", address(4), "--vouchers", address(1)], as(4));
    const pending = await ok(["registry", "status", ...registry, "--pending"]);
    expect((pending.pending as { requestId: number; status: string }[]).map((r) => [r.requestId, r.status])).toEqual([
      [0, "resolving"],
    ]);
    const early = refusal(await pop(["registry", "execute", ...registry, "--request", "0"], dir, env));
    expect(early.line).toMatch(/the contract refused: HumanityRegistry__ChallengePeriodRunning\(0, \d+\)/);
    await passTime(600);
    expect(await ok(["registry", "execute", ...registry, "--request", "0"])).toMatchObject({ released: 1 });
    const status = await ok(["registry", "status", ...registry, "--id", address(4)]);
    expect(status).toMatchObject({ state: "registered", owner: address(4), lastRemoval: null });
    expect((status.requests as { kind: string; status: string; winner: string }[])[0]).toMatchObject({
      kind: "claim",
      status: "resolved",
      winner: "requester",
    });
    expect(await ok(["registry", "vouchallenger", ...registry, "--id", address(1)])).toEqual({
      humanityId: address(1).toLowerCase(),
      vouches: 1,
      vouchallenges: 0,
      timesRemoved: 0,
      vouchallengesSinceRemoval: 0,
      isVouchallenger: false,
    });
    // The claimer takes its deposit back.
    const withdrawn = await ok(["registry", "withdraw", ...registry, "--request", "0"], as(4));
    expect(withdrawn.withdrawn).toBe(String(10n ** 16n + 5n * 10n ** 16n));
  });

  it("challenges, lets the committee rule for the challenger, and pays the challenger the deposit", async () => {
    await ok(["identity", "create", "--out", "second.json"]);
    await ok(["registry", "claim", ...registry, "--identity", "second.json", "--evidence", "ipfs://b"], as(5));
    await ok(["registry", "vouch", ...registry, "--for", address(5)], as(1));
    await ok(["registry", "advance", ...registry, "--claimer", address(5), "--vouchers", address(1)], as(5));
    await ok(["registry", "challenge", ...registry, "--request", "1", "--reason", "deceased"], as(0));
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--vote", "challenger"], as(1));
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--vote", "challenger"], as(2));
    await passTime(3600);
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--execute"]);
    expect(await ok(["registry", "process", ...registry, "--request", "1"])).toEqual({ processed: 1 });
    const status = await ok(["registry", "status", ...registry, "--id", address(5)]);
    expect(status.state).toBe("none");
    expect((status.requests as { winner: string }[])[0]!.winner).toBe("challenger");
    const withdrawn = await ok(["registry", "withdraw", ...registry, "--request", "1"], as(0));
    expect(withdrawn.withdrawn).toBe(String(6n * 10n ** 16n));
  });

  it("refuses to spend a deposit on evidence that fails a hard rule, unless --force", async () => {
    await writeFile(join(dir, "photo.jpg"), "not an image");
    await ok(["identity", "create", "--out", "third.json"]);
    const args = [
      "registry",
      "claim",
      ...registry,
      "--identity",
      "third.json",
      "--evidence",
      "ipfs://c",
      "--photo",
      "photo.jpg",
    ];
    const refused = await pop(args, dir, { ...env, ...as(3) });
    expect(refused.code).toBe(1);
    expect(refused.json).toMatchObject({ ok: false, report: { ok: false } });
    expect(String(refused.json.refused)).toMatch(/no deposit was spent/);
    const pending = await ok(["registry", "status", ...registry, "--pending"]);
    expect(pending.pending).toEqual([]);
    const forced = await ok([...args, "--force"], as(3));
    expect(forced).toMatchObject({ ok: true, requestId: "2" });
  });

  it("refuses bad input with one clear line", async () => {
    const cases: [string[], RegExp][] = [
      [["registry", "challenge", ...registry, "--request", "0", "--reason", "ugly"], /--reason is one of/],
      [["registry", "status", ...registry, "--id", "0x1234"], /20 bytes as 0x-hex/],
      [["registry", "status", ...registry], /pass --id 0x… or --pending/],
      [["registry", "fund", ...registry, "--request", "2", "--value", "lots"], /--value takes wei/],
      [["registry", "deploy", "--deployment", "deployment.json", "--issuer-id", "4"], /--jurors/],
    ];
    for (const [args, message] of cases) {
      const { code, line } = refusal(await pop(args, dir, env));
      expect(code).not.toBe(0);
      expect(line).toMatch(message);
    }
    const file = JSON.parse(await readFile(join(dir, "registry.json"), "utf8"));
    await writeFile(join(dir, "other.json"), JSON.stringify({ ...file, chainId: 5 }));
    const { line } = refusal(await pop(["registry", "status", "--registry", "other.json", "--pending"], dir, env));
    expect(line).toMatch(/the registry is on chain 5, the RPC serves chain 31337/);
  });
});
