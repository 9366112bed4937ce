import { expectObject } from "@pop/core/json";
import { type CustodyPackage, parseCustodyPackage } from "../custodyPackage.js";
import { checkX25519PublicKey } from "../publicKeys.js";
import { checkId } from "./ids.js";

/**
 * The bodies a client POSTs to every node (JSON): /v1/check, /v1/enroll, /v1/delete with the same
 * request id on all three, and /v1/cancel when it gives up on a request.
 */

/** What a client asks of the cluster. */
export type ClientKind = "check" | "enroll" | "delete";

/** /v1/check: is the package's template unlike every enrolled one? */
export type CheckRequest = { requestId: string; package: CustodyPackage };
/** /v1/enroll: check, and if unique, store the template under `personId`. */
export type EnrollRequest = { requestId: string; personId: string; package: CustodyPackage };
/** /v1/delete: remove `personId` from every gallery. */
export type DeleteRequest = { requestId: string; personId: string };
/** /v1/cancel: stop waiting for the peers on `requestId` (another node refused it). */
export type CancelRequest = { requestId: string };

/** The body of a request of kind K. */
export type RequestBody<K extends ClientKind> = {
  check: CheckRequest;
  enroll: EnrollRequest;
  delete: DeleteRequest;
}[K];

/** A request with its kind, as a node handles it. */
export type ClientRequest =
  | { kind: "check"; body: CheckRequest }
  | { kind: "enroll"; body: EnrollRequest }
  | { kind: "delete"; body: DeleteRequest };

/**
 * Reads a custody package as a request carries it: parseCustodyPackage, and each part's
 * ephemeral key checked on the curve (a low-order one would make the part's key zero).
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @returns the package
 * @throws InputError naming the bad field
 */
export function parseRequestPackage(value: unknown, name: string): CustodyPackage {
  const pkg = parseCustodyPackage(value, name);
  for (const part of pkg.parts) {
    checkX25519PublicKey(part.ephemeralKey, `${name}.parts[${part.party}].ephemeralKey`);
  }
  return pkg;
}

/**
 * Reads a client's request body strictly: exactly the kind's fields, well-formed ids, a
 * well-formed custody package (its parts still sealed) whose ephemeral keys are usable.
 * @param kind the route's kind
 * @param value the parsed JSON
 * @param name what it is, for error messages ("request")
 * @returns the request
 * @throws InputError naming the bad field
 */
export function parseClientRequest(kind: ClientKind, value: unknown, name: string): ClientRequest {
  if (kind === "delete") {
    const object = expectObject(value, name, ["requestId", "personId"]);
    return {
      kind,
      body: { requestId: checkId(object.requestId, "requestId"), personId: checkId(object.personId, "personId") },
    };
  }
  if (kind === "check") {
    const object = expectObject(value, name, ["requestId", "package"]);
    const requestId = checkId(object.requestId, "requestId");
    return { kind, body: { requestId, package: parseRequestPackage(object.package, "package") } };
  }
  const object = expectObject(value, name, ["requestId", "personId", "package"]);
  return {
    kind,
    body: {
      requestId: checkId(object.requestId, "requestId"),
      personId: checkId(object.personId, "personId"),
      package: parseRequestPackage(object.package, "package"),
    },
  };
}

/**
 * Reads a cancel body strictly.
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @returns the request
 */
export function parseCancelRequest(value: unknown, name: string): CancelRequest {
  return { requestId: checkId(expectObject(value, name, ["requestId"]).requestId, "requestId") };
}
