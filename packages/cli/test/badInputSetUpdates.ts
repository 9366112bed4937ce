import { type Case, edited } from "./badInputHarness.js";
import { jsonFileCases } from "./badInputKinds.js";
import { asRegistryCredential } from "./pop.js";

/**
 * Bad input to `pop set update`: broken credential and set files, and the successors it must
 * refuse (exit 1, the error as JSON, the set file unchanged): another nullifier commitment N,
 * another issuer, an old leaf that is not in the set, a new leaf that already is, a signer the
 * issuer set does not accept. In the fixtures, cred.json's leaf is in set.json; cred.rotated.json
 * is issuer 1's credential for the rotated identity (same N), cred.issuer2.json issuer 2's.
 */

const update = (from: string, to: string, extra: string[] = []) => [
  ...["set", "update", "--set", "set.json", "--from", from, "--to", to, "--issuers", "issuers.json"],
  ...extra,
];

export const setUpdateCases: Case[] = [
  ...jsonFileCases("set update --from", (f) => update(f, "cred.rotated.json"), "credential file", "cred.json", {
    firstKey: "@context",
  }),
  {
    name: "set update: a missing --to file",
    args: update("cred.json", "nope.json"),
    code: 2,
    line: "pop: credential file nope.json does not exist",
  },
  {
    name: "set update: a set file that does not exist (update creates none)",
    args: ["set", "update", "--set", "none.json", "--from", "cred.json", "--to", "cred.rotated.json"].concat([
      "--issuers",
      "issuers.json",
    ]),
    code: 2,
    line: "pop: humanity-set file none.json does not exist",
  },
  {
    name: "set update: a set file listing a leaf twice",
    args: ["set", "update", "--set", "t.json", "--from", "cred.json", "--to", "cred.rotated.json"].concat([
      "--issuers",
      "issuers.json",
    ]),
    code: 2,
    line: "pop: humanitySet.leaves[1] is already in the humanity set (as leaves[0])",
    files: {
      "t.json": edited("set.json", (d) => {
        d.leaves.push(d.leaves[0]);
      }),
    },
  },
  {
    name: "set update without --issuers",
    args: ["set", "update", "--set", "set.json", "--from", "cred.json", "--to", "cred.rotated.json"],
    code: 2,
    line: "pop: missing required option --issuers",
  },
  {
    name: "set update: a registry credential as the successor",
    args: update("cred.json", "t.json"),
    code: 2,
    line: "pop: a registry credential's leaf is inserted by the registry contract, not added by hand",
    files: { "t.json": (f) => JSON.stringify(asRegistryCredential(f.json["cred.rotated.json"])) },
  },
  {
    name: "set update: a successor carrying another human's N",
    args: update("cred.json", "cred2.json"),
    code: 1,
    line: "pop: the new credential carries another nullifier commitment: an update keeps the human's N (only c and the attributes may change)",
  },
  {
    name: "set update: a successor from another issuer",
    args: update("cred.json", "cred.issuer2.json"),
    code: 1,
    line: "pop: the new credential is from issuer 2, the old one from issuer 1: a credential from another issuer is added, not swapped in",
  },
  {
    name: "set update: an old leaf that is not in the set",
    args: update("cred.rotated.json", "cred.json"),
    code: 1,
    line: "pop: the old credential's leaf is not in the humanity set",
  },
  {
    name: "set update: a successor whose leaf is already in the set",
    args: update("cred.json", "cred.json"),
    code: 1,
    line: "pop: the new credential's leaf is already in the humanity set",
  },
  {
    name: "set update: a successor with a tampered country",
    args: update("cred.json", "t.json"),
    code: 1,
    line: "pop: the credential's issuer signature does not verify",
    files: {
      "t.json": edited("cred.rotated.json", (d) => {
        d.credentialSubject.country = 840;
      }),
    },
  },
  {
    name: "set update: an issuer revoked in the issuer set",
    args: ["set", "update", "--set", "set.json", "--from", "cred.json", "--to", "cred.rotated.json"].concat([
      "--issuers",
      "t.json",
    ]),
    code: 1,
    line: "pop: issuer 1 is not an active member of the issuer set",
    files: {
      "t.json": edited("issuers.json", (d) => {
        d.issuers[0].status = "revoked";
      }),
    },
  },
];
