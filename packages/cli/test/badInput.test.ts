import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GROUPS, load } from "../src/commandList.js";
import { chainCases } from "./badInputChainCases.js";
import { evidenceCases } from "./badInputEvidence.js";
import { makeFixtures } from "./badInputFixtures.js";
import { genericCases } from "./badInputGeneric.js";
import {
  CAN_DROP_PRIVILEGES,
  type Case,
  type Fixtures,
  loadFixtures,
  run,
  runCases,
  suiteRoot,
} from "./badInputHarness.js";
import { identityCases } from "./badInputIdentities.js";
import { irisCases } from "./badInputIris.js";
import { issuerCases } from "./badInputIssuers.js";
import { proofCases } from "./badInputProofs.js";
import { setCases } from "./badInputSets.js";
import { setUpdateCases } from "./badInputSetUpdates.js";
import { uniquenessEntryCases } from "./badInputUniqueness.js";
import { POP, pop } from "./pop.js";

/**
 * The committed bad-input suite (issue 13, item 7): every command under malformed input keeps
 * the CLI contract (see badInputHarness.ts). Cases run four at a time, each in its own copy of
 * the fixtures; the cases that need a chain are in badInputChain.test.ts.
 */

const commands = await Promise.all(GROUPS.flatMap((group) => group.commands).map(load));
const generic = genericCases(commands);
const all = [
  ...identityCases,
  ...issuerCases,
  ...setCases,
  ...setUpdateCases,
  ...proofCases,
  ...irisCases,
  ...uniquenessEntryCases,
  ...evidenceCases,
  ...generic,
];
const privileged = all.filter((item) => item.user !== "nobody");
const unprivileged = all.filter((item) => item.user === "nobody");

let root: string;
let fixtures: Fixtures;

beforeAll(async () => {
  root = await suiteRoot("bad-input");
  await makeFixtures(join(root, "fixtures"));
  fixtures = await loadFixtures(join(root, "fixtures"));
}, 120_000);

describe("pop under bad input", () => {
  it("has at least 300 cases, every case named once", () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((item) => item.name)).size).toBe(all.length);
    expect(new Set([...all, ...chainCases].map((item) => item.name)).size).toBe(all.length + chainCases.length);
  });

  it.each([
    ["identities: create, rotate, and the identity file", identityCases],
    ["issuer, issuer-set and credential issuing", issuerCases],
    ["credentials and humanity sets", setCases],
    ["set update: a leaf and its successor", setUpdateCases],
    ["proofs", proofCases],
    ["iris codes and uniqueness", irisCases],
    ["uniqueness: enroll's commitment, delete's reason or consent, the consent file", uniquenessEntryCases],
    ["evidence and local chain commands", evidenceCases],
    ["every command's options, from its own spec", generic],
  ])(
    "%s: exit code, one stderr line, JSON on stdout for exit 1, no file changed",
    async (_, cases) => {
      const mine = cases.filter((item) => privileged.includes(item));
      expect(await runCases(root, fixtures, mine)).toEqual([]);
    },
    300_000,
  );

  it.skipIf(!CAN_DROP_PRIVILEGES)(
    "as an unprivileged user: unreadable files, unwritable folders",
    async () => {
      // Root reads and writes any file: these cases run as nobody (setpriv), as root may.
      expect(await runCases(root, fixtures, unprivileged)).toEqual([]);
    },
    300_000,
  );

  it("pop alone, an unknown command: one stderr line, exit 2, nothing on stdout", async () => {
    const cases: Case[] = [
      { name: "no command", args: [], code: 2, line: "pop: no command given (see pop --help)" },
      {
        name: "unknown command",
        args: ["teleport"],
        code: 2,
        line: 'pop: unknown command "teleport" (see pop --help)',
      },
      {
        name: "unknown second word",
        args: ["proof", "sign"],
        code: 2,
        line: 'pop: unknown command "proof sign" (see pop --help)',
      },
      {
        name: "help for an unknown command",
        args: ["help", "nope"],
        code: 2,
        line: 'pop: unknown command "nope" (see pop --help)',
      },
      {
        name: "a control character",
        args: ["te\u001bst"],
        code: 2,
        line: 'pop: unknown command "te\\u001bst" (see pop --help)',
      },
    ];
    expect(await runCases(root, fixtures, cases)).toEqual([]);
  }, 60_000);

  it("pop --help prints every command's usage on stdout, exit 0", async () => {
    const help = await pop(["--help"], root);
    expect([help.code, help.stderr]).toEqual([0, ""]);
    for (const command of commands) {
      expect(help.stdout).toContain(command.usage.replace(/^/gm, "  "));
    }
  });

  it("pop <command> --help prints that command's usage on stdout, exit 0, for every command", async () => {
    const names = [...new Set(commands.map((command) => command.name.replace(" --onchain", "")))];
    const failures: string[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (worker) => {
        for (const name of names.filter((_, i) => i % 4 === worker)) {
          const result = await run(process.execPath, [POP, ...name.split(" "), "--help"], { cwd: root });
          const usages = commands.filter((c) => c.name.replace(" --onchain", "") === name).map((c) => c.usage);
          if (result.code !== 0 || result.stderr !== "" || result.stdout !== `${usages.join("\n\n")}\n`) {
            failures.push(`pop ${name} --help: exit ${result.code}, stderr ${result.stderr}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
