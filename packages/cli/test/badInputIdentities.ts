import { type Case, type Doc, duplicateKey, edited, R } from "./badInputHarness.js";
import { jsonFileCases, outputCases } from "./badInputKinds.js";

/**
 * Bad input to the commands that make identities (identity create, identity rotate) and to the
 * identity file every holder command reads (here as identity rotate and proof create read it):
 * malformed files, keys twice, non-canonical base64 keys, a version-1 file (one key, from
 * before the nullifier key), refused with parseIdentity's message and never upgraded, stored
 * commitments that do not match their keys, and an existing --out kept unless --force.
 */

/** The message that refuses a version-1 identity file (parseIdentity in @pop/protocol/identity). */
export const V1_IDENTITY_LINE =
  "pop: identity.version is 1: this file holds only an authenticator, from before pop identities had a " +
  "lifelong nullifier key; it cannot be upgraded (a new nullifier key would give new nullifiers " +
  "everywhere). Make a new identity with `pop identity create` and get its credentials issued anew";

/** id.json as a version-1 file would hold it: the authenticator's key and commitment only. */
export const v1Identity = edited("id.json", (d: Doc) => ({
  version: 1,
  type: d.type,
  privateKey: d.privateKey,
  commitment: d.commitment,
}));

const create = (identity: string) => [
  ...["proof", "create", "--credential", "cred.json", "--set", "set.json", "--issuers", "issuers.json"],
  ...["--identity", identity, "--scope", "s", "--message", "m", "--out", "new.json"],
];
const rotate = (identity: string, out = "new.json") => ["identity", "rotate", "--identity", identity, "--out", out];
const identityFile = (change: (d: Doc) => unknown) => ({ "t.json": edited("id.json", change) });

export const identityCases: Case[] = [
  // identity create
  ...outputCases("identity create", ["identity", "create"], { full: true }),
  // identity rotate: the identity file, then the output
  ...jsonFileCases("identity rotate --identity", (f) => rotate(f), "identity file", "id.json", { version: 2 }),
  {
    name: "identity rotate: a version-1 identity file",
    args: rotate("t.json"),
    code: 2,
    line: V1_IDENTITY_LINE,
    files: { "t.json": v1Identity },
  },
  {
    name: "identity rotate: no nullifierKey",
    args: rotate("t.json"),
    code: 2,
    line: 'pop: identity is missing the field "nullifierKey"',
    files: identityFile((d) => {
      delete d.nullifierKey;
    }),
  },
  {
    name: "identity rotate: a nullifierKey of 0",
    args: rotate("t.json"),
    code: 2,
    line: "pop: identity.nullifierKey must be a non-zero field element",
    files: identityFile((d) => {
      d.nullifierKey = "0";
    }),
  },
  {
    name: "identity rotate: a nullifierKey of r",
    args: rotate("t.json"),
    code: 2,
    line: "pop: identity.nullifierKey is not a canonical field element (>= the modulus)",
    files: identityFile((d) => {
      d.nullifierKey = R.toString();
    }),
  },
  {
    name: "identity rotate: another human's nullifierCommitment",
    args: rotate("t.json"),
    code: 2,
    line: "pop: identity.nullifierCommitment does not match identity.nullifierKey",
    files: {
      "t.json": (f) =>
        JSON.stringify({ ...f.json["id.json"], nullifierCommitment: f.json["id2.json"].nullifierCommitment }),
    },
  },
  {
    name: "identity rotate: --out the identity file itself, without --force",
    args: rotate("id.json", "id.json"),
    code: 2,
    line: "pop: id.json already exists (pass --force to replace it)",
  },
  ...outputCases("identity rotate", rotate("id.json").slice(0, -2)),
  // the identity file as proof create reads it (every holder command reads it the same way)
  ...jsonFileCases("proof create --identity", (f) => create(f), "identity file", "id.json", {
    specialFiles: true,
    version: 2,
  }),
  {
    name: "proof create: a version-1 identity file",
    args: create("t.json"),
    code: 2,
    line: V1_IDENTITY_LINE,
    files: { "t.json": v1Identity },
  },
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
];
