import { type Case, duplicateKey, edited, R, TWO_256 } from "./badInputHarness.js";
import { jsonFileCases, outputCases } from "./badInputKinds.js";

/**
 * The chain half's registry cases (run by badInputChain.test.ts, inside chainCases): options
 * the registry commands refuse before sending anything, and the signed vouch files.
 */

export const REGISTRY = ["--registry", "registry.json"];
export const CLAIMER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const HUMANITY = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
/** A registry command's arguments, with the fixtures' registry file. */
export const registryArgs = (verb: string, extra: string[]) => ["registry", verb, ...REGISTRY, ...extra];
const advance = (vouch: string) => registryArgs("advance", ["--claimer", CLAIMER, "--signed", vouch]);
const BAD_NUMBERS = ["-1", "1.5", TWO_256.toString(), R.toString(), "0x10"];

export const registryOptionCases: Case[] = [
  // options the registry commands refuse before sending anything
  ...BAD_NUMBERS.map(
    (n): Case => ({
      name: `registry fund --request ${n}`,
      args: registryArgs("fund", ["--request", n, "--value", "1"]),
      code: 2,
      line: "pop: --request must be an integer from 0 to 9007199254740991",
    }),
  ),
  ...["-1", "1.5", "0.05ether", "eth", TWO_256.toString()].map(
    (v): Case => ({
      name: `registry fund --value ${v}`,
      args: registryArgs("fund", ["--request", "0", "--value", v]),
      code: 2,
      line: 'pop: --value takes wei (an integer) or ether with an "eth" suffix (0.05eth)',
    }),
  ),
  ...["0x12", "0xZZ70997970C51812dc3A010C7d01b50e0d17dc7", "70997970C51812dc3A010C7d01b50e0d17dc79C8"].map(
    (a): Case => ({
      name: `registry vouch --for ${a}`,
      args: registryArgs("vouch", ["--for", a]),
      code: 2,
      line: "pop: --for must be a 0x-prefixed 20-byte address",
    }),
  ),
  {
    name: "registry challenge --reason bogus",
    args: registryArgs("challenge", ["--request", "0", "--reason", "bogus"]),
    code: 2,
    line: "pop: --reason is one of none, incorrect-submission, identity-theft, sybil-attack, deceased",
  },
  {
    name: "registry rule --vote maybe",
    args: registryArgs("rule", ["--dispute", "0", "--vote", "maybe"]),
    code: 2,
    line: "pop: --vote is requester, challenger or refuse",
  },
  {
    name: "registry rule: --vote and --execute",
    args: registryArgs("rule", ["--dispute", "0", "--vote", "requester", "--execute"]),
    code: 2,
    line: "pop: pass one of --vote requester|challenger|refuse, --close or --execute",
  },
  {
    name: "registry rule: --close and --execute",
    args: registryArgs("rule", ["--dispute", "0", "--close", "--execute"]),
    code: 2,
    line: "pop: pass one of --vote requester|challenger|refuse, --close or --execute",
  },
  {
    name: "registry appeal --side both",
    args: registryArgs("appeal", ["--request", "0", "--challenge", "0", "--side", "both", "--value", "1"]),
    code: 2,
    line: "pop: --side is requester or challenger",
  },
  ...BAD_NUMBERS.map(
    (n): Case => ({
      name: `registry execute --request ${n}`,
      args: registryArgs("execute", ["--request", n]),
      code: 2,
      line: "pop: --request must be an integer from 0 to 9007199254740991",
    }),
  ),
  {
    name: "registry status --id 0x12",
    args: registryArgs("status", ["--id", "0x12"]),
    code: 2,
    line: 'pop: a Humanity ID is 20 bytes as 0x-hex (40 hex digits), not "0x12"',
  },
  {
    name: "registry vouchallenger --id 0x12",
    args: registryArgs("vouchallenger", ["--id", "0x12"]),
    code: 2,
    line: 'pop: a Humanity ID is 20 bytes as 0x-hex (40 hex digits), not "0x12"',
  },
  {
    name: "registry seed --commitment r",
    args: registryArgs("seed", [
      "--id",
      HUMANITY,
      "--owner",
      CLAIMER,
      "--commitment",
      R.toString(),
      "--nullifier-commitment",
      "1",
    ]),
    code: 2,
    line: "pop: --commitment is not a canonical field element (>= the modulus)",
  },
  {
    name: "registry status --index /dev/zero",
    args: registryArgs("status", ["--pending", "--index", "/dev/zero"]),
    code: 2,
    line: /^pop: (?!internal error).*\/dev\/zero/,
  },
  {
    name: "registry status --index a directory",
    args: registryArgs("status", ["--pending", "--index", "d"]),
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
    args: registryArgs("credential", ["--check", "proof.json"]),
    code: 2,
    line: 'pop: credential has an unknown field "version"',
  },
  ...outputCases("registry vouch --sign", registryArgs("vouch", ["--for", CLAIMER, "--sign"])),
];
