import { InputError } from "@pop/core/errors";
import {
  checkCredential,
  credentialLeaf,
  isRegistered,
  parseCredential,
  type SignedCredential,
} from "@pop/protocol/credential";
import { HumanitySet, parseHumanitySet } from "@pop/protocol/humanitySet";
import { parseIssuerSet } from "@pop/protocol/issuerSet";
import { parseOptions } from "../args.js";
import { exists, readJsonFile, writeJsonFile } from "../io.js";
import type { CommandResult } from "../result.js";

/** Reads a humanity-set file. */
export async function readHumanitySet(path: string): Promise<HumanitySet> {
  return parseHumanitySet(await readJsonFile(path, "humanity-set file"));
}

/**
 * Reads a credential file whose leaf is to be added by hand. A registry credential is refused:
 * the HumanityRegistry contract inserted its leaf when it emitted the registration (DESIGN
 * decision 2), so there is nothing to add and no signature to check.
 * @param path the credential file
 * @returns the signed credential
 */
export async function readCredentialToAdd(path: string): Promise<SignedCredential> {
  const credential = parseCredential(await readJsonFile(path, "credential file"));
  if (isRegistered(credential)) {
    throw new InputError("a registry credential's leaf is inserted by the registry contract, not added by hand");
  }
  return credential;
}

/**
 * `pop set add --set set.json --credential cred.json [--issuers issuers.json]`: checks the
 * issuer's signature (and, with --issuers, that the signer is the active key registered for
 * the credential's issuer id), then adds the leaf. Creates the set file if absent. A registry
 * credential is refused (see readCredentialToAdd).
 */
export async function setAdd(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    set: { type: "string", required: true },
    credential: { type: "string", required: true },
    issuers: { type: "string" },
  });
  const credential = await readCredentialToAdd(options.credential);
  const issuers =
    options.issuers === undefined ? undefined : parseIssuerSet(await readJsonFile(options.issuers, "issuer-set file"));
  checkCredential(credential, issuers === undefined ? {} : { issuers });
  const set = (await exists(options.set)) ? await readHumanitySet(options.set) : new HumanitySet();
  const leaf = credentialLeaf(credential.commitment, credential.attributes);
  set.add(leaf);
  await writeJsonFile(options.set, set.toJSON(), { overwrite: true });
  return {
    output: { leaf: leaf.toString(), index: set.size - 1, root: set.root.toString(), size: set.size, depth: set.depth },
  };
}

/** `pop set root --set set.json`. */
export async function setRoot(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { set: { type: "string", required: true } });
  const set = await readHumanitySet(options.set);
  return { output: { root: set.root.toString(), size: set.size, depth: set.depth } };
}
