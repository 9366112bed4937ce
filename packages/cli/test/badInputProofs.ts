import { type Case, duplicateKey, edited, R, TWO_256 } from "./badInputHarness.js";
import { jsonFileCases, outputCases } from "./badInputKinds.js";

/**
 * Bad input to `pop proof create`, `verify` and `vkey`: identity and proof files (malformed,
 * keys twice, non-canonical base64 keys, signals of r, r + 1, 2^256 and a time of 2^250), bad
 * dates and options, and negative answers (exit 1 with the answer).
 */

const CREATE = ["proof", "create", "--credential", "cred.json", "--set", "set.json", "--issuers", "issuers.json"];
const create = (identity: string, extra: string[] = []) => [
  ...CREATE,
  "--identity",
  identity,
  "--scope",
  "s",
  "--message",
  "m",
  ...(extra.includes("--out") ? [] : ["--out", "new.json"]),
  ...extra,
];
const VERIFY = ["proof", "verify", "--set", "set.json", "--issuers", "issuers.json", "--scope", "s", "--proof"];
const verify = (proof: string, extra: string[] = []) => [...VERIFY, proof, ...extra];
const signal = (index: number, value: bigint | string) =>
  edited("proof.json", (d) => {
    d.publicSignals[index] = value.toString();
    delete d.decoded;
  });

export const proofCases: Case[] = [
  // proof create: the identity file and options, all before proving
  ...jsonFileCases("proof create --identity", (f) => create(f), "identity file", "id.json", { specialFiles: true }),
  {
    name: "proof create: an identity key AAAAA",
    args: create("t.json"),
    code: 2,
    line: "pop: identity.privateKey must be base64",
    files: {
      "t.json": edited("id.json", (d) => {
        d.privateKey = "AAAAA";
      }),
    },
  },
  {
    name: "proof create: an identity key of 31 bytes",
    args: create("t.json"),
    code: 2,
    line: "pop: identity.privateKey must be 32 bytes in base64",
    files: {
      "t.json": edited("id.json", (d) => {
        d.privateKey = Buffer.alloc(31, 7).toString("base64");
      }),
    },
  },
  {
    name: "proof create: an identity key with whitespace",
    args: create("t.json"),
    code: 2,
    line: "pop: identity.privateKey must be base64",
    files: {
      "t.json": edited("id.json", (d) => {
        d.privateKey = ` ${d.privateKey}`;
      }),
    },
  },
  {
    name: "proof create: a commitment that does not match",
    args: create("t.json"),
    code: 2,
    line: "pop: identity.commitment does not match identity.privateKey",
    files: { "t.json": (f) => JSON.stringify({ ...f.json["id.json"], commitment: f.json["id2.json"].commitment }) },
  },
  {
    name: "proof create: privateKey given twice",
    args: create("t.json"),
    code: 2,
    line: 'pop: identity file t.json has the key "privateKey" twice',
    files: { "t.json": duplicateKey("id.json", "privateKey", "AAAA") },
  },
  {
    name: "proof create: a credential of another identity",
    args: create("id2.json"),
    code: 1,
    line: "pop: the credential was issued to another identity commitment",
  },
  ...["2027-02-31T00:00:00Z", "2027-01-31T24:00:00Z", "2027-01-31T12:00:00+24:00", "0000-01-01"].map(
    (at): Case => ({
      name: `proof create --at ${at}`,
      args: create("id.json", ["--at", at]),
      code: 2,
      line: "pop: --at is not a valid date",
    }),
  ),
  {
    name: "proof create --disclose name",
    args: create("id.json", ["--disclose", "name"]),
    code: 2,
    line: 'pop: --disclose takes a comma-separated list of country, kind (not "name")',
  },
  {
    name: "proof create --disclose country,country",
    args: create("id.json", ["--disclose", "country,country"]),
    code: 2,
    line: "pop: --disclose names country twice",
  },
  {
    name: "proof create --scope twice",
    args: create("id.json", ["--scope", "t"]),
    code: 2,
    line: "pop: option --scope given twice",
  },
  ...outputCases("proof create", create("id.json", ["--out", "x"]).slice(0, -2)),
  // proof verify
  ...jsonFileCases("proof verify --proof", (f) => verify(f), "proof file", "proof.json"),
  {
    name: "proof verify: a time signal of 2^250",
    args: verify("t.json"),
    code: 1,
    stdout: "answer",
    line: `pop: the proof's time signal ${2n ** 250n} is past the largest time (2^40 - 1 seconds)`,
    files: { "t.json": signal(6, 2n ** 250n) },
  },
  {
    name: "proof verify: a time signal of 2^40",
    args: verify("t.json"),
    code: 1,
    stdout: "answer",
    line: `pop: the proof's time signal ${2n ** 40n} is past the largest time (2^40 - 1 seconds)`,
    files: { "t.json": signal(6, 2n ** 40n) },
  },
  {
    name: "proof verify: a nullifier of r",
    args: verify("t.json"),
    code: 1,
    stdout: "answer",
    line: "pop: public signal nullifier is not a canonical field element (>= the BN254 scalar field modulus)",
    files: { "t.json": signal(2, R) },
  },
  {
    name: "proof verify: a merkle root of r + 1",
    args: verify("t.json"),
    code: 1,
    stdout: "answer",
    line: "pop: public signal merkleRoot is not a canonical field element (>= the BN254 scalar field modulus)",
    files: { "t.json": signal(0, R + 1n) },
  },
  {
    name: "proof verify: a scope of 2^256",
    args: verify("t.json"),
    code: 1,
    stdout: "answer",
    line: "pop: public signal scope is not a canonical field element (>= the BN254 scalar field modulus)",
    files: { "t.json": signal(4, TWO_256) },
  },
  {
    name: "proof verify: a negative signal",
    args: verify("t.json"),
    code: 2,
    line: "pop: publicSignals[6] (time) must be a decimal string",
    files: { "t.json": signal(6, "-1") },
  },
  {
    name: "proof verify: six public signals",
    args: verify("t.json"),
    code: 2,
    line: "pop: publicSignals must have 7 items, not 6",
    files: {
      "t.json": edited("proof.json", (d) => {
        d.publicSignals.pop();
      }),
    },
  },
  {
    name: "proof verify: a coordinate of q",
    args: verify("t.json"),
    code: 2,
    line: "pop: proof.proof.pi_a[0] is not a canonical base-field element",
    files: {
      "t.json": edited("proof.json", (d) => {
        d.proof.pi_a[0] = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
      }),
    },
  },
  {
    name: "proof verify: maxDepth 33",
    args: verify("t.json"),
    code: 2,
    line: "pop: proof.maxDepth must be an integer from 1 to 32",
    files: {
      "t.json": edited("proof.json", (d) => {
        d.maxDepth = 33;
      }),
    },
  },
  {
    name: "proof verify: maxDepth 21 (no such build)",
    args: verify("t.json"),
    code: 1,
    stdout: "answer",
    line: "pop: no verification key for a circuit of depth 21",
    files: {
      "t.json": edited("proof.json", (d) => {
        d.maxDepth = 21;
      }),
    },
  },
  {
    name: "proof verify: a key twice in decoded",
    args: verify("t.json"),
    code: 2,
    line: 'pop: proof file t.json has the key "scope" twice (in decoded)',
    files: { "t.json": duplicateKey("proof.json", "scope", "other") },
  },
  {
    name: "proof verify: an unknown field in decoded",
    args: verify("t.json"),
    code: 2,
    line: 'pop: proof.decoded has an unknown field "extra"',
    files: {
      "t.json": edited("proof.json", (d) => {
        d.decoded.extra = 1;
      }),
    },
  },
  {
    name: "proof verify: a wrong scope",
    args: verify("proof.json").map((a) => (a === "s" ? "other" : a)),
    code: 1,
    stdout: "answer",
    line: "pop: the proof is for another scope",
  },
  ...["2027-02-31T00:00:00Z", "2027-01-31T23:60:00Z"].map(
    (at): Case => ({
      name: `proof verify --at ${at}`,
      args: verify("proof.json", ["--at", at]),
      code: 2,
      line: "pop: --at is not a valid date",
    }),
  ),
  ...["-1", TWO_256.toString(), "1.5"].map(
    (age): Case => ({
      name: `proof verify --max-age ${age}`,
      args: verify("proof.json", ["--max-age", age]),
      code: 2,
      line: "pop: --max-age must be an integer from 0 to 1099511627776",
    }),
  ),
  // proof vkey
  {
    name: "proof vkey --depth 21",
    args: ["proof", "vkey", "--depth", "21"],
    code: 2,
    line: "pop: --depth must be one of 20, 32",
  },
  ...["0", "-1", TWO_256.toString()].map(
    (depth): Case => ({
      name: `proof vkey --depth ${depth}`,
      args: ["proof", "vkey", "--depth", depth],
      code: 2,
      line: "pop: --depth must be an integer from 1 to 32",
    }),
  ),
];
