import { pathExists } from "@pop/core/files";
import { CREDENTIAL_KINDS, MAX_ISSUER_ID, parseKindList } from "@pop/protocol/attributes";
import { createIssuer, exportIssuer } from "@pop/protocol/issuer";
import { IssuerSet } from "@pop/protocol/issuerSet";
import { parseIntegerOption } from "../args.js";
import { defineCommand } from "../command.js";
import { readIssuerFile, readIssuerSetFile } from "../files.js";
import { writeJsonFile } from "../io.js";

export const issuerCreate = defineCommand({
  name: "issuer create",
  usage: `pop issuer create --out issuer.json [--id 0..1023] [--name S] [--force]
  A new issuer key (EdDSA on Baby JubJub), written 0600. The id is the issuer's slot in the
  issuer-set bitmap (random when not given); pop issuers add refuses a taken id.`,
  options: {
    out: { type: "string", required: true },
    id: { type: "string" },
    name: { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    // Ids are slots in the issuer-set bitmap; a registry assigns them in production. A random
    // default keeps independent local issuers apart; `pop issuers add` refuses a taken id.
    const issuerId =
      options.id === undefined
        ? crypto.getRandomValues(new Uint16Array(1))[0]! % (MAX_ISSUER_ID + 1)
        : parseIntegerOption(options.id, "id", 0, MAX_ISSUER_ID);
    const issuer = createIssuer({ issuerId, name: options.name ?? `issuer ${issuerId}` });
    const file = exportIssuer(issuer);
    await writeJsonFile(options.out, file, { mode: 0o600, overwrite: options.force });
    return { output: { issuerId, name: issuer.name, publicKey: file.publicKey, out: options.out } };
  },
});

export const issuersAdd = defineCommand({
  name: "issuers add",
  usage: `pop issuers add --issuers issuers.json --issuer issuer.json [--kinds registry,biometric,kyc]
  Adds the issuer's public key to the issuer set as active, with the credential kinds it may
  issue (default: every kind, as on chain); pop set add refuses any other kind from it. Creates
  the file if absent; an issuer's kinds never change once added.`,
  options: {
    issuers: { type: "string", required: true },
    issuer: { type: "string", required: true },
    kinds: { type: "string" },
  },
  async run(options) {
    const kinds = parseKindList(options.kinds ?? CREDENTIAL_KINDS.join(","), "--kinds");
    const issuer = await readIssuerFile(options.issuer);
    const set = (await pathExists(options.issuers)) ? await readIssuerSetFile(options.issuers) : new IssuerSet();
    const added = set.add(issuer, { kinds });
    if (added) {
      await writeJsonFile(options.issuers, set.toJSON(), { overwrite: true });
    }
    return { output: { added, issuerId: issuer.issuerId, kinds, root: set.root().toString() } };
  },
});

export const issuersRevoke = defineCommand({
  name: "issuers revoke",
  usage: `pop issuers revoke --issuers issuers.json --id N
  Revokes an issuer: its bit is cleared and every leaf it issued stops verifying at once.`,
  options: {
    issuers: { type: "string", required: true },
    id: { type: "string", required: true },
  },
  async run(options) {
    const issuerId = parseIntegerOption(options.id, "id", 0, MAX_ISSUER_ID);
    const set = await readIssuerSetFile(options.issuers);
    set.revoke(issuerId);
    await writeJsonFile(options.issuers, set.toJSON(), { overwrite: true });
    return { output: { revoked: issuerId, root: set.root().toString() } };
  },
});

export const issuersRoot = defineCommand({
  name: "issuers root",
  usage: `pop issuers root --issuers issuers.json
  Prints the issuer-set root and the active issuer ids.`,
  options: { issuers: { type: "string", required: true } },
  async run(options) {
    const set = await readIssuerSetFile(options.issuers);
    const active = set.issuers.filter((record) => record.status === "active").map((record) => record.issuerId);
    return { output: { root: set.root().toString(), active } };
  },
});
