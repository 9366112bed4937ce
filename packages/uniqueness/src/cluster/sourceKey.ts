import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectLiteral, expectObject, expectString } from "@pop/core/json";
import { checkEd25519PublicKey } from "../publicKeys.js";
import { MEMBER_ID, SOURCE_KINDS, type SourceInfo } from "./clusterFile.js";

/**
 * A capture source's key (docs/uniqueness.md#operators-keys-and-links): a biometric station's
 * device key or a KYC issuer's, made where it captures (`pop uniqueness keygen --source ID`).
 * Its Ed25519 key signs the custody packages it makes; the nodes refuse packages that no
 * source in the cluster file signed.
 */

/** source-key.json. */
export type SourceKey = {
  type: "pop.uniquenessSourceKey";
  version: 1;
  id: string;
  kind: SourceInfo["kind"];
  /** Ed25519 secret (hex). */
  signing: string;
};

/** source-public.json. */
export type SourcePublic = {
  type: "pop.uniquenessSourcePublic";
  version: 1;
  id: string;
  kind: SourceInfo["kind"];
  signingKey: string;
};

const HEX32 = /^[0-9a-f]{64}$/;

function checkKind(value: unknown, name: string): SourceInfo["kind"] {
  const kind = expectString(value, name);
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new InputError(`${name} must be "station" or "issuer"`);
  }
  return kind as SourceInfo["kind"];
}

/**
 * Makes a capture source's key from the platform's CSPRNG.
 * @param options.id its name in the cluster
 * @param options.kind a biometric station or an issuer
 * @returns source-key.json's content
 * @throws InputError for a bad id or kind
 */
export function createSourceKey(options: { id: string; kind: string }): SourceKey {
  return {
    type: "pop.uniquenessSourceKey",
    version: 1,
    id: expectString(options.id, "source id", MEMBER_ID),
    kind: checkKind(options.kind, "--kind"),
    signing: bytesToHex(randomBytes(32)),
  };
}

/**
 * The public part of a source's key.
 * @param key the source's key
 * @returns source-public.json's content
 */
export function sourcePublic(key: SourceKey): SourcePublic {
  return {
    type: "pop.uniquenessSourcePublic",
    version: 1,
    id: key.id,
    kind: key.kind,
    signingKey: bytesToHex(ed25519.getPublicKey(hexToBytes(key.signing, "signing", 32))),
  };
}

/**
 * Reads source-key.json strictly (the capture side reads it to sign packages).
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the source's key
 */
export function parseSourceKey(value: unknown, name: string): SourceKey {
  const object = expectObject(value, name, ["type", "version", "id", "kind", "signing"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessSourceKey");
  expectLiteral(object.version, `${name}.version`, 1);
  return {
    type: "pop.uniquenessSourceKey",
    version: 1,
    id: expectString(object.id, `${name}.id`, MEMBER_ID),
    kind: checkKind(object.kind, `${name}.kind`),
    signing: expectString(object.signing, `${name}.signing`, HEX32),
  };
}

/**
 * Reads source-public.json strictly.
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the source's public part
 */
export function parseSourcePublic(value: unknown, name: string): SourcePublic {
  const object = expectObject(value, name, ["type", "version", "id", "kind", "signingKey"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessSourcePublic");
  expectLiteral(object.version, `${name}.version`, 1);
  return {
    type: "pop.uniquenessSourcePublic",
    version: 1,
    id: expectString(object.id, `${name}.id`, MEMBER_ID),
    kind: checkKind(object.kind, `${name}.kind`),
    signingKey: checkEd25519PublicKey(object.signingKey, `${name}.signingKey`),
  };
}
