import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { DEV_KEYS, devAccounts } from "@pop/contracts/devAccounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

// Audit M4 from the command line: a committee deployed with --voting-period, a challenge one
// juror votes on and the others never do, closed with `pop registry rule --close` after the
// period; the lone vote rules.

let chain: LocalChain;
let dir: string;
let env: Record<string, string>;
const accounts = devAccounts();
const as = (account: number) => ({ POP_PRIVATE_KEY: DEV_KEYS[account]! });
const address = (account: number) => accounts[account]!.address;
const registry = ["--registry", "registry.json"];
const PERIOD = 7200;

async function ok(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await pop(args, dir, { ...env, ...extraEnv });
  if (result.code !== 0) throw new Error(`pop ${args.join(" ")} failed: ${result.stderr}`);
  return result.json;
}

beforeAll(async () => {
  chain = await startAnvil();
  dir = await mkdtemp(join(tmpdir(), "pop-registry-deadline-"));
  env = { POP_RPC_URL: chain.rpcUrl, ...as(0) };
  await ok(["contracts", "deploy"]);
  const jurors = [1, 2, 3].map(address).join(",");
  const committee = ["--jurors", jurors, "--voting-period", String(PERIOD)];
  await ok(["registry", "deploy", "--deployment", "deployment.json", "--issuer-id", "3", ...committee]);
  const voucher = await ok(["identity", "create", "--out", "voucher.json"]);
  const keys = [
    "--commitment",
    String(voucher.commitment),
    "--nullifier-commitment",
    String(voucher.nullifierCommitment),
  ];
  await ok(["registry", "seed", ...registry, "--id", address(1), "--owner", address(1), ...keys]);
});
afterAll(() => chain?.stop());

describe("pop registry rule --close", () => {
  it("closes a round one juror of three voted in, after --voting-period; the lone vote rules", async () => {
    await ok(["identity", "create", "--out", "claimer.json"]);
    await ok(["registry", "claim", ...registry, "--identity", "claimer.json", "--evidence", "ipfs://c"], as(4));
    await ok(["registry", "vouch", ...registry, "--for", address(4)], as(1));
    await ok(["registry", "advance", ...registry, "--claimer", address(4), "--vouchers", address(1)], as(4));
    const challenged = await ok(["registry", "challenge", ...registry, "--request", "0", "--reason", "deceased"]);
    expect(challenged).toMatchObject({ requestId: "0", disputeId: "0" });
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--vote", "challenger"], as(2));
    const early = refusal(await pop(["registry", "rule", ...registry, "--dispute", "0", "--close"], dir, env));
    expect(early.code).toBe(1);
    expect(early.line).toMatch(/^pop: the contract refused: CommitteeArbitrator__VotingRunning\(0, \d+\)$/);
    await ok(["chain", "advance", "--seconds", String(PERIOD)]);
    expect(await ok(["registry", "rule", ...registry, "--dispute", "0", "--close"], as(5))).toMatchObject({
      disputeId: "0",
    });
    await ok(["chain", "advance", "--seconds", "3600"]);
    await ok(["registry", "rule", ...registry, "--dispute", "0", "--execute"]);
    const status = await ok(["registry", "status", ...registry, "--id", address(4)]);
    expect(status.state).toBe("none");
    expect((status.requests as { winner: string }[]).map((r) => r.winner)).toEqual(["challenger"]);
  });
});
