import { type Case, duplicateKey, edited, R, TWO_256 } from "./badInputHarness.js";
import { jsonFileCases, outputCases } from "./badInputKinds.js";
import { onchainVariantCases } from "./badInputOnchainVariants.js";

/**
 * The chain half's cases (run by badInputChain.test.ts against one anvil with the contracts, a
 * registry, issuer 1, the first credential's leaf and a signed vouch in its fixtures).
 */

export const REGISTRY = ["--registry", "registry.json"];
export const DEPLOYMENT = ["--deployment", "deployment.json"];
export const CLAIMER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const HUMANITY = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const registry = (verb: string, extra: string[]) => ["registry", verb, ...REGISTRY, ...extra];
const issuersAdd = (deployment: string) => [
  "issuers",
  "add",
  "--onchain",
  "--deployment",
  deployment,
  "--issuer",
  "issuer2.json",
];
const advance = (vouch: string) => registry("advance", ["--claimer", CLAIMER, "--signed", vouch]);
const BAD_NUMBERS = ["-1", "1.5", TWO_256.toString(), R.toString(), "0x10"];

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
  // options the registry commands refuse before sending anything
  ...BAD_NUMBERS.map(
    (n): Case => ({
      name: `registry fund --request ${n}`,
      args: registry("fund", ["--request", n, "--value", "1"]),
      code: 2,
      line: "pop: --request must be an integer from 0 to 9007199254740991",
    }),
  ),
  ...["-1", "1.5", "0.05ether", "eth", TWO_256.toString()].map(
    (v): Case => ({
      name: `registry fund --value ${v}`,
      args: registry("fund", ["--request", "0", "--value", v]),
      code: 2,
      line: 'pop: --value takes wei (an integer) or ether with an "eth" suffix (0.05eth)',
    }),
  ),
  ...["0x12", "0xZZ70997970C51812dc3A010C7d01b50e0d17dc7", "70997970C51812dc3A010C7d01b50e0d17dc79C8"].map(
    (a): Case => ({
      name: `registry vouch --for ${a}`,
      args: registry("vouch", ["--for", a]),
      code: 2,
      line: "pop: --for must be a 0x-prefixed 20-byte address",
    }),
  ),
  {
    name: "registry challenge --reason bogus",
    args: registry("challenge", ["--request", "0", "--reason", "bogus"]),
    code: 2,
    line: "pop: --reason is one of none, incorrect-submission, deceased, identity-theft, sybil-attack",
  },
  {
    name: "registry rule --vote maybe",
    args: registry("rule", ["--dispute", "0", "--vote", "maybe"]),
    code: 2,
    line: "pop: --vote is requester, challenger or refuse",
  },
  {
    name: "registry rule: --vote and --execute",
    args: registry("rule", ["--dispute", "0", "--vote", "requester", "--execute"]),
    code: 2,
    line: "pop: pass --vote requester|challenger|refuse or --execute",
  },
  {
    name: "registry appeal --side both",
    args: registry("appeal", ["--request", "0", "--challenge", "0", "--side", "both", "--value", "1"]),
    code: 2,
    line: "pop: --side is requester or challenger",
  },
  ...BAD_NUMBERS.map(
    (n): Case => ({
      name: `registry execute --request ${n}`,
      args: registry("execute", ["--request", n]),
      code: 2,
      line: "pop: --request must be an integer from 0 to 9007199254740991",
    }),
  ),
  {
    name: "registry status --id 0x12",
    args: registry("status", ["--id", "0x12"]),
    code: 2,
    line: 'pop: a Humanity ID is 20 bytes as 0x-hex (40 hex digits), not "0x12"',
  },
  {
    name: "registry vouchallenger --id 0x12",
    args: registry("vouchallenger", ["--id", "0x12"]),
    code: 2,
    line: 'pop: a Humanity ID is 20 bytes as 0x-hex (40 hex digits), not "0x12"',
  },
  {
    name: "registry seed --commitment r",
    args: registry(
      "seed",
      ["--id", HUMANITY, "--owner", CLAIMER, "--commitment", R.toString()].concat(["--nullifier-commitment", "1"]),
    ),
    code: 2,
    line: "pop: --commitment is not a canonical field element (>= the modulus)",
  },
  {
    name: "registry status --index /dev/zero",
    args: registry("status", ["--pending", "--index", "/dev/zero"]),
    code: 2,
    line: /^pop: (?!internal error).*\/dev\/zero/,
  },
  {
    name: "registry status --index a directory",
    args: registry("status", ["--pending", "--index", "d"]),
    code: 2,
    line: /^pop: (?!internal error).*\bd\b/,
    files: { d: { dir: true } },
  },
  // signed vouch files
  ...jsonFileCases("registry advance --signed", advance, "signed vouch file", "vouch.json"),
  {
    name: "registry advance: a vouch with signature twice",
    args: advance("t.json"),
    code: 2,
    line: 'pop: signed vouch file t.json has the key "signature" twice',
    files: { "t.json": duplicateKey("vouch.json", "signature", "0x12") },
  },
  {
    name: "registry advance: a vouch with a short signature",
    args: advance("t.json"),
    code: 2,
    line: "pop: signed vouch signature must be 65 bytes of hex",
    files: {
      "t.json": edited("vouch.json", (d) => {
        d.signature = "0x12";
      }),
    },
  },
  {
    name: "registry advance: a vouch for another chain",
    args: advance("t.json"),
    code: 2,
    line: /^pop: t\.json is a vouch for registry 0x[0-9a-fA-F]{40} on chain 1, not this registry$/,
    files: {
      "t.json": edited("vouch.json", (d) => {
        d.chainId = 1;
      }),
    },
  },
  {
    name: "registry advance: a vouch expiring at 2^256",
    args: advance("t.json"),
    code: 2,
    line: "pop: signed vouch expirationTimestamp must be decimal Unix seconds",
    files: {
      "t.json": edited("vouch.json", (d) => {
        d.expirationTimestamp = TWO_256.toString();
      }),
    },
  },
  {
    name: "registry credential --check a proof file",
    args: registry("credential", ["--check", "proof.json"]),
    code: 2,
    line: 'pop: credential has an unknown field "version"',
  },
  ...outputCases("registry vouch --sign", registry("vouch", ["--for", CLAIMER, "--sign"])),
  // on-chain variants of local commands
  ...onchainVariantCases,
  // refusals of the chain itself: exit 1, the error as JSON
  {
    name: "registry fund: a request that does not exist",
    args: registry("fund", ["--request", "99", "--value", "1"]),
    code: 1,
    line: "pop: the contract refused: HumanityRegistry__NoSuchRequest(99)",
  },
  {
    name: "registry execute: a request that does not exist",
    args: registry("execute", ["--request", "99"]),
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
    name: "registry deploy --issuer-id 1024",
    args: ["registry", "deploy", ...DEPLOYMENT, "--issuer-id", "1024", "--arbitrator", CLAIMER, "--out", "new.json"],
    code: 2,
    line: "pop: --issuer-id must be an integer from 0 to 1023",
  },
];
