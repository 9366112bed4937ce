import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@pop/core/bytes";
import { certificateFingerprint, type TlsIdentity } from "./tlsIdentity.js";

/**
 * The calling side of a link to a node (docs/uniqueness.md#operators-keys-and-links): TLS 1.3
 * only, this end's certificate presented, and the node's certificate accepted only when it is
 * exactly the one the cluster file pins (its SHA-256 fingerprint), with the host checked too.
 * Clients use it for the client port, nodes for their peers' ports.
 */

/** TLS 1.3 and nothing else, on every link. */
export const TLS_1_3 = { minVersion: "TLSv1.3", maxVersion: "TLSv1.3" } as const;

/**
 * A check of the server's certificate that accepts exactly one certificate.
 * @param certificate the pinned certificate (PEM)
 * @returns a checkServerIdentity for tls.connect
 */
export function pinnedServerIdentity(
  certificate: string,
): (host: string, peer: tls.PeerCertificate) => Error | undefined {
  const pin = certificateFingerprint(certificate);
  return (host, peer) => {
    if (peer.raw === undefined || bytesToHex(sha256(new Uint8Array(peer.raw))) !== pin) {
      return new Error("the server's certificate is not the one the cluster file pins");
    }
    return tls.checkServerIdentity(host, peer);
  };
}

/**
 * A keep-alive agent for the links to one node: TLS 1.3, this end's identity, that node's
 * certificate pinned. Destroy it when done (it keeps sockets open).
 * @param options.identity this end's TLS key and certificate
 * @param options.peerCertificate the node's certificate from the cluster file
 * @param options.maxSockets parallel connections to that node (default 4)
 * @returns the agent
 */
export function linkAgent(options: {
  identity: TlsIdentity;
  peerCertificate: string;
  maxSockets?: number;
}): https.Agent {
  return new https.Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 4,
    key: options.identity.key,
    cert: options.identity.certificate,
    ca: [options.peerCertificate],
    checkServerIdentity: pinnedServerIdentity(options.peerCertificate),
    ...TLS_1_3,
  });
}

/** A node's answer: its status and body. */
export type LinkResponse = { status: number; body: Uint8Array };

/**
 * Sends a request (POST by default) over a link and reads the answer, refusing one over `limit` bytes. An `http:`
 * URL with an http.Agent runs the same exchange over plain TCP: only the match benchmark does,
 * to measure what TLS costs; a node's URLs are https by the cluster file's rule.
 * @param options.agent the link's agent (linkAgent)
 * @param options.url the node's base URL
 * @param options.path the route, e.g. "/v1/check"
 * @param options.method GET or POST
 * @param options.body the body (empty for a GET)
 * @param options.headers extra headers
 * @param options.limit the most answer bytes accepted
 * @returns the answer
 * @throws Error when the connection or the handshake fails (callers wrap it in their error)
 */
export function requestOverLink(options: {
  agent: http.Agent;
  method?: "GET" | "POST";
  url: string;
  path: string;
  body?: Uint8Array;
  headers?: Record<string, string>;
  limit: number;
}): Promise<LinkResponse> {
  const target = new URL(options.path, options.url);
  const body = options.body ?? new Uint8Array();
  const request = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const call = request(
      target,
      {
        method: options.method ?? "POST",
        agent: options.agent,
        headers: { "content-length": String(body.length), ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.limit) {
            response.destroy(new Error(`the answer is over ${options.limit} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) }),
        );
        response.on("error", reject);
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}
