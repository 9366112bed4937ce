import { type Case, duplicateKey, edited, R, TWO_256 } from "./badInputHarness.js";
import { jsonFileCases, outputCases } from "./badInputKinds.js";

/**
 * Bad input to `pop proof create`, `verify` and `vkey`: an identity that does not hold the
 * credential's commitments, proof files (malformed, keys twice, version 1, signals of r, r + 1,
 * 2^256, a disclosure with bits above its 56-bit layout, the wrong number of signals), bad dates
 * and options, and negative answers (exit 1 with the answer). The identity file's own cases
 * (as proof create reads it) are in badInputIdentities.ts.
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
  // proof create: the identity and the credential disagree (the identity file: badInputIdentities.ts)
  {
    name: "proof create: the rotated identity with the credential of the old authenticator",
    args: create("id.rotated.json"),
    code: 1,
    line: "pop: the credential was issued to another authenticator commitment (after a rotation, use the credential issued for the new one)",
  },
  {
    name: "proof create: a credential of another human's N",
    args: create("t.json"),
    code: 1,
    line: "pop: the credential was issued to another nullifier commitment: another human's keys",
    files: {
      "t.json": (f) =>
        JSON.stringify({
          ...f.json["id2.json"],
          privateKey: f.json["id.json"].privateKey,
          commitment: f.json["id.json"].commitment,
        }),
    },
  },
  {
    name: "proof create: a credential of another identity",
    args: create("id2.json"),
    code: 1,
    line: "pop: the credential was issued to another authenticator commitment (after a rotation, use the credential issued for the new one)",
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
  ...jsonFileCases("proof verify --proof", (f) => verify(f), "proof file", "proof.json", { version: 2 }),
  {
    name: "proof verify: a version-1 proof file",
    args: verify("t.json"),
    code: 2,
    line: "pop: proof.version must be 2",
    files: {
      "t.json": edited("proof.json", (d) => {
        d.version = 1;
      }),
    },
  },
  ...[2n ** 56n, 2n ** 250n].map(
    (bit): Case => ({
      name: `proof verify: a disclosure signal with bit ${bit === 2n ** 56n ? 56 : 250} set (time past 2^40)`,
      args: verify("t.json"),
      code: 1,
      stdout: "answer",
      line: "pop: the disclosure signal is malformed: disclosure has bits outside its 56-bit layout",
      files: { "t.json": (f) => signal(3, BigInt(f.json["proof.json"].publicSignals[3]) | bit)(f) },
    }),
  ),
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
    line: "pop: publicSignals[3] (disclosure) must be a decimal string",
    files: { "t.json": signal(3, "-1") },
  },
  {
    name: "proof verify: five public signals",
    args: verify("t.json"),
    code: 2,
    line: "pop: publicSignals must have 6 items, not 5",
    files: {
      "t.json": edited("proof.json", (d) => {
        d.publicSignals.pop();
      }),
    },
  },
  {
    name: "proof verify: seven public signals (version 1's time signal)",
    args: verify("t.json"),
    code: 2,
    line: "pop: publicSignals must have 6 items, not 7",
    files: {
      "t.json": edited("proof.json", (d) => {
        d.publicSignals.push("1");
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
