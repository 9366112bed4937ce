import { createPrivateKey, createPublicKey, randomBytes, webcrypto, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectString } from "@pop/core/json";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/**
 * The TLS identities of nodes and clients (docs/uniqueness.md#operators-keys-and-links): an
 * ECDSA P-256 key made on the operator's machine and a self-signed certificate for it. No CA:
 * the cluster file lists every certificate, and each end of a link accepts exactly the pinned
 * one (by its SHA-256 fingerprint), so a certificate is a way of carrying a public key.
 */

/** A TLS key and its certificate, both PEM. */
export type TlsIdentity = { key: string; certificate: string };

const ECDSA = { name: "ECDSA", namedCurve: "P-256" } as const;
/** Operators re-run keygen to rotate; twenty years keeps expiry from taking a cluster down. */
const VALIDITY_MS = 20 * 365 * 24 * 3600 * 1000;
const CERTIFICATE_PEM = /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n?$/;
const KEY_PEM = /^-----BEGIN PRIVATE KEY-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n?$/;

function pem(label: string, der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** An IPv6 address (no brackets) as its 16 bytes. */
function ipv6Bytes(address: string): Uint8Array {
  const [head = "", tail] = address.split("::") as [string, string | undefined];
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  let words = groups(head);
  let last = tail === undefined ? [] : groups(tail);
  const v4 = (words.length > 0 && tail === undefined ? words : last).at(-1);
  const embedded = v4?.includes(".") ? v4.split(".").map(Number) : undefined;
  if (embedded !== undefined) {
    const pair = [((embedded[0]! << 8) | embedded[1]!).toString(16), ((embedded[2]! << 8) | embedded[3]!).toString(16)];
    if (tail === undefined) words = [...words.slice(0, -1), ...pair];
    else last = [...last.slice(0, -1), ...pair];
  }
  const all = tail === undefined ? words : [...words, ...Array(8 - words.length - last.length).fill("0"), ...last];
  return new Uint8Array(
    all.flatMap((word) => [(Number.parseInt(word, 16) >> 8) & 255, Number.parseInt(word, 16) & 255]),
  );
}

function altName(host: string): pkijs.GeneralName {
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  if (isIP(bare) === 0) return new pkijs.GeneralName({ type: 2, value: bare }); // dNSName
  const bytes = isIP(bare) === 4 ? new Uint8Array(bare.split(".").map(Number)) : ipv6Bytes(bare);
  return new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: bytes }) }); // iPAddress
}

async function importKeys(key: string): Promise<webcrypto.CryptoKeyPair> {
  const secret = createPrivateKey(key);
  const spki = createPublicKey(secret).export({ type: "spki", format: "der" });
  const pkcs8 = secret.export({ type: "pkcs8", format: "der" });
  return {
    privateKey: await webcrypto.subtle.importKey("pkcs8", pkcs8, ECDSA, true, ["sign"]),
    publicKey: await webcrypto.subtle.importKey("spki", spki, ECDSA, true, ["verify"]),
  };
}

/**
 * Makes a TLS identity: a fresh ECDSA P-256 key (the platform's CSPRNG) and a self-signed
 * certificate naming it, with the hosts as subject alternative names.
 * @param options.name the certificate's common name ("pop uniqueness node 0", a client's id)
 * @param options.hosts the hosts a server answers on (IPv4, bracketed IPv6 or DNS names); none for a client
 * @param options.key an existing key (PKCS#8 PEM) to certify instead of a fresh one (a new
 *   certificate for the same key, as when a certificate is renewed)
 * @returns the key (PKCS#8 PEM) and the certificate (PEM)
 * @example
 * const { key, certificate } = await createTlsIdentity({ name: "pop uniqueness node 0", hosts: ["127.0.0.1"] });
 */
export async function createTlsIdentity(options: {
  name: string;
  hosts?: readonly string[];
  key?: string;
}): Promise<TlsIdentity> {
  const engine = new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto });
  const keys =
    options.key === undefined
      ? await webcrypto.subtle.generateKey(ECDSA, true, ["sign", "verify"])
      : await importKeys(options.key);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  // A positive 128-bit serial (RFC 5280 4.1.2.2: at most 20 bytes, positive).
  certificate.serialNumber = new asn1js.Integer({ valueHex: new Uint8Array([1, ...randomBytes(15)]) });
  const commonName = new pkijs.AttributeTypeAndValue({
    type: "2.5.4.3",
    value: new asn1js.Utf8String({ value: options.name }),
  });
  certificate.subject.typesAndValues.push(commonName);
  certificate.issuer.typesAndValues.push(commonName);
  const now = Date.now();
  certificate.notBefore.value = new Date(now - 60_000);
  certificate.notAfter.value = new Date(now + VALIDITY_MS);
  const hosts = options.hosts ?? [];
  if (hosts.length > 0) {
    const names = new pkijs.AltName({ altNames: [...new Set(hosts)].map(altName) });
    certificate.extensions = [
      new pkijs.Extension({ extnID: "2.5.29.17", critical: false, extnValue: names.toSchema().toBER(false) }),
    ];
  }
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey as CryptoKey, engine);
  await certificate.sign(keys.privateKey as CryptoKey, "SHA-256", engine);
  return {
    key: pem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)),
    certificate: pem("CERTIFICATE", certificate.toSchema(true).toBER(false)),
  };
}

/**
 * Checks a certificate read from a file: one PEM certificate that Node's X.509 parser reads,
 * for an ECDSA P-256 key, signed by that key (self-signed, as createTlsIdentity makes them).
 * @param value the value to check
 * @param name the field's name, for the error message
 * @returns the PEM text, ending in a newline
 * @throws InputError naming the field
 */
export function checkCertificate(value: unknown, name: string): string {
  const text = expectString(value, name);
  if (!CERTIFICATE_PEM.test(text)) {
    throw new InputError(`${name} must be one PEM certificate`);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(text);
  } catch (error) {
    throw new InputError(`${name} is not a readable X.509 certificate`, { cause: error });
  }
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new InputError(`${name} must be for an ECDSA P-256 key`);
  }
  if (!certificate.verify(key)) {
    throw new InputError(`${name} is not self-signed by its key`);
  }
  return text.endsWith("\n") ? text : `${text}\n`;
}

/**
 * Checks a TLS private key against its certificate.
 * @param value the PKCS#8 PEM key
 * @param certificate the certificate it must belong to (already checked)
 * @param name the field's name, for the error message
 * @returns the PEM text
 * @throws InputError naming the field
 */
export function checkTlsKey(value: unknown, certificate: string, name: string): string {
  const text = expectString(value, name);
  if (!KEY_PEM.test(text)) {
    throw new InputError(`${name} must be one PEM private key (PKCS#8)`);
  }
  let matches: boolean;
  try {
    matches = new X509Certificate(certificate).checkPrivateKey(createPrivateKey(text));
  } catch (error) {
    throw new InputError(`${name} is not a readable private key`, { cause: error });
  }
  if (!matches) {
    throw new InputError(`${name} is not the key of its certificate`);
  }
  return text.endsWith("\n") ? text : `${text}\n`;
}

/**
 * The SHA-256 fingerprint of a certificate's DER form: what a link pins.
 * @param certificate the PEM certificate
 * @returns 64 lower-case hex digits
 */
export function certificateFingerprint(certificate: string): string {
  return bytesToHex(sha256(new Uint8Array(new X509Certificate(certificate).raw)));
}

/**
 * Whether a certificate names a host (an IP address or a DNS name) among its alternative names.
 * @param certificate the PEM certificate
 * @param host a host as the cluster file writes it (IPv6 in brackets)
 * @returns true when a TLS client connecting to that host would accept the name
 */
export function certificateNamesHost(certificate: string, host: string): boolean {
  const x509 = new X509Certificate(certificate);
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  return isIP(bare) === 0 ? x509.checkHost(bare, { subject: "never" }) !== undefined : x509.checkIP(bare) !== undefined;
}
