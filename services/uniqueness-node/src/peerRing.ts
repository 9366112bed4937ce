import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type https from "node:https";
import type { TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { linkAgent, requestOverLink } from "@pop/uniqueness/cluster/tlsLink";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import { PARTIES } from "@pop/uniqueness/mpc/templateShares";
import { checkId } from "@pop/uniqueness/wire/ids";
import { readBody, send } from "./http.js";
import { PeerError, PeerInbox, peerChannel } from "./peerLink.js";
import { closePort, createLinkServer, listen } from "./tls.js";

/**
 * One party's end of the three-party ring, standing alone: a port that takes the next party's
 * rounds and a keep-alive link to the previous party's, the same message pattern, TLS settings
 * and inbox a node uses (docs/uniqueness.md#operators-keys-and-links), without a node around
 * them. The match benchmark runs one per party to measure what the links cost, over TLS 1.3
 * with pinned certificates or (`tls` absent) over plain TCP to compare. Only the benchmark and
 * its tests open a plain ring: a node's own links are always TLS.
 */

/** A party's ring end. */
export type RingEnd = {
  /** Its port's base URL (https:// or http://). */
  url: string;
  /** The channel of one query (its id keeps queries apart). */
  channel(queryId: string): PartyChannel & { readonly rounds: number };
  close(): Promise<void>;
};

/** The most a benchmark round may carry (a 100,000-entry gallery's widest round is ~12 MB). */
const MAX_RING_BYTES = 256 * 1024 * 1024;

/**
 * Opens a party's ring end: listens, and links to the previous party (connected on first send).
 * @param options.port where to listen (0 for any free port; read `url`)
 * @param options.host the address to listen on (default 127.0.0.1)
 * @param options.tls this party's identity and the two others' certificates; absent: plain TCP (benchmark only)
 * @param options.timeoutMs how long to wait for a round (default 60 s)
 * @returns the ring end, listening
 */
export async function openRingEnd(options: {
  port: number;
  host?: string;
  tls?: { identity: TlsIdentity; next: string; previous: string };
  timeoutMs?: number;
}): Promise<RingEnd & { connect(previousUrl: string): void }> {
  const inboxes = new Map<string, PeerInbox>();
  const inbox = (queryId: string) => {
    let box = inboxes.get(queryId);
    if (box === undefined) {
      box = new PeerInbox();
      inboxes.set(queryId, box);
    }
    return box;
  };
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    (async () => {
      const queryId = checkId(request.headers["x-pop-request"], "x-pop-request");
      const round = Number(request.headers["x-pop-round"]);
      const payload = await readBody(request, MAX_RING_BYTES);
      if (!inbox(queryId).deliver(round, payload)) throw new PeerError(`round ${round} was already received`);
      send(response, 200, { ok: true });
    })().catch((error: unknown) => send(response, 400, { error: (error as Error).message }));
  };
  const tls = options.tls;
  const server: http.Server | https.Server =
    tls === undefined
      ? // Idle keep-alive sockets live as long as on the TLS port (Node's 5 s default races a round that follows seconds of dot products).
        Object.assign(http.createServer(handle), { keepAliveTimeout: 65_000 })
      : createLinkServer({
          identity: tls.identity,
          allowed: [tls.next],
          limits: { maxConnections: 8, idleTimeoutMs: 120_000, requestTimeoutMs: 60_000 },
          handle,
        });
  const host = options.host ?? "127.0.0.1";
  await listen(server as https.Server, options.port, host);
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const agent =
    tls === undefined
      ? new http.Agent({ keepAlive: true, maxSockets: 4 })
      : linkAgent({ identity: tls.identity, peerCertificate: tls.previous });
  let previousUrl: string | undefined;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    url: `${tls === undefined ? "http" : "https"}://${host}:${port}`,
    connect(url) {
      previousUrl = url;
    },
    channel(queryId) {
      return peerChannel({
        inbox: inbox(queryId),
        timeoutMs,
        send: async (round, payload) => {
          if (previousUrl === undefined) throw new PeerError("the ring end is not connected");
          const answer = await requestOverLink({
            agent,
            url: previousUrl,
            path: "/v1/ring",
            body: payload,
            headers: { "x-pop-request": queryId, "x-pop-round": String(round) },
            limit: 4096,
          });
          if (answer.status !== 200) throw new PeerError(`the previous party refused round ${round}`);
        },
      });
    },
    async close() {
      agent.destroy();
      await closePort(server as https.Server);
    },
  };
}

/**
 * Opens three ring ends on loopback, one per party (of one shard, the coordinators, or the
 * benchmark's one ring), and links each to the previous party's.
 * @param identities each party's identity for that part
 * @param tls false only for the benchmark's plain-TCP comparison
 */
export async function openRing(identities: readonly TlsIdentity[], tls = true): Promise<RingEnd[]> {
  const ends = await Promise.all(
    PARTIES.map((party) =>
      openRingEnd({
        port: 0,
        ...(tls
          ? {
              tls: {
                identity: identities[party]!,
                next: identities[(party + 1) % 3]!.certificate,
                previous: identities[(party + 2) % 3]!.certificate,
              },
            }
          : {}),
      }),
    ),
  );
  for (const [party, end] of ends.entries()) end.connect(ends[(party + 2) % 3]!.url);
  return ends;
}
