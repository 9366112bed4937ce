import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { DEV_KEYS, devAccounts } from "@pop/contracts/devAccounts";
import { createPublicClient, getContractAddress, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

/**
 * The adversary: whoever made the development setup (a single-contribution ptau and phase 2)
 * knows its toxic waste and can forge a proof for any nullifier. Its keys must not reach a
 * public chain by accident: `pop contracts deploy` refuses them on any chain but 31337.
 */
const SEPOLIA = 11155111;
const deployer = devAccounts()[0]!.address;
let sepolia: LocalChain;
let local: LocalChain;
let dir: string;

const nonceOn = (chain: LocalChain) =>
  createPublicClient({ transport: http(chain.rpcUrl) }).getTransactionCount({ address: deployer });
const deployOn = (chain: LocalChain, args: string[]) =>
  pop(["contracts", "deploy", ...args], dir, { POP_RPC_URL: chain.rpcUrl, POP_PRIVATE_KEY: DEV_KEYS[0]! });

beforeAll(async () => {
  [sepolia, local] = await Promise.all([startAnvil({ chainId: SEPOLIA }), startAnvil()]);
  dir = await mkdtemp(join(tmpdir(), "pop-ceremony-"));
});
afterAll(() => Promise.all([sepolia?.stop(), local?.stop()]));

describe("pop contracts deploy and the development trusted setup", () => {
  it("refuses the development keys on chain 11155111 without --allow-dev-setup, before deploying anything", async () => {
    const run = await deployOn(sepolia, ["--out", "sepolia.json"]);
    expect(refusal(run)).toEqual({
      code: 2,
      line:
        "pop: refusing to deploy verifier keys from a development trusted setup (pot16_dev.ptau) on chain " +
        "11155111: whoever made the setup can forge proofs; pass --allow-dev-setup to deploy them anyway, or " +
        "rebuild the keys from a ceremony (docs/circuits.md#trusted-setup)",
    });
    expect(await nonceOn(sepolia)).toBe(0);
    expect(existsSync(join(dir, "sepolia.json"))).toBe(false);
  });

  it("deploys them there with --allow-dev-setup", async () => {
    const run = await deployOn(sepolia, ["--allow-dev-setup", "--out", "sepolia.json"]);
    expect(run.code).toBe(0);
    expect(run.json.chainId).toBe(SEPOLIA);
    // The first contract took the deployer's first nonce: the refused run sent nothing.
    expect(run.json.poseidonT3).toBe(getContractAddress({ from: deployer, nonce: 0n }).toLowerCase());
    expect(existsSync(join(dir, "sepolia.json"))).toBe(true);
  });

  it("deploys them on a local development chain (31337) without the flag, as before", async () => {
    const run = await deployOn(local, ["--out", "local.json"]);
    expect(run.code).toBe(0);
    expect(run.json.chainId).toBe(31337);
    expect(run.json.poseidonT3).toBe(getContractAddress({ from: deployer, nonce: 0n }).toLowerCase());
  });
});
