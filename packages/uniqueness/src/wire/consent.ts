import { InputError } from "@pop/core/errors";
import { expectArray, expectObject } from "@pop/core/json";
import { parseDecimal } from "@pop/protocol/field";
import { textToField } from "@pop/protocol/hashToField";
import { Identity } from "@pop/protocol/identity";
import type { DeleteBody } from "./envelope.js";
import { checkClientId, checkId } from "./ids.js";

/**
 * A person's consent to be deleted (docs/uniqueness.md#clients-and-answers): an EdDSA-Poseidon
 * signature with their authenticator (the Semaphore v4 key whose commitment c their entry
 * holds) over a message bound to one request, so it cannot be replayed for another request,
 * another person or another issuer. The nodes delete on it only when Poseidon(public key) is
 * the c the entry holds now, which a recovery replaces: a lost or stolen old authenticator no
 * longer consents.
 */

/** The consent as a delete request carries it: the authenticator's public key and its signature, decimal. */
export type DeleteConsent = {
  /** The Baby Jubjub public key (x, y). */
  publicKey: [string, string];
  /** EdDSA-Poseidon: the point R8 and the scalar S. */
  signature: { R8: [string, string]; S: string };
};

/** What the person's side hands the issuer: the consent and the request it is for. */
export type ConsentDocument = {
  type: "pop-delete-consent";
  version: 1;
  personId: string;
  /** The delete request's id: the issuer sends the delete under it. */
  requestId: string;
  /** The issuer (client id in the cluster file) that may send it. */
  client: string;
  consent: DeleteConsent;
};

/** What the nodes conclude of a consent: the person's for this request, or why not. */
export type ConsentCheck = "valid" | "another authenticator" | "another request";

const DOMAIN = "pop.uniqueness.delete-consent.v1";

type Request = { personId: string; requestId: string; client: string };

/**
 * The field element a consent signs: hashToField of "domain|personId|requestId|client" (ids
 * never hold "|", so the text is unambiguous).
 * @param request the person id, the delete's request id and the issuer's client id
 * @returns the message
 * @throws InputError naming a malformed id
 */
export function deleteConsentMessage(request: Request): bigint {
  const personId = checkId(request.personId, "personId");
  const requestId = checkId(request.requestId, "requestId");
  const client = checkClientId(request.client, "client");
  return textToField([DOMAIN, personId, requestId, client].join("|"));
}

/**
 * Signs the person's consent to one delete request, with their authenticator.
 * @param options.authenticator the person's authenticator (a PopIdentity's `authenticator`)
 * @param options.personId the person id of their entry (from the enrolment receipt)
 * @param options.requestId the delete's request id (fresh: newRequestId)
 * @param options.client the issuer that will send the delete
 * @returns the consent document to hand the issuer
 * @example
 * const document = signDeleteConsent({ authenticator: me.authenticator, personId, requestId: newRequestId(), client: "local-issuer" });
 */
export function signDeleteConsent(options: Request & { authenticator: Identity }): ConsentDocument {
  const { personId, requestId, client, authenticator } = options;
  const signature = authenticator.signMessage(deleteConsentMessage({ personId, requestId, client }));
  const [x, y] = authenticator.publicKey;
  return {
    type: "pop-delete-consent",
    version: 1,
    personId,
    requestId,
    client,
    consent: {
      publicKey: [String(x), String(y)],
      signature: { R8: [String(signature.R8[0]), String(signature.R8[1])], S: String(signature.S) },
    },
  };
}

/**
 * Checks a consent against the entry's authenticator commitment and the request it came in.
 * @param options.consent the consent (parsed)
 * @param options.commitment the c the person's entry holds (decimal)
 * @returns "valid"; "another authenticator" when Poseidon(public key) is not c; "another
 *   request" when the signature does not sign this person, request and client (or is no
 *   signature at all: an off-curve point, S out of range)
 */
export function verifyDeleteConsent(options: Request & { consent: DeleteConsent; commitment: string }): ConsentCheck {
  const { consent } = options;
  const publicKey: [bigint, bigint] = [BigInt(consent.publicKey[0]), BigInt(consent.publicKey[1])];
  if (String(Identity.generateCommitment(publicKey)) !== options.commitment) return "another authenticator";
  const signature = {
    R8: [BigInt(consent.signature.R8[0]), BigInt(consent.signature.R8[1])] as [bigint, bigint],
    S: BigInt(consent.signature.S),
  };
  let valid = false;
  try {
    valid = Identity.verifySignature(deleteConsentMessage(options), signature, publicKey);
  } catch {
    valid = false;
  }
  return valid ? "valid" : "another request";
}

function pair(value: unknown, name: string): [string, string] {
  const [a, b] = expectArray(value, name, 2);
  return [String(parseDecimal(a, `${name}[0]`)), String(parseDecimal(b, `${name}[1]`))];
}

/**
 * Reads a consent strictly: coordinates and S decimal field elements (whether the points are
 * on the curve and S below its order, the signature check decides).
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @throws InputError naming the bad field
 */
export function parseDeleteConsent(value: unknown, name: string): DeleteConsent {
  const object = expectObject(value, name, ["publicKey", "signature"]);
  const publicKey = pair(object.publicKey, `${name}.publicKey`);
  const signature = expectObject(object.signature, `${name}.signature`, ["R8", "S"]);
  return {
    publicKey,
    signature: {
      R8: pair(signature.R8, `${name}.signature.R8`),
      S: String(parseDecimal(signature.S, `${name}.signature.S`)),
    },
  };
}

/**
 * Reads a consent document strictly.
 * @param value the parsed JSON
 * @param name what it is, for error messages (e.g. "consent file c.json")
 * @throws InputError naming the bad field
 */
export function parseConsentDocument(value: unknown, name: string): ConsentDocument {
  const object = expectObject(value, name, ["type", "version", "personId", "requestId", "client", "consent"]);
  if (object.type !== "pop-delete-consent") throw new InputError(`${name}.type must be "pop-delete-consent"`);
  if (object.version !== 1) throw new InputError(`${name}.version must be 1`);
  return {
    type: "pop-delete-consent",
    version: 1,
    personId: checkId(object.personId, `${name}.personId`),
    requestId: checkId(object.requestId, `${name}.requestId`),
    client: checkClientId(object.client, `${name}.client`),
    consent: parseDeleteConsent(object.consent, `${name}.consent`),
  };
}

/**
 * The delete a consent document asks for, as the issuer sends it (callCluster's requestId and
 * body).
 * @param document the person's consent document
 * @param client the sending issuer's client id
 * @throws InputError when the consent is for another issuer (the nodes would refuse it)
 */
export function consentRequest(document: ConsentDocument, client: string): { requestId: string; body: DeleteBody } {
  if (document.client !== client) {
    throw new InputError(
      `the consent is for client ${document.client}, not ${client}: the person must sign one for ${client}`,
    );
  }
  return { requestId: document.requestId, body: { personId: document.personId, consent: document.consent } };
}
