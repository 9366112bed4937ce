import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { InputError, PopError } from "@pop/core/errors";
import { expectInteger, expectObject, expectString } from "@pop/core/json";
import { parseDecimal } from "@pop/protocol/field";
import type { ClientInfo } from "../cluster/clusterFile.js";
import { type CustodyPackage, packageDigest } from "../custody/package.js";
import { parseCustodyPackage } from "../custody/parsePackage.js";
import { checkX25519PublicKey } from "../publicKeys.js";
import { type DeleteConsent, parseDeleteConsent } from "./consent.js";
import { checkClientId, checkId } from "./ids.js";

/**
 * A client's request, version 3 (docs/uniqueness.md#clients-and-answers): the same envelope
 * POSTed to all three nodes, signed by a registered issuer with its Ed25519 key over (request
 * id, kind, client, time, package hash, N, person id, reason, device key, authenticator
 * commitment, consent). A node refuses an unsigned, mis-signed, stale or replayed envelope, and
 * one whose client is not the TLS peer.
 */

/** What a client asks of the cluster. */
export type RequestKind = "check" | "enroll" | "delete" | "recover";
export const REQUEST_KINDS: readonly RequestKind[] = ["check", "enroll", "delete", "recover"];

/** /v1/check: which answer (unique, same-human, conflict) the package's person gets. */
export type CheckBody = { package: CustodyPackage };
/**
 * /v1/enroll: check, and store the person under `personId` when unique, with `commitment`, the
 * decimal commitment c of the person's authenticator (what a consent to delete is checked against).
 */
export type EnrollBody = { personId: string; package: CustodyPackage; commitment: string };
/**
 * /v1/delete: remove `personId` from every gallery, on exactly one of: the issuer's stated
 * `reason` (a revocation), or the person's `consent`, signed with the authenticator their entry
 * holds (wire/consent.ts).
 */
export type DeleteBody = { personId: string; reason: string } | { personId: string; consent: DeleteConsent };
/**
 * /v1/recover: a fresh capture compared 1:1 with the person's entry; on a match the entry's
 * authenticator commitment becomes `commitment` (the new authenticator's c), then the escrow
 * shares are sealed to `deviceKey`.
 */
export type RecoverBody = { package: CustodyPackage; personId: string | null; deviceKey: string; commitment: string };

/** The body of each kind. */
export type BodyOf<K extends RequestKind> = {
  check: CheckBody;
  enroll: EnrollBody;
  delete: DeleteBody;
  recover: RecoverBody;
}[K];

/** A signed request. */
export type RequestEnvelope<K extends RequestKind = RequestKind> = {
  requestId: string;
  kind: K;
  /** The issuer's id in the cluster file. */
  client: string;
  /** Unix seconds when it was signed. */
  time: number;
  body: BodyOf<K>;
  /** Ed25519 signature (hex) over requestDigest. */
  signature: string;
};

/** Raised when a request is not a registered client's, fresh and signed. */
export class RequestAuthError extends PopError {}

/** How far a request's time may be from a node's clock. */
export const REQUEST_WINDOW_SECONDS = 300;

const SIGNATURE = /^[0-9a-f]{128}$/;
const REASON = /^[\x20-\x7e]{1,200}$/;

function packageOf(envelope: Omit<RequestEnvelope, "signature">): CustodyPackage | undefined {
  return "package" in envelope.body ? envelope.body.package : undefined;
}

/** The package's hash in hex, or "" for a request without one. */
export function packageHashOf(envelope: Omit<RequestEnvelope, "signature">): string {
  const pkg = packageOf(envelope);
  return pkg === undefined ? "" : bytesToHex(packageDigest(pkg));
}

/**
 * What the issuer signs.
 * @param envelope the request without its signature
 * @returns sha256 of the fields, in a fixed order
 */
export function requestDigest(envelope: Omit<RequestEnvelope, "signature">): Uint8Array {
  const body = envelope.body as Partial<EnrollBody & RecoverBody & { reason: string; consent: DeleteConsent }>;
  const consent = body.consent;
  // A JSON array: no field's text (a reason may hold any printable character) can pose as another's.
  const fields = [
    "pop.uniqueness.request.v3",
    envelope.requestId,
    envelope.kind,
    envelope.client,
    String(envelope.time),
    packageHashOf(envelope),
    packageOf(envelope)?.nullifierCommitment ?? "",
    body.personId ?? "",
    body.reason ?? "",
    body.deviceKey ?? "",
    body.commitment ?? "",
    consent === undefined ? [] : [...consent.publicKey, ...consent.signature.R8, consent.signature.S],
  ];
  return sha256(new TextEncoder().encode(JSON.stringify(fields)));
}

/**
 * Signs a request as an issuer.
 * @param envelope the request without its signature
 * @param signing the issuer's Ed25519 secret key (hex)
 */
export function signRequest<K extends RequestKind>(
  envelope: Omit<RequestEnvelope<K>, "signature">,
  signing: string,
): RequestEnvelope<K> {
  const signature = bytesToHex(ed25519.sign(requestDigest(envelope), hexToBytes(signing, "signing key", 32)));
  return { ...envelope, signature };
}

function parseBody(kind: RequestKind, value: unknown, name: string): BodyOf<RequestKind> {
  if (kind === "check") {
    const body = expectObject(value, name, ["package"]);
    return { package: parseCustodyPackage(body.package, `${name}.package`) };
  }
  if (kind === "enroll") {
    const body = expectObject(value, name, ["personId", "package", "commitment"]);
    const pkg = parseCustodyPackage(body.package, `${name}.package`);
    if (pkg.escrow.length !== 3) throw new InputError(`${name}.package must carry the escrow of n to enrol`);
    return {
      personId: checkId(body.personId, `${name}.personId`),
      package: pkg,
      commitment: String(parseDecimal(body.commitment, `${name}.commitment`)),
    };
  }
  if (kind === "delete") {
    const body = expectObject(value, name, ["personId"], ["reason", "consent"]);
    if ("reason" in body === "consent" in body) {
      throw new InputError(`${name} must carry exactly one of "reason" and "consent"`);
    }
    const personId = checkId(body.personId, `${name}.personId`);
    return "reason" in body
      ? { personId, reason: expectString(body.reason, `${name}.reason`, REASON) }
      : { personId, consent: parseDeleteConsent(body.consent, `${name}.consent`) };
  }
  const body = expectObject(value, name, ["package", "personId", "deviceKey", "commitment"]);
  return {
    package: parseCustodyPackage(body.package, `${name}.package`),
    personId: body.personId === null ? null : checkId(body.personId, `${name}.personId`),
    deviceKey: checkX25519PublicKey(body.deviceKey, `${name}.deviceKey`),
    commitment: String(parseDecimal(body.commitment, `${name}.commitment`)),
  };
}

/**
 * Reads a request strictly (its signature still to be checked by verifyRequest).
 * @param kind the route's kind
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @throws InputError naming the bad field
 */
export function parseRequest<K extends RequestKind>(kind: K, value: unknown, name: string): RequestEnvelope<K> {
  const object = expectObject(value, name, ["requestId", "kind", "client", "time", "body", "signature"]);
  if (object.kind !== kind) throw new InputError(`${name}.kind must be "${kind}" on this route`);
  const body = parseBody(kind, object.body, `${name}.body`) as BodyOf<K>;
  for (const part of "package" in body ? [...body.package.parts, ...body.package.escrow] : []) {
    checkX25519PublicKey(part.ephemeralKey, `${name}.body.package.parts[${part.party}].ephemeralKey`);
  }
  return {
    requestId: checkId(object.requestId, `${name}.requestId`),
    kind,
    client: checkClientId(object.client, `${name}.client`),
    time: expectInteger(object.time, `${name}.time`, 0, 2 ** 40),
    body,
    signature: expectString(object.signature, `${name}.signature`, SIGNATURE),
  };
}

/**
 * Checks a request's signature, client and time.
 * @param envelope the parsed request
 * @param options.clients the cluster file's registered issuers
 * @param options.peer the client the TLS link authenticated (its id)
 * @param options.now the node's clock, in Unix seconds
 * @returns the client
 * @throws RequestAuthError for an unknown client, another client than the link's, a bad signature or a stale time
 */
export function verifyRequest(
  envelope: RequestEnvelope,
  options: { clients: readonly ClientInfo[]; peer: string; now: number },
): ClientInfo {
  const client = options.clients.find((candidate) => candidate.id === envelope.client);
  if (client === undefined) throw new RequestAuthError(`client ${envelope.client} is not registered`);
  if (client.id !== options.peer) {
    throw new RequestAuthError(`the request is signed as ${client.id} but the link is ${options.peer}'s`);
  }
  if (Math.abs(envelope.time - options.now) > REQUEST_WINDOW_SECONDS) {
    throw new RequestAuthError(`the request's time is more than ${REQUEST_WINDOW_SECONDS} s from the node's clock`);
  }
  let valid = false;
  try {
    valid = ed25519.verify(
      hexToBytes(envelope.signature, "signature", 64),
      requestDigest(envelope),
      hexToBytes(client.signingKey, "signingKey", 32),
    );
  } catch {
    valid = false;
  }
  if (!valid) throw new RequestAuthError(`the request's signature by ${client.id} does not verify`);
  return client;
}

/** /v1/cancel: stop waiting for the peers on `requestId` (another node refused it). */
export type CancelRequest = { requestId: string };

/**
 * Reads a cancel body strictly.
 * @param value the parsed JSON
 * @param name what it is, for error messages
 */
export function parseCancelRequest(value: unknown, name: string): CancelRequest {
  return { requestId: checkId(expectObject(value, name, ["requestId"]).requestId, "requestId") };
}
