import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import { devAccounts } from "@pop/contracts/devAccounts";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POP } from "./pop.js";
import { type CommandBlock, jsonValues, readCommandBlocks } from "./readmeBlocks.js";

/**
 * The newcomer's path, as written: the README's sh blocks run in order in one bash process
 * (`set -euo pipefail`), in a fresh folder, on a fresh anvil, with `npx pop` resolving to this
 * repository's CLI. The block that starts a chain in a second terminal is replaced by the
 * test's own anvil, whose URL stands in for the README's http://127.0.0.1:8545; blocks marked
 * skip need a person (see readmeBlocks.ts).
 */

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const README_RPC = "http://127.0.0.1:8545";

type BlockRun = CommandBlock & { status: "passed" | "failed" | "not run"; stdout: string; stderr: string };

let blocks: CommandBlock[];
let runs: BlockRun[];
let chain: LocalChain;
/** Where the shell stood after the last block that ran (the README changes into a scratch folder). */
let cwd: string;

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** `npx <tool>` runs this repository's bin, never a download; `npx pop` is its CLI. */
const NPX = `npx() {
  case "$1" in
    pop) shift; node ${quote(POP)} "$@" ;;
    *)
      local bin=${quote(join(REPO, "node_modules/.bin/"))}"$1"
      if [ ! -x "$bin" ]; then echo "docs test: npx $1 is not installed in this repository" >&2; return 127; fi
      shift; "$bin" "$@" ;;
  esac
}`;

function bash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", script], { ...options, maxBuffer: 64 * 1024 * 1024 }, (error) =>
      resolve(error === null ? 0 : typeof error.code === "number" ? error.code : -1),
    );
  });
}

/**
 * The runnable blocks of a section, each asserted to have exited 0 (a failure shows the
 * block's line and its stderr).
 */
function passedIn(section: string, subsection?: string): BlockRun[] {
  const selected = runs.filter(
    (run) =>
      run.section === section && run.mark.kind === "run" && (subsection === undefined || run.subsection === subsection),
  );
  expect(selected.length, `runnable blocks under "${section}"`).toBeGreaterThan(0);
  for (const run of selected) {
    expect(run.status, `README line ${run.line} (${section}): ${run.stderr}`).toBe("passed");
  }
  return selected;
}

/** The JSON values printed by the block (of the runs) whose code contains `text`. */
function outputOf(selected: BlockRun[], text: string): Record<string, unknown>[] {
  const run = selected.find((candidate) => candidate.code.includes(text));
  if (run === undefined) throw new Error(`no block contains ${text}`);
  return jsonValues(run.stdout) as Record<string, unknown>[];
}

async function proofFile(name: string): Promise<{ decoded: { nullifier: string } }> {
  return JSON.parse(await readFile(join(cwd, name), "utf8"));
}

const accounts = () => devAccounts().map((account) => account.address);

describe("the README, run as written", () => {
  beforeAll(async () => {
    blocks = readCommandBlocks(await readFile(join(REPO, "README.md"), "utf8"));
    chain = await startAnvil();
    const root = await mkdtemp(join(tmpdir(), "pop-docs-"));
    const [work, out] = [join(root, "work"), join(root, "out")];
    await mkdir(work);
    await mkdir(out);
    const lines = ["set -euo pipefail", "shopt -s inherit_errexit", NPX];
    for (const block of blocks.filter((b) => b.mark.kind === "run")) {
      const file = join(out, `${block.index}.sh`);
      await writeFile(file, `${block.code.replaceAll(README_RPC, chain.rpcUrl)}\n`);
      const [stdout, stderr] = [`${block.index}.stdout`, `${block.index}.stderr`].map((name) => quote(join(out, name)));
      lines.push(`source ${quote(file)} >${stdout} 2>${stderr}`, `pwd >${quote(join(out, "cwd"))}`);
      lines.push(`echo ${block.index} >>${quote(join(out, "passed"))}`);
    }
    const { POP_PRIVATE_KEY: _, ...env } = process.env;
    await bash(lines.join("\n"), { cwd: work, env: { ...env, POP_RPC_URL: chain.rpcUrl } });
    const read = (name: string) => readFile(join(out, name), "utf8").catch(() => undefined);
    const passed = new Set(
      (await read("passed"))
        ?.split("\n")
        .filter((l) => l !== "")
        .map(Number),
    );
    cwd = (await read("cwd"))?.trim() ?? work;
    runs = [];
    for (const block of blocks) {
      const stdout = (await read(`${block.index}.stdout`)) ?? "";
      const stderr = (await read(`${block.index}.stderr`)) ?? "";
      // The shell creates a block's output files as it starts the block.
      const ran = existsSync(join(out, `${block.index}.stdout`));
      const status = passed.has(block.index) ? "passed" : ran ? "failed" : "not run";
      runs.push({ ...block, status, stdout, stderr });
    }
  }, 300_000);
  afterAll(() => chain?.stop());

  it("runs every block but the chain a reader starts in a second terminal and the install-and-test commands", () => {
    const chains = blocks.filter((block) => block.mark.kind === "chain");
    expect(chains.map((block) => block.code)).toEqual([expect.stringMatching(/^npx pop chain start --port 8545 /)]);
    // The walk-throughs run whole: only the install-and-test commands above them are skipped.
    expect(blocks.filter((b) => b.mark.kind === "skip").map((b) => [b.section, b.code.split("\n")[0]])).toEqual([
      ["", "npm ci && npx pop demo     # install, then run the whole flow on embedded defaults"],
    ]);
    for (const section of ["Walk-through", "On a chain", "The curated registry"]) {
      expect(blocks.filter((block) => block.section === section && block.mark.kind === "run").length).toBeGreaterThan(
        0,
      );
    }
  });

  it("names anvil's development accounts with their own keys", () => {
    const registry = blocks.find((block) => block.code.startsWith("ALICE="));
    const assignments = Object.fromEntries(
      [...(registry?.code ?? "").matchAll(/^([A-Z0-9_]+)=(0x[0-9a-fA-F]+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(assignments).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(assignments)) {
      if (name.endsWith("_KEY")) {
        const address = privateKeyToAddress(value as `0x${string}`);
        expect(accounts(), name).toContain(address);
        const named = assignments[name.slice(0, -4)];
        if (named !== undefined) expect(named, name).toBe(address);
      } else {
        expect(accounts(), name).toContain(value);
      }
    }
  });

  it("the walk-through: issuer, identity, credential, set, proof, and a verification", async () => {
    const walk = passedIn("Walk-through");
    const verified = outputOf(walk, "npx pop proof verify --proof proof.json").at(-1);
    expect(verified).toEqual({
      valid: true,
      nullifier: (await proofFile("proof.json")).decoded.nullifier,
      disclosed: { country: 756 },
      reason: "",
    });
    const snarkjs = walk.find((run) => run.code.includes("npx snarkjs groth16 verify"));
    expect(stripVTControlCharacters(snarkjs?.stdout ?? "")).toMatch(/^\[INFO\] {2}snarkJS: OK!$/m);
  });

  it("same human, same scope, same nullifier after authenticator rotation + set update; after rotation, a proof made with the old authenticator against the current root fails", async () => {
    const rotation = passedIn("Walk-through", "A new authenticator, the same nullifier");
    const outputs = outputOf(rotation, "npx pop identity rotate");
    const before = (await proofFile("proof.json")).decoded.nullifier;
    expect(outputs.find((value) => "oldLeaf" in value)).toMatchObject({ index: 0, size: 1 });
    expect((await proofFile("proof2.json")).decoded.nullifier).toBe(before);
    expect(outputs.find((value) => "valid" in value)).toEqual({
      valid: true,
      nullifier: before,
      disclosed: {},
      reason: "",
    });
    expect(outputs.at(-1)).toEqual({
      error: { name: "SetError", message: "the credential's leaf is not in the humanity set" },
    });
    expect(existsSync(join(cwd, "old.json"))).toBe(false);
  });

  it("on a chain: deploy, register the issuer, add the member, prove, verify on chain, mint", async () => {
    const onchain = passedIn("On a chain");
    const outputs = outputOf(onchain, "npx pop contracts deploy");
    expect(outputs.find((value) => "valid" in value)).toEqual({
      valid: true,
      nullifier: (await proofFile("onchain-proof.json")).decoded.nullifier,
      disclosed: {},
      reason: "",
    });
    expect(outputs.at(-1)).toMatchObject({ holder: accounts()[0], kind: "kyc" });
  });

  it("the curated registry: seed, claim, vouch, advance, time, execute, credential, proof verified on chain", async () => {
    const registry = passedIn("The curated registry", undefined).filter((run) => run.subsection === undefined);
    const [bob] = accounts().slice(2);
    const executed = outputOf(registry, "npx pop registry execute");
    expect(executed[0]).toEqual({ timestamp: expect.any(Number) });
    expect(executed[1]).toMatchObject({ requestId: "0", released: 1 });
    expect(executed[2]).toMatchObject({ state: "registered", owner: bob });
    // Bob's deposit back: PoH's base deposit 0.0475 ether plus the committee's 0.01 ether.
    expect(executed[3]).toMatchObject({ withdrawn: "57500000000000000" });
    const proved = outputOf(registry, "npx pop registry credential");
    expect(proved[1]).toEqual({ valid: true, humanityId: bob?.toLowerCase(), owner: bob, current: true });
    expect(proved.at(-1)).toEqual({
      valid: true,
      nullifier: (await proofFile("bob-proof.json")).decoded.nullifier,
      disclosed: { kind: "registry" },
      reason: "",
    });
  });

  it("a challenged claim: the jurors rule for the challenger and the claim is refused", () => {
    const challenged = passedIn("The curated registry", "A challenged claim: the jurors decide");
    const outputs = outputOf(challenged, "npx pop registry challenge");
    expect(outputs.find((value) => "state" in value)).toMatchObject({
      state: "none",
      requests: [expect.objectContaining({ kind: "claim", winner: "challenger" })],
    });
    expect(outputs.at(-1)).toMatchObject({ withdrawn: "57500000000000000" });
  });

  it("uniqueness: a second capture of the same synthetic iris matches", () => {
    const distance = outputOf(passedIn("Uniqueness"), "npx pop iris distance").at(-1);
    expect((distance as { distance: number }).distance).toBeGreaterThan(0);
    expect((distance as { distance: number }).distance).toBeLessThan(0.345);
  });

  it("every runnable block exits 0", () => {
    for (const run of runs.filter((candidate) => candidate.mark.kind === "run")) {
      expect(run.status, `README line ${run.line} (${run.section}): ${run.stderr}`).toBe("passed");
    }
  });

  it("evidence: the address-bound phrase, and an address on the sign with one character omitted", () => {
    const [phrase, sign] = outputOf(passedIn("Evidence checks"), "npx pop evidence phrase");
    expect((phrase as { words: string[] }).words).toHaveLength(15);
    expect(sign).toMatchObject({ ok: true, edit: "omitted" });
  });
});
