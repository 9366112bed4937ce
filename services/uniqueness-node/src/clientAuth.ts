import type { IncomingMessage } from "node:http";
import type { ClientInfo } from "@pop/uniqueness/cluster/clusterFile";
import { certificateFingerprint } from "@pop/uniqueness/cluster/tlsIdentity";
import { RequestRefused } from "./http.js";
import type { NodeContext } from "./nodeContext.js";
import { callerFingerprint } from "./tls.js";

/**
 * Who is calling a node's client port, and whether it may now (docs/uniqueness.md#operators-keys-and-links):
 * the caller is the registered client whose pinned certificate opened the TLS connection
 * (never a header), and each client has a token bucket of its ratePerMinute.
 */

/** A token bucket per client: ratePerMinute tokens at most, refilled continuously. */
export class ClientRates {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #now: () => number;

  /** @param now the clock in ms (tests pass their own) */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /**
   * Takes one token of a client's bucket.
   * @param client the client
   * @returns false when the bucket is empty (the request is over its rate)
   */
  take(client: ClientInfo): boolean {
    const now = this.#now();
    const capacity = client.ratePerMinute;
    const bucket = this.#buckets.get(client.id) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * capacity) / 60_000);
    bucket.at = now;
    this.#buckets.set(client.id, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/**
 * The registered clients by their certificates' fingerprints.
 * @param clients the cluster file's clients
 * @returns the lookup a node keeps
 */
export function clientsByFingerprint(clients: readonly ClientInfo[]): ReadonlyMap<string, ClientInfo> {
  return new Map(clients.map((client) => [certificateFingerprint(client.certificate), client]));
}

/**
 * Identifies the client of a request on the client port, without charging its rate (a cancel,
 * a status).
 * @param context the node
 * @param request the request
 * @returns the registered client
 * @throws RequestRefused 401 when the connection carries no certificate, 403 when it is not a
 *   registered client's
 */
export function identifyClient(context: NodeContext, request: IncomingMessage): ClientInfo {
  const fingerprint = callerFingerprint(request);
  if (fingerprint === undefined) {
    throw new RequestRefused(401, "no client certificate");
  }
  const client = context.clients.get(fingerprint);
  if (client === undefined) {
    throw new RequestRefused(403, "not a registered client of this cluster");
  }
  return client;
}

/** Requests already charged: a second call for the same request returns its client free. */
const charged = new WeakMap<IncomingMessage, ClientInfo>();

/**
 * Identifies the client of a request on the client port and charges its rate, once per
 * request (the node's router calls it before any client route reads a byte of the body; a
 * route may call it again to learn the client).
 * @param context the node
 * @param request the request
 * @returns the registered client
 * @throws RequestRefused 401 when the connection carries no certificate, 403 when it is not a
 *   registered client's, 429 when the client is over its rate
 */
export function authenticateClient(context: NodeContext, request: IncomingMessage): ClientInfo {
  const known = charged.get(request);
  if (known !== undefined) return known;
  const client = identifyClient(context, request);
  if (!context.rates.take(client)) {
    throw new RequestRefused(429, `client ${client.id} is over its rate of ${client.ratePerMinute} requests a minute`);
  }
  charged.set(request, client);
  return client;
}
