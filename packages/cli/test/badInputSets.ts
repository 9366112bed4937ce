import { type Case, type Doc, duplicateKey, edited, R, TWO_256 } from "./badInputHarness.js";
import { jsonFileCases } from "./badInputKinds.js";

/**
 * Bad input to `pop set add` and `pop set root`: credential and humanity-set files that are
 * malformed, repeat a key or a leaf, hold out-of-range field elements or impossible dates, and
 * the refusals of a well-formed but unacceptable credential (exit 1 with the error as JSON).
 */

const SET_ADD = ["set", "add", "--set", "set.json", "--credential"];
const setAdd = (credential: string, issuers = "issuers.json") => [...SET_ADD, credential, "--issuers", issuers];
const credential = (change: (d: Doc) => unknown) => edited("cred.json", change);

export const setCases: Case[] = [
  // set add: the credential file
  ...jsonFileCases("set add --credential", (f) => setAdd(f), "credential file", "cred.json", { firstKey: "@context" }),
  {
    name: "set add: a key twice inside credentialSubject",
    args: setAdd("t.json"),
    code: 2,
    line: 'pop: credential file t.json has the key "country" twice (in credentialSubject)',
    files: { "t.json": duplicateKey("cred.json", "country", 840) },
  },
  {
    name: "set add: country as a string",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.credentialSubject.country must be an integer from 0 to 999",
    files: {
      "t.json": credential((d) => {
        d.credentialSubject.country = "756";
      }),
    },
  },
  {
    name: "set add: country 1000",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.credentialSubject.country must be an integer from 0 to 999",
    files: {
      "t.json": credential((d) => {
        d.credentialSubject.country = 1000;
      }),
    },
  },
  {
    name: "set add: a commitment of r",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.credentialSubject.commitment is not a canonical field element (>= the modulus)",
    files: {
      "t.json": credential((d) => {
        d.credentialSubject.commitment = R.toString();
      }),
    },
  },
  {
    name: "set add: a commitment of r + 1",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.credentialSubject.commitment is not a canonical field element (>= the modulus)",
    files: {
      "t.json": credential((d) => {
        d.credentialSubject.commitment = (R + 1n).toString();
      }),
    },
  },
  {
    name: "set add: a negative commitment",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.credentialSubject.commitment must be a decimal string",
    files: {
      "t.json": credential((d) => {
        d.credentialSubject.commitment = "-1";
      }),
    },
  },
  {
    name: "set add: a missing credentialSubject",
    args: setAdd("t.json"),
    code: 2,
    line: 'pop: credential is missing the field "credentialSubject"',
    files: {
      "t.json": credential((d) => {
        delete d.credentialSubject;
      }),
    },
  },
  {
    name: "set add: validUntil on 2099-02-30",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.validUntil is not a valid date",
    files: {
      "t.json": credential((d) => {
        d.validUntil = "2099-02-30T00:00:00Z";
      }),
    },
  },
  {
    name: "set add: validUntil at T24:00",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.validUntil is not a valid date",
    files: {
      "t.json": credential((d) => {
        d.validUntil = "2098-12-31T24:00:00Z";
      }),
    },
  },
  {
    name: "set add: validFrom second 60",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.validFrom is not a valid date",
    files: {
      "t.json": credential((d) => {
        d.validFrom = "2026-06-30T23:59:60Z";
      }),
    },
  },
  {
    name: "set add: an issuer name with a bidi override",
    args: setAdd("t.json"),
    code: 2,
    line: /^pop: credential\.issuer\.name must be 1 to 64 letters/,
    files: {
      "t.json": credential((d) => {
        d.issuer.name = "a\u202eb";
      }),
    },
  },
  {
    name: "set add: a signature S of r",
    args: setAdd("t.json"),
    code: 2,
    line: "pop: credential.proof.signature.S is not a canonical field element (>= the modulus)",
    files: {
      "t.json": credential((d) => {
        d.proof.signature.S = R.toString();
      }),
    },
  },
  {
    name: "set add: a tampered country",
    args: setAdd("t.json"),
    code: 1,
    line: "pop: the credential's issuer signature does not verify",
    files: {
      "t.json": credential((d) => {
        d.credentialSubject.country = 840;
      }),
    },
  },
  {
    name: "set add: a leaf already in the set",
    args: setAdd("cred.json"),
    code: 1,
    line: "pop: this leaf is already in the humanity set",
  },
  {
    name: "set add: an issuer not in the issuer set",
    args: setAdd("t.json", "t2.json"),
    code: 1,
    line: "pop: issuer 1 is not an active member of the issuer set",
    files: {
      "t.json": (f) => f.text["cred2.json"]!,
      "t2.json": edited("issuers.json", (d) => {
        d.issuers[0].status = "revoked";
      }),
    },
  },
  {
    name: "set add: a set file listing a leaf twice",
    args: ["set", "add", "--set", "t.json", "--credential", "cred2.json", "--issuers", "issuers.json"],
    code: 2,
    line: "pop: humanitySet.leaves[1] is already in the humanity set (as leaves[0])",
    files: {
      "t.json": edited("set.json", (d) => {
        d.leaves.push(d.leaves[0]);
      }),
    },
  },
  // set root
  ...jsonFileCases("set root --set", (f) => ["set", "root", "--set", f], "humanity-set file", "set.json"),
  {
    name: "set root: a leaf twice (exit 2, not a set error)",
    args: ["set", "root", "--set", "t.json"],
    code: 2,
    line: "pop: humanitySet.leaves[1] is already in the humanity set (as leaves[0])",
    files: {
      "t.json": edited("set.json", (d) => {
        d.leaves.push(d.leaves[0]);
      }),
    },
  },
  ...[
    [R.toString(), "is not a canonical field element (>= the modulus)"],
    [(R + 1n).toString(), "is not a canonical field element (>= the modulus)"],
    [TWO_256.toString(), "is not a canonical field element (>= the modulus)"],
    ["-1", "must be a decimal string"],
    ["0x1", "must be a decimal string"],
    ["007", "must be a decimal string"],
    [5, "must be a decimal string"],
    [null, "must be a decimal string"],
  ].map(
    ([leaf, message]): Case => ({
      name: `set root: a leaf ${JSON.stringify(leaf)}`,
      args: ["set", "root", "--set", "t.json"],
      code: 2,
      line: `pop: humanitySet.leaves[1] ${message}`,
      files: {
        "t.json": edited("set.json", (d) => {
          d.leaves.push(leaf);
        }),
      },
    }),
  ),
  {
    name: "set root: leaves given twice",
    args: ["set", "root", "--set", "t.json"],
    code: 2,
    line: 'pop: humanity-set file t.json has the key "leaves" twice',
    files: { "t.json": duplicateKey("set.json", "leaves", []) },
  },
  {
    name: "set root: leaves an object",
    args: ["set", "root", "--set", "t.json"],
    code: 2,
    line: "pop: humanitySet.leaves must be an array",
    files: {
      "t.json": edited("set.json", (d) => {
        d.leaves = { 0: "1" };
      }),
    },
  },
];
