import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../scripts/solidity.js";
import { PARTIES, Party, REASONS, Reason, STATUSES, Status } from "../src/generated/enums.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const CONTRACT_MODULES = [
  "appealRounds",
  "challenges",
  "committeeArbitrator",
  "humanityGateway",
  "humanityRegistry",
  "humanitySet",
  "issuerRegistry",
  "localBridge",
  "personhoodToken",
  "personhoodVerifier",
  "poseidonT3",
  "poseidonT4",
  "poseidonT5",
  "vouching",
];

describe("compiled contracts", () => {
  it("the committed generated files match the Solidity sources and verification keys, and nothing else is there", async () => {
    const files = await compile();
    expect(
      Object.keys(files)
        .map((path) => relative(root, path))
        .sort(),
    ).toEqual(
      [
        "contracts/generated/PersonhoodGroth16Verifier20.sol",
        "contracts/generated/PersonhoodGroth16Verifier32.sol",
        "src/generated/enums.ts",
        ...CONTRACT_MODULES.map((name) => `src/generated/${name}.ts`),
        "test/generated/actionConsumer.ts",
        "test/generated/pohConsumer.ts",
        "test/generated/rulingRecorder.ts",
      ].sort(),
    );
    for (const [path, text] of Object.entries(files)) {
      expect(await readFile(path, "utf8")).toBe(text);
    }
    for (const folder of ["src/generated", "test/generated"]) {
      const generated = Object.keys(files)
        .filter((path) => dirname(path) === join(root, folder))
        .map((path) => basename(path));
      expect((await readdir(join(root, folder))).sort()).toEqual(generated.sort());
    }
  });

  it("exports one module per contract and the enums, never a test contract's", async () => {
    const { exports } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
      exports: Record<string, { types: string; default: string }>;
    };
    const generated = Object.keys(exports).filter((path) => path.startsWith("./generated/"));
    expect(generated.sort()).toEqual(["enums", ...CONTRACT_MODULES].map((name) => `./generated/${name}`).sort());
    for (const path of generated) {
      expect(exports[path]).toEqual({ types: `./dist/${path.slice(2)}.d.ts`, default: `./dist/${path.slice(2)}.js` });
    }
  });

  it("generates the Solidity enums: names in on-chain order and each name's value", () => {
    expect(STATUSES).toEqual(["none", "vouching", "resolving", "disputed", "resolved", "withdrawn"]);
    expect(Status).toEqual({ None: 0, Vouching: 1, Resolving: 2, Disputed: 3, Resolved: 4, Withdrawn: 5 });
    // PoH v2's order, so its values are PoH v2's Reason values.
    expect(REASONS).toEqual(["none", "incorrect-submission", "identity-theft", "sybil-attack", "deceased"]);
    expect(Reason).toEqual({ None: 0, IncorrectSubmission: 1, IdentityTheft: 2, SybilAttack: 3, Deceased: 4 });
    expect(Reason.SybilAttack).toBe(REASONS.indexOf("sybil-attack"));
    expect(PARTIES).toEqual(["none", "requester", "challenger"]);
    expect(Party).toEqual({ None: 0, Requester: 1, Challenger: 2 });
  });
});
