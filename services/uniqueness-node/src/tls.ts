import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@pop/core/bytes";
import { certificateFingerprint, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { TLS_1_3 } from "@pop/uniqueness/cluster/tlsLink";

/**
 * A node's two listening ports (docs/uniqueness.md#operators-keys-and-links): HTTPS with TLS 1.3
 * only and mutual authentication. A port accepts only the certificates it is given (the
 * registered clients' on the client port, the two peers' on the peer port): the handshake
 * refuses any other, and a connection whose certificate is not exactly a pinned one (the same
 * key and name in another certificate, say) is dropped before a byte of its request is read.
 * Plain HTTP never reaches a route: it is not a TLS handshake.
 */

/** How a port bounds what a caller can hold. */
export type PortLimits = {
  /** Connections open at once. */
  maxConnections: number;
  /** A socket with no traffic for this long is closed (longer than the longest request). */
  idleTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
};

/** The headers must arrive within this (a slow-loris caller holds a connection no longer). */
const HEADERS_TIMEOUT_MS = 10_000;
/** Longer than the agents' idle timeout (tlsLink.ts), so a reused socket is not closed under a request. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The SHA-256 fingerprint of the certificate a caller presented on this connection.
 * @param request the request
 * @returns 64 hex digits, or undefined when there is none (never for a port made here)
 */
export function callerFingerprint(request: IncomingMessage): string | undefined {
  const socket = request.socket as TLSSocket;
  const raw = typeof socket.getPeerX509Certificate === "function" ? socket.getPeerX509Certificate()?.raw : undefined;
  return raw === undefined ? undefined : bytesToHex(sha256(new Uint8Array(raw)));
}

/**
 * Makes one of a node's ports (not yet listening).
 * @param options.identity the node's TLS key and certificate
 * @param options.allowed the certificates (PEM) whose holders may connect
 * @param options.limits its caps and timeouts
 * @param options.handle the request handler
 * @returns the server
 */
export function createLinkServer(options: {
  identity: TlsIdentity;
  allowed: readonly string[];
  limits: PortLimits;
  handle: (request: IncomingMessage, response: ServerResponse) => void;
}): https.Server {
  const { identity, allowed, limits } = options;
  const pins = new Set(allowed.map(certificateFingerprint));
  const server = https.createServer(
    {
      key: identity.key,
      cert: identity.certificate,
      // An empty list would mean the platform's CA roots: give the node's own certificate
      // instead, which the pin check below refuses on this port anyway.
      ca: allowed.length > 0 ? [...allowed] : [identity.certificate],
      requestCert: true,
      rejectUnauthorized: true,
      ...TLS_1_3,
      // How often the request and headers timeouts are enforced (Node's default is 30 s).
      connectionsCheckingInterval: Math.min(1000, limits.requestTimeoutMs),
    },
    options.handle,
  );
  server.on("secureConnection", (socket: TLSSocket) => {
    const raw = socket.getPeerX509Certificate()?.raw;
    if (raw === undefined || !pins.has(bytesToHex(sha256(new Uint8Array(raw))))) socket.destroy();
  });
  server.on("tlsClientError", () => {}); // a refused handshake is the caller's failure, not the node's
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  return server;
}

/**
 * Starts listening.
 * @param server the port
 * @param port the TCP port
 * @param host the address
 * @throws the listen error (the caller names the address)
 */
export function listen(server: https.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Stops a port: no new connections; idle keep-alive ones close now, busy ones when their request ends.
 * @param server the port
 */
export function closePort(server: https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
