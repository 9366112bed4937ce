import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainCases, DEPLOYMENT } from "./badInputChainCases.js";
import { makeFixtures } from "./badInputFixtures.js";
import { CAN_DROP_PRIVILEGES, type Case, type Fixtures, loadFixtures, runCases, suiteRoot } from "./badInputHarness.js";
import { CLAIMER, REGISTRY } from "./badInputRegistryOptions.js";
import { pop } from "./pop.js";

/**
 * The bad-input suite's chain half: one real anvil for the file, the contracts deployed with
 * `pop contracts deploy`, a curated registry with `pop registry deploy`, issuer 1 and the first
 * credential's leaf on chain, and one signed vouch. Each case reads a broken deployment,
 * registry or vouch file, passes an option the parser refuses, or meets a contract's refusal
 * (exit 1 with the error as JSON); no case changes a file.
 */

let chain: LocalChain;
let root: string;
let fixtures: Fixtures;

const withChain = (item: Case): Case => ({ ...item, env: { POP_RPC_URL: chain.rpcUrl, ...item.env } });

beforeAll(async () => {
  chain = await startAnvil();
  root = await suiteRoot("bad-input-chain");
  const dir = join(root, "fixtures");
  await makeFixtures(dir);
  const env = { POP_RPC_URL: chain.rpcUrl };
  const ok = async (args: string[]) => {
    const result = await pop(args, dir, env);
    if (result.code !== 0) throw new Error(`fixture: pop ${args.join(" ")} failed: ${result.stderr}`);
  };
  const jurors = ["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", CLAIMER];
  await ok(["contracts", "deploy", "--out", "deployment.json"]);
  await ok([
    "registry",
    "deploy",
    ...DEPLOYMENT,
    "--issuer-id",
    "5",
    "--jurors",
    jurors.join(","),
    "--out",
    "registry.json",
  ]);
  await ok(["issuers", "add", "--onchain", ...DEPLOYMENT, "--issuer", "issuer.json"]);
  await ok(["set", "add", "--onchain", ...DEPLOYMENT, "--credential", "cred.json"]);
  await ok(["registry", "vouch", ...REGISTRY, "--for", CLAIMER, "--sign", "--out", "vouch.json"]);
  fixtures = await loadFixtures(dir);
  expect(JSON.parse(await readFile(join(dir, "vouch.json"), "utf8")).type).toBe("pop-signed-vouch");
}, 240_000);

afterAll(async () => {
  await chain?.stop();
});

describe("pop under bad input, on a chain", () => {
  it("keeps the contract for deployment, registry and vouch files, registry options and chain refusals", async () => {
    const mine = chainCases.filter((item) => item.user !== "nobody").map(withChain);
    expect(await runCases(root, fixtures, mine)).toEqual([]);
  }, 300_000);

  it.skipIf(!CAN_DROP_PRIVILEGES)(
    "as an unprivileged user: unreadable deployment, registry and vouch files",
    async () => {
      const mine = chainCases.filter((item) => item.user === "nobody").map(withChain);
      expect(await runCases(root, fixtures, mine)).toEqual([]);
    },
    120_000,
  );
});
