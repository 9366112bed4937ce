import { type Credential, parseCredential } from "@pop/protocol/credential";
import { type HumanitySet, parseHumanitySet } from "@pop/protocol/humanitySet";
import { type PopIdentity, parseIdentity } from "@pop/protocol/identity";
import { type IssuerKey, parseIssuer } from "@pop/protocol/issuer";
import { type IssuerSet, parseIssuerSet } from "@pop/protocol/issuerSet";
import { type ParsedPersonhoodProof, parsePersonhoodProof } from "@pop/protocol/proofDocument";
import { readJsonFile } from "./io.js";

/**
 * The CLI's readers of pop's file kinds: each reads the file safely (io.ts) and parses it with
 * the library's strict parser, so every message names the file.
 */

/** Reads an identity file (version 2: both keys; a version-1 file is refused, see parseIdentity). */
export async function readIdentityFile(path: string): Promise<PopIdentity> {
  return parseIdentity(await readJsonFile(path, "identity file"));
}

/** Reads a credential file (signed or registry-backed). */
export async function readCredentialFile(path: string): Promise<Credential> {
  return parseCredential(await readJsonFile(path, "credential file"));
}

/** Reads an issuer key file. */
export async function readIssuerFile(path: string): Promise<IssuerKey> {
  return parseIssuer(await readJsonFile(path, "issuer file"));
}

/** Reads an issuer-set file. */
export async function readIssuerSetFile(path: string): Promise<IssuerSet> {
  return parseIssuerSet(await readJsonFile(path, "issuer-set file"));
}

/** Reads a humanity-set file. */
export async function readHumanitySetFile(path: string): Promise<HumanitySet> {
  return parseHumanitySet(await readJsonFile(path, "humanity-set file"));
}

/** Reads a proof file. */
export async function readProofFile(path: string): Promise<ParsedPersonhoodProof> {
  return parsePersonhoodProof(await readJsonFile(path, "proof file"));
}
