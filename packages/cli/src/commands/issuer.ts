import { MAX_ISSUER_ID } from "@pop/protocol/attributes";
import { createIssuer, exportIssuer, parseIssuer } from "@pop/protocol/issuer";
import { IssuerSet, parseIssuerSet } from "@pop/protocol/issuerSet";
import { parseIntegerOption, parseOptions } from "../args.js";
import { exists, readJsonFile, writeJsonFile } from "../io.js";
import type { CommandResult } from "../result.js";

/** `pop issuer create --out issuer.json [--id N] [--name S] [--force]`. */
export async function issuerCreate(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    out: { type: "string", required: true },
    id: { type: "string" },
    name: { type: "string" },
    force: { type: "boolean" },
  });
  // Ids are slots in the issuer-set bitmap; a registry assigns them in production. A random
  // default keeps independent local issuers apart; `pop issuers add` refuses a taken id.
  const issuerId =
    options.id === undefined
      ? crypto.getRandomValues(new Uint16Array(1))[0]! % (MAX_ISSUER_ID + 1)
      : parseIntegerOption(options.id, "id", 0, MAX_ISSUER_ID);
  const issuer = createIssuer({ issuerId, name: options.name ?? `issuer ${issuerId}` });
  await writeJsonFile(options.out, exportIssuer(issuer), { mode: 0o600, overwrite: options.force });
  const file = exportIssuer(issuer);
  return { output: { issuerId, name: issuer.name, publicKey: file.publicKey, out: options.out } };
}

async function readIssuerSet(path: string, createIfAbsent: boolean): Promise<IssuerSet> {
  if (createIfAbsent && !(await exists(path))) {
    return new IssuerSet();
  }
  return parseIssuerSet(await readJsonFile(path, "issuer-set file"));
}

/** `pop issuers add --issuers issuers.json --issuer issuer.json` (creates the file if absent). */
export async function issuersAdd(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    issuers: { type: "string", required: true },
    issuer: { type: "string", required: true },
  });
  const issuer = parseIssuer(await readJsonFile(options.issuer, "issuer file"));
  const set = await readIssuerSet(options.issuers, true);
  const added = set.add(issuer);
  if (added) {
    await writeJsonFile(options.issuers, set.toJSON(), { overwrite: true });
  }
  return { output: { added, issuerId: issuer.issuerId, root: set.root().toString() } };
}

/** `pop issuers revoke --issuers issuers.json --id N`: every leaf of that issuer stops verifying. */
export async function issuersRevoke(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    issuers: { type: "string", required: true },
    id: { type: "string", required: true },
  });
  const issuerId = parseIntegerOption(options.id, "id", 0, MAX_ISSUER_ID);
  const set = await readIssuerSet(options.issuers, false);
  set.revoke(issuerId);
  await writeJsonFile(options.issuers, set.toJSON(), { overwrite: true });
  return { output: { revoked: issuerId, root: set.root().toString() } };
}

/** `pop issuers root --issuers issuers.json`. */
export async function issuersRoot(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { issuers: { type: "string", required: true } });
  const set = await readIssuerSet(options.issuers, false);
  const active = set.issuers.filter((record) => record.status === "active").map((record) => record.issuerId);
  return { output: { root: set.root().toString(), active } };
}
