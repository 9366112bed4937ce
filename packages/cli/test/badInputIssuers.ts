import { type Case, duplicateKey, edited, R, TWO_256 } from "./badInputHarness.js";
import { issuerSetCases, NAME_RULE } from "./badInputIssuerSets.js";
import { jsonFileCases, outputCases } from "./badInputKinds.js";

/**
 * Bad input to the commands that make and read issuer keys, issuer sets and credentials:
 * malformed JSON, duplicate keys, wrong types, unknown and missing fields, out-of-range numbers,
 * names with control or bidi characters, bad dates, special files and bad output paths.
 */

const ISSUE = ["credential", "issue", "--issuer", "issuer.json", "--kind", "kyc"];

/** `pop credential issue` with one option replaced or added. */
function issue(change: Record<string, string>): string[] {
  const options: Record<string, string> = {
    commitment: "1",
    "nullifier-commitment": "1",
    country: "756",
    expires: "2099-01-01",
    out: "new.json",
    ...change,
  };
  return [...ISSUE, ...Object.entries(options).flatMap(([name, value]) => [`--${name}`, value])];
}

export const issuerCases: Case[] = [
  // issuer create
  ...["-1", "1024", TWO_256.toString(), "1.5", "0x10", "01", ""].map(
    (id): Case => ({
      name: `issuer create --id ${id}`,
      args: ["issuer", "create", "--id", id, "--out", "new.json"],
      code: 2,
      line: "pop: --id must be an integer from 0 to 1023",
    }),
  ),
  ...["KYC\u0007", "pay\u202eevil", "K\u200bYC", "two\nlines", "x".repeat(65), ""].map(
    (name): Case => ({
      name: `issuer create --name ${JSON.stringify(name)}`,
      args: ["issuer", "create", "--id", "3", "--name", name, "--out", "new.json"],
      code: 2,
      line: `pop: name ${NAME_RULE}`,
    }),
  ),
  ...outputCases("issuer create", ["issuer", "create", "--id", "3"]),
  // issuers add: the issuer file
  ...jsonFileCases(
    "issuers add --issuer",
    (f) => ["issuers", "add", "--issuers", "issuers.json", "--issuer", f],
    "issuer file",
    "issuer.json",
    { specialFiles: true },
  ),
  {
    name: "issuers add: issuerId given twice (1, then 1023)",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "dup.json"],
    code: 2,
    line: 'pop: issuer file dup.json has the key "issuerId" twice',
    files: { "dup.json": duplicateKey("issuer.json", "issuerId", 1023) },
  },
  {
    name: "issuers add: issuerId as a string",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 2,
    line: "pop: issuer.issuerId must be an integer from 0 to 1023",
    files: {
      "t.json": edited("issuer.json", (d) => {
        d.issuerId = "1";
      }),
    },
  },
  ...[-1, 1024, 1.5, Number(TWO_256)].map(
    (issuerId): Case => ({
      name: `issuers add: issuerId ${issuerId}`,
      args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
      code: 2,
      line: "pop: issuer.issuerId must be an integer from 0 to 1023",
      files: {
        "t.json": edited("issuer.json", (d) => {
          d.issuerId = issuerId;
        }),
      },
    }),
  ),
  {
    name: "issuers add: a missing privateKey",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 2,
    line: 'pop: issuer is missing the field "privateKey"',
    files: {
      "t.json": edited("issuer.json", (d) => {
        delete d.privateKey;
      }),
    },
  },
  {
    name: "issuers add: a privateKey that is not hex",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 2,
    line: "pop: issuer.privateKey must be hex",
    files: {
      "t.json": edited("issuer.json", (d) => {
        d.privateKey = "zz".repeat(32);
      }),
    },
  },
  {
    name: "issuers add: a 31-byte privateKey",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 2,
    line: "pop: issuer.privateKey must be 32 bytes",
    files: {
      "t.json": edited("issuer.json", (d) => {
        d.privateKey = d.privateKey.slice(2);
      }),
    },
  },
  {
    name: "issuers add: a publicKey of another key",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 2,
    line: "pop: issuer.publicKey does not match issuer.privateKey",
    files: {
      "t.json": (f) => JSON.stringify({ ...f.json["issuer.json"], publicKey: f.json["issuer2.json"].publicKey }),
    },
  },
  ...[R, R + 1n, TWO_256].map(
    (value): Case => ({
      name: `issuers add: publicKey[0] = ${value === R ? "r" : value === R + 1n ? "r + 1" : "2^256"}`,
      args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
      code: 2,
      line: "pop: issuer.publicKey[0] is not a canonical field element (>= the modulus)",
      files: {
        "t.json": edited("issuer.json", (d) => {
          d.publicKey[0] = value.toString();
        }),
      },
    }),
  ),
  {
    name: "issuers add: publicKey[0] = -1",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 2,
    line: "pop: issuer.publicKey[0] must be a decimal string",
    files: {
      "t.json": edited("issuer.json", (d) => {
        d.publicKey[0] = "-1";
      }),
    },
  },
  {
    name: "issuers add: a name with a bidi override",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 2,
    line: `pop: issuer.name ${NAME_RULE}`,
    files: {
      "t.json": edited("issuer.json", (d) => {
        d.name = "pay\u202eevil";
      }),
    },
  },
  {
    name: "issuers add: another key under a taken id",
    args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
    code: 1,
    line: "pop: issuer id 1 is already taken by another key",
    files: {
      "t.json": edited("issuer2.json", (d) => {
        d.issuerId = 1;
      }),
    },
  },
  ...[
    ["passport", '--kinds takes a comma-separated list of registry, biometric, kyc (not "passport")'],
    ["kyc,", '--kinds takes a comma-separated list of registry, biometric, kyc (not "")'],
    ["kyc,kyc", "--kinds lists kyc twice"],
  ].map(
    ([kinds, message]): Case => ({
      name: `issuers add --kinds ${kinds}`,
      args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "issuer2.json", "--kinds", kinds!],
      code: 2,
      line: `pop: ${message}`,
    }),
  ),
  ...[
    ["(0, 1)", ["0", "1"], "is a point of small order (the identity (0, 1) is one): it would accept any signature"],
    ["off the curve", ["1", "2"], "is not a point on the Baby JubJub curve"],
    [
      "of order 2",
      ["0", (R - 1n).toString()],
      "is a point of small order (the identity (0, 1) is one): it would accept any signature",
    ],
  ].map(
    ([what, key, message]): Case => ({
      name: `issuers add: an issuer file whose publicKey is ${what}`,
      args: ["issuers", "add", "--issuers", "issuers.json", "--issuer", "t.json"],
      code: 2,
      line: `pop: issuer.publicKey ${message}`,
      files: {
        "t.json": edited("issuer2.json", (d) => {
          d.publicKey = key;
        }),
      },
    }),
  ),
  ...issuerSetCases,
  // credential issue
  ...["commitment", "nullifier-commitment"].flatMap((option) =>
    ["-1", R.toString(), (R + 1n).toString(), TWO_256.toString(), "01", "1e3", "0x1", " 1"].map(
      (value): Case => ({
        name: `credential issue --${option} ${value}`,
        args: issue({ [option]: value }),
        code: 2,
        line: new RegExp(
          `^pop: --${option} (must be a decimal string|is not a canonical field element \\(>= the modulus\\))$`,
        ),
      }),
    ),
  ),
  {
    name: "credential issue without --nullifier-commitment (a version-1 call)",
    args: issue({}).filter(
      (arg, i, args) => arg !== "--nullifier-commitment" && args[i - 1] !== "--nullifier-commitment",
    ),
    code: 2,
    line: "pop: missing required option --nullifier-commitment",
  },
  ...["commitment", "nullifier-commitment"].map(
    (option): Case => ({
      name: `credential issue --${option} 0`,
      args: issue({ [option]: "0" }),
      code: 2,
      line: `pop: --${option} must be a non-zero field element`,
    }),
  ),
  ...["-1", "1000", TWO_256.toString(), "75.6"].map(
    (value): Case => ({
      name: `credential issue --country ${value}`,
      args: issue({ country: value }),
      code: 2,
      line: "pop: --country must be an integer from 0 to 999",
    }),
  ),
  ...[
    "2027-02-31T00:00:00Z",
    "2027-01-31T24:00:00Z",
    "2027-01-31T23:60:00Z",
    "2027-01-31T23:59:60Z",
    "2027-01-31T12:00:00+24:00",
    "2027-01-31T12:00:00+23:60",
    "2027-13-01",
    "2027-01-00",
    "0000-01-01",
    "2099-02-29",
  ].map(
    (value): Case => ({
      name: `credential issue --expires ${value}`,
      args: issue({ expires: value }),
      code: 2,
      line: "pop: --expires is not a valid date",
    }),
  ),
  ...["tomorrow", "2027-01-31T12:00:00", "1738281600", "2027-1-31"].map(
    (value): Case => ({
      name: `credential issue --expires ${value}`,
      args: issue({ expires: value }),
      code: 2,
      line: /^pop: --expires must be an ISO 8601 date or date-time with a zone/,
    }),
  ),
  {
    name: "credential issue --issued-at T24:00",
    args: issue({ "issued-at": "2027-01-31T24:00:00Z" }),
    code: 2,
    line: "pop: --issued-at is not a valid date",
  },
  {
    name: "credential issue: expiry before issue",
    args: issue({ "issued-at": "2099-06-01", expires: "2099-01-01" }),
    code: 2,
    line: "pop: --expires must be after the issue time 2099-06-01T00:00:00Z",
  },
  {
    name: "credential issue: an issuer file with issuerId 1 then 1023",
    args: [...issue({}).slice(0, 2), "--issuer", "dup.json", ...issue({}).slice(4)],
    code: 2,
    line: 'pop: issuer file dup.json has the key "issuerId" twice',
    files: { "dup.json": duplicateKey("issuer.json", "issuerId", 1023) },
  },
  {
    name: "credential issue --kind passport",
    args: issue({}).map((a) => (a === "kyc" ? "passport" : a)),
    code: 2,
    line: "pop: --kind must be one of registry, biometric, kyc",
  },
  ...outputCases("credential issue", issue({}).slice(0, -2)),
];
