import { type Case, duplicateKey, edited, TWO_256 } from "./badInputHarness.js";
import { jsonFileCases } from "./badInputKinds.js";
import { onchainVariantCases } from "./badInputOnchainVariants.js";
import { CLAIMER, REGISTRY, registryArgs, registryOptionCases } from "./badInputRegistryOptions.js";

/**
 * The chain half's cases (run by badInputChain.test.ts against one anvil with the contracts, a
 * registry, issuer 1, the first credential's leaf and a signed vouch in its fixtures).
 */

export const DEPLOYMENT = ["--deployment", "deployment.json"];
const issuersAdd = (deployment: string) => [
  "issuers",
  "add",
  "--onchain",
  "--deployment",
  deployment,
  "--issuer",
  "issuer2.json",
];

export const chainCases: Case[] = [
  // the deployment and registry files
  ...jsonFileCases("issuers add --onchain --deployment", issuersAdd, "deployment file", "deployment.json", {
    specialFiles: true,
    version: 2,
  }),
  ...jsonFileCases(
    "registry fund --registry",
    (f) => ["registry", "fund", "--registry", f, "--request", "0", "--value", "1"],
    "registry file",
    "registry.json",
    { version: 2 },
  ),
  {
    name: "deployment: a version-1 file (protocol v1 contracts)",
    args: issuersAdd("t.json"),
    code: 2,
    line: "pop: deployment.version is 1: the file names protocol v1 contracts, which this pop cannot use (their leaves have no nullifier commitment); deploy anew",
    files: {
      "t.json": edited("deployment.json", (d) => {
        d.version = 1;
      }),
    },
  },
  {
    name: "deployment: chainId given twice",
    args: issuersAdd("t.json"),
    code: 2,
    line: 'pop: deployment file t.json has the key "chainId" twice',
    files: { "t.json": duplicateKey("deployment.json", "chainId", 1) },
  },
  {
    name: "deployment: another chain's file",
    args: issuersAdd("t.json"),
    code: 2,
    line: "pop: the deployment is on chain 1, the RPC serves chain 31337",
    files: {
      "t.json": edited("deployment.json", (d) => {
        d.chainId = 1;
      }),
    },
  },
  {
    name: "deployment: a malformed address",
    args: issuersAdd("t.json"),
    code: 2,
    line: "pop: deployment.humanitySet is malformed",
    files: {
      "t.json": edited("deployment.json", (d) => {
        d.humanitySet = "0x12";
      }),
    },
  },
  {
    name: "deployment: fromBlock -1",
    args: issuersAdd("t.json"),
    code: 2,
    line: "pop: deployment.fromBlock is malformed",
    files: {
      "t.json": edited("deployment.json", (d) => {
        d.fromBlock = "-1";
      }),
    },
  },
  {
    name: "registry: registry given twice",
    args: ["registry", "fund", "--registry", "t.json", "--request", "0", "--value", "1"],
    code: 2,
    line: 'pop: registry file t.json has the key "registry" twice',
    files: { "t.json": duplicateKey("registry.json", "registry", `0x${"12".repeat(20)}`) },
  },
  {
    name: "registry: issuerId 1024",
    args: ["registry", "fund", "--registry", "t.json", "--request", "0", "--value", "1"],
    code: 2,
    line: "pop: registry.issuerId must be an integer from 0 to 1023",
    files: {
      "t.json": edited("registry.json", (d) => {
        d.issuerId = 1024;
      }),
    },
  },
  ...registryOptionCases,
  // on-chain variants of local commands
  ...onchainVariantCases,
  // refusals of the chain itself: exit 1, the error as JSON
  {
    name: "registry fund: a request that does not exist",
    args: registryArgs("fund", ["--request", "99", "--value", "1"]),
    code: 1,
    line: "pop: the contract refused: HumanityRegistry__NoSuchRequest(99)",
  },
  {
    name: "registry execute: a request that does not exist",
    args: registryArgs("execute", ["--request", "99"]),
    code: 1,
    line: "pop: the contract refused: HumanityRegistry__NoSuchRequest(99)",
  },
  {
    name: "chain advance --seconds 2^256",
    args: ["chain", "advance", "--seconds", TWO_256.toString()],
    code: 2,
    line: "pop: --seconds must be an integer from 1 to 315360000",
  },
  {
    // The RPC URL is the user's input: a URL nothing answers at is refused like a missing file.
    name: "an unreachable RPC is bad input",
    args: ["registry", "fund", ...REGISTRY, "--request", "0", "--value", "1", "--rpc", "http://127.0.0.1:9"],
    code: 2,
    line: "pop: cannot reach an Ethereum RPC at http://127.0.0.1:9",
  },
  // contracts deploy, before deploying
  {
    name: "contracts deploy --root-validity -1",
    args: ["contracts", "deploy", "--out", "new.json", "--root-validity", "-1"],
    code: 2,
    line: "pop: --root-validity must be an integer from 0 to 315360000",
  },
  {
    name: "contracts deploy: an existing --out, before deploying",
    args: ["contracts", "deploy", "--out", "deployment.json"],
    code: 2,
    line: "pop: deployment.json already exists (pass --force to replace it)",
  },
  {
    name: "registry deploy: a juror address with a bad checksum, before deploying",
    args: [
      "registry",
      "deploy",
      ...DEPLOYMENT,
      "--issuer-id",
      "5",
      "--jurors",
      `0x90F79bf6EB2c4f870365E51E1d78a1B8e1D8D25D,${CLAIMER},${CLAIMER}`,
      "--out",
      "new.json",
    ],
    code: 2,
    line: /^pop: --jurors /,
  },
  {
    name: "registry deploy --voting-period 0, before deploying",
    args: [
      "registry",
      "deploy",
      ...DEPLOYMENT,
      "--issuer-id",
      "5",
      "--jurors",
      CLAIMER,
      "--voting-period",
      "0",
      "--out",
      "new.json",
    ],
    code: 2,
    line: "pop: --voting-period must be an integer from 1 to 315360000",
  },
  {
    name: "registry deploy --issuer-id 1024",
    args: ["registry", "deploy", ...DEPLOYMENT, "--issuer-id", "1024", "--arbitrator", CLAIMER, "--out", "new.json"],
    code: 2,
    line: "pop: --issuer-id must be an integer from 0 to 1023",
  },
];
