import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { expectLiteral, expectObject, expectString } from "@pop/core/json";
import { checkEd25519PublicKey } from "../publicKeys.js";
import { MEMBER_ID } from "./clusterFile.js";
import { checkCertificate, checkTlsKey, createTlsIdentity } from "./tlsIdentity.js";

/**
 * A registered client's keys (docs/uniqueness.md#operators-keys-and-links): an issuer makes
 * them on its own machine (`pop uniqueness keygen --client ID`), keeps client-key.json (mode
 * 0600) and gives client-public.json to whoever assembles the cluster file. The Ed25519 key
 * signs its requests; the TLS key and certificate open its links to the nodes' client ports.
 */

/** client-key.json. */
export type ClientKey = {
  type: "pop.uniquenessClientKey";
  version: 1;
  id: string;
  /** Ed25519 secret (hex): signs requests. */
  signing: string;
  /** ECDSA P-256 key (PKCS#8 PEM) of its TLS certificate. */
  tlsKey: string;
  certificate: string;
};

/** client-public.json: what the cluster file takes of a client. */
export type ClientPublic = {
  type: "pop.uniquenessClientPublic";
  version: 1;
  id: string;
  signingKey: string;
  certificate: string;
};

const HEX32 = /^[0-9a-f]{64}$/;

/**
 * Makes a client's keys from the platform's CSPRNG.
 * @param id the client's name in the cluster ("local-issuer")
 * @returns client-key.json's content
 * @throws InputError for a bad id
 */
export async function createClientKey(id: string): Promise<ClientKey> {
  expectString(id, "client id", MEMBER_ID);
  const { key, certificate } = await createTlsIdentity({ name: `pop uniqueness client ${id}` });
  return {
    type: "pop.uniquenessClientKey",
    version: 1,
    id,
    signing: bytesToHex(randomBytes(32)),
    tlsKey: key,
    certificate,
  };
}

/**
 * The public part of a client's keys.
 * @param key the client's keys
 * @returns client-public.json's content
 */
export function clientPublic(key: ClientKey): ClientPublic {
  return {
    type: "pop.uniquenessClientPublic",
    version: 1,
    id: key.id,
    signingKey: bytesToHex(ed25519.getPublicKey(hexToBytes(key.signing, "signing", 32))),
    certificate: key.certificate,
  };
}

/**
 * Reads client-key.json strictly (the issuer side reads it to call the cluster).
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the client's keys
 * @throws InputError naming the bad field
 */
export function parseClientKey(value: unknown, name: string): ClientKey {
  const object = expectObject(value, name, ["type", "version", "id", "signing", "tlsKey", "certificate"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessClientKey");
  expectLiteral(object.version, `${name}.version`, 1);
  const certificate = checkCertificate(object.certificate, `${name}.certificate`);
  return {
    type: "pop.uniquenessClientKey",
    version: 1,
    id: expectString(object.id, `${name}.id`, MEMBER_ID),
    signing: expectString(object.signing, `${name}.signing`, HEX32),
    tlsKey: checkTlsKey(object.tlsKey, certificate, `${name}.tlsKey`),
    certificate,
  };
}

/**
 * Reads client-public.json strictly.
 * @param value the parsed JSON
 * @param name what it is (the file), for error messages
 * @returns the client's public part
 */
export function parseClientPublic(value: unknown, name: string): ClientPublic {
  const object = expectObject(value, name, ["type", "version", "id", "signingKey", "certificate"]);
  expectLiteral(object.type, `${name}.type`, "pop.uniquenessClientPublic");
  expectLiteral(object.version, `${name}.version`, 1);
  return {
    type: "pop.uniquenessClientPublic",
    version: 1,
    id: expectString(object.id, `${name}.id`, MEMBER_ID),
    signingKey: checkEd25519PublicKey(object.signingKey, `${name}.signingKey`),
    certificate: checkCertificate(object.certificate, `${name}.certificate`),
  };
}
