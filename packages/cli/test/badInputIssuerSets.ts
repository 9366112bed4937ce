import { type Case, duplicateKey, edited, TWO_256 } from "./badInputHarness.js";
import { jsonFileCases } from "./badInputKinds.js";

/** What a name in an issuer or issuer-set file must be, as the messages say it. */
export const NAME_RULE =
  "must be 1 to 64 letters, digits, spaces, dots, underscores or dashes (no control or bidi characters)";

/**
 * Bad input in issuer-set files (issuers add, root and revoke): malformed JSON, duplicate keys,
 * wrong types, unknown and missing fields, names with control or bidi characters, bad kinds and
 * keys, and special files.
 */
export const issuerSetCases: Case[] = [
  ...jsonFileCases(
    "issuers root --issuers",
    (f) => ["issuers", "root", "--issuers", f],
    "issuer-set file",
    "issuers.json",
    { version: 2 },
  ),
  ...["KYC\u0007", "pay\u202eevil", "a\u2066b", "line\nbreak", "", "x".repeat(65)].map(
    (name): Case => ({
      name: `issuers root: a set name ${JSON.stringify(name)}`,
      args: ["issuers", "root", "--issuers", "t.json"],
      code: 2,
      line: `pop: issuerSet.issuers[0].name ${NAME_RULE}`,
      files: {
        "t.json": edited("issuers.json", (d) => {
          d.issuers[0].name = name;
        }),
      },
    }),
  ),
  {
    name: "issuers root: a key twice in a set entry",
    args: ["issuers", "root", "--issuers", "t.json"],
    code: 2,
    line: 'pop: issuer-set file t.json has the key "status" twice (in issuers[0])',
    files: { "t.json": duplicateKey("issuers.json", "status", "revoked") },
  },
  {
    name: "issuers root: an issuer listed twice",
    args: ["issuers", "root", "--issuers", "t.json"],
    code: 2,
    line: "pop: issuer set lists issuer 1 twice",
    files: {
      "t.json": edited("issuers.json", (d) => {
        d.issuers.push(d.issuers[0]);
      }),
    },
  },
  {
    name: "issuers root: an unknown status",
    args: ["issuers", "root", "--issuers", "t.json"],
    code: 2,
    line: 'pop: issuerSet.issuers[0].status must be "active" or "revoked"',
    files: {
      "t.json": edited("issuers.json", (d) => {
        d.issuers[0].status = "paused";
      }),
    },
  },
  {
    name: "issuers root: issuers not an array",
    args: ["issuers", "root", "--issuers", "t.json"],
    code: 2,
    line: "pop: issuerSet.issuers must be an array",
    files: {
      "t.json": edited("issuers.json", (d) => {
        d.issuers = {};
      }),
    },
  },
  {
    name: "issuers root: a version-1 file (no kinds per issuer)",
    args: ["issuers", "root", "--issuers", "t.json"],
    code: 2,
    line: 'pop: issuerSet.version 1 records no kinds per issuer and is no longer read: rebuild the set with pop issuers add --kinds for each issuer, or give each issuer its "kinds" (e.g. ["kyc"]) and set "version": 2',
    files: {
      "t.json": edited("issuers.json", (d) => {
        d.version = 1;
        delete d.issuers[0].kinds;
      }),
    },
  },
  ...[
    ["missing", undefined, 'issuerSet.issuers[0] is missing the field "kinds"'],
    ["empty", [], "issuerSet.issuers[0].kinds must name at least one credential kind"],
    ["a kind twice", ["kyc", "kyc"], "issuerSet.issuers[0].kinds lists kyc twice"],
    ["an unknown kind", ["passport"], "issuerSet.issuers[0].kinds[0] must be one of registry, biometric, kyc"],
    ["a string", "kyc", "issuerSet.issuers[0].kinds must be an array"],
  ].map(
    ([what, kinds, message]): Case => ({
      name: `issuers root: kinds ${what}`,
      args: ["issuers", "root", "--issuers", "t.json"],
      code: 2,
      line: `pop: ${message}`,
      files: {
        "t.json": edited("issuers.json", (d) => {
          if (kinds === undefined) delete d.issuers[0].kinds;
          else d.issuers[0].kinds = kinds;
        }),
      },
    }),
  ),
  {
    name: "issuers root: a set entry whose publicKey is the identity (0, 1)",
    args: ["issuers", "root", "--issuers", "t.json"],
    code: 2,
    line: "pop: issuerSet.issuers[0].publicKey is a point of small order (the identity (0, 1) is one): it would accept any signature",
    files: {
      "t.json": edited("issuers.json", (d) => {
        d.issuers[0].publicKey = ["0", "1"];
      }),
    },
  },
  {
    name: "issuers revoke: an id not in the set",
    args: ["issuers", "revoke", "--issuers", "issuers.json", "--id", "5"],
    code: 1,
    line: "pop: issuer 5 is not active in the issuer set",
  },
  ...["-1", "1024", TWO_256.toString()].map(
    (id): Case => ({
      name: `issuers revoke --id ${id}`,
      args: ["issuers", "revoke", "--issuers", "issuers.json", "--id", id],
      code: 2,
      line: "pop: --id must be an integer from 0 to 1023",
    }),
  ),
  {
    name: "issuers revoke: a missing set",
    args: ["issuers", "revoke", "--issuers", "nope.json", "--id", "1"],
    code: 2,
    line: "pop: issuer-set file nope.json does not exist",
  },
];
