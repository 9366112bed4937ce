import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { hexToBytes } from "@pop/core/bytes";
import { InputError, PopError } from "@pop/core/errors";
import { parseCluster, urlHostPort } from "@pop/uniqueness/cluster/clusterFile";
import { certificateFingerprint } from "@pop/uniqueness/cluster/tlsIdentity";
import { linkAgent } from "@pop/uniqueness/cluster/tlsLink";
import type { Modality } from "@pop/uniqueness/custody/package";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { RequestKind } from "@pop/uniqueness/wire/envelope";
import { ClientRates, clientsByFingerprint, identifyClient } from "./clientAuth.js";
import { readConfigJson } from "./configFile.js";
import { EventLog } from "./eventLog.js";
import { RequestRefused, send } from "./http.js";
import type { NodeContext, NodeFaults } from "./nodeContext.js";
import { checkSecretsMatch, parseNodeSecrets } from "./nodeKeys.js";
import { sendControl } from "./peerClient.js";
import { PeerInbox } from "./peerLink.js";
import { RandomnessBook } from "./randomness.js";
import { openRequestLog, recordOrder } from "./requestLog.js";
import { handleCancel } from "./routes/cancel.js";
import { handleClientRequest } from "./routes/clientRequest.js";
import { handlePeerMessage } from "./routes/peerMessage.js";
import { handlePeerOrder } from "./routes/peerOrder.js";
import { handlePeerRandomness } from "./routes/peerRandomness.js";
import { handlePeerStatus } from "./routes/peerStatus.js";
import { Sequencer } from "./sequencer.js";
import { replayEvents, type Settlement, startSettling } from "./settlement.js";
import { startNodeShards } from "./shard/partyShards.js";
import { ShardedDecisions } from "./shard/shardedDecisions.js";
import { SlotStore } from "./slotStore.js";
import { closePort, createLinkServer, listen } from "./tls.js";

/**
 * One uniqueness node (one MPC party), with two ports (docs/uniqueness.md#the-nodes), both
 * HTTPS with TLS 1.3 and mutual authentication pinned to the cluster file (tls.ts). Its
 * client port (the cluster file's url) serves registered clients: POST /v1/check, /v1/enroll,
 * /v1/delete and /v1/cancel, GET /v1/status. Its peer port (peerUrl) serves the two other
 * nodes: POST /v1/peer, /v1/peer/status, /v1/peer/randomness; there the nodes run the protocol
 * (runRequest.ts), and each answers its client with its Ed25519 signature over (request id,
 * kind, result).
 */

/** A running node. */
export type RunningNode = {
  party: Party;
  url: string;
  peerUrl: string;
  close(): Promise<void>;
  /** The iris gallery (the same as stores.iris). */
  store: SlotStore;
  stores: Record<Modality, SlotStore>;
  /** The event log and its chain head (the same on all three nodes when they agree). */
  events: EventLog;
  /** Its shard workers' decisions, when it has shards. */
  shards: ShardedDecisions | undefined;
};

/** What a node needs to start. */
export type NodeOptions = {
  /** The data directory: node-key.json, cluster.json, slots/ and pending/ (irises), face/slots/ and face/pending/, requests.log, and nats/ for a node with shards. */
  dataDir: string;
  /** The client port (default: the port of the cluster file's url for this node). */
  port?: number;
  /** The peer port (default: the port of its peerUrl). */
  peerPort?: number;
  host?: string;
  /** The party the data directory must be for (refused when node-key.json says another). */
  party?: Party;
  /** How long to wait for a peer's message (default 30 s). */
  peerTimeoutMs?: number;
  /** Writes one line of the node's log (never shares or templates). */
  log?: (line: string) => void;
  /** Called when a pending enrolment is settled, once the node is free again. */
  onSettled?: (settlement: Settlement) => void;
  /** Test-only fault-injection points. */
  faults?: NodeFaults;
};

const CLIENT_ROUTES: Record<string, RequestKind> = {
  "POST /v1/check": "check",
  "POST /v1/enroll": "enroll",
  "POST /v1/delete": "delete",
  "POST /v1/recover": "recover",
};

async function routeClient(context: NodeContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = `${request.method} ${request.url}`;
  const kind = CLIENT_ROUTES[path];
  if (kind !== undefined) return handleClientRequest(context, kind, request, response);
  if (path === "POST /v1/cancel") return handleCancel(context, request, response);
  if (path === "GET /v1/status") {
    identifyClient(context, request);
    const { stores, party, me, events } = context;
    send(response, 200, { party, count: stores.iris.count, faces: stores.face.count, head: events.head, node: me });
  } else {
    send(response, 404, { error: "no such route on the client port" });
  }
}

async function routePeer(context: NodeContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = `${request.method} ${request.url}`;
  if (path === "POST /v1/peer") return handlePeerMessage(context, request, response);
  if (path === "POST /v1/peer/status") return handlePeerStatus(context, request, response);
  if (path === "POST /v1/peer/randomness") return handlePeerRandomness(context, request, response);
  if (path === "POST /v1/peer/order") return handlePeerOrder(context, request, response);
  send(response, 404, { error: "no such route on the peer port" });
}

function serve(
  context: NodeContext,
  route: (context: NodeContext, request: IncomingMessage, response: ServerResponse) => Promise<void>,
) {
  return (request: IncomingMessage, response: ServerResponse) => {
    route(context, request, response).catch((error: unknown) => {
      const status =
        error instanceof RequestRefused
          ? error.status
          : error instanceof InputError
            ? 400
            : error instanceof PopError
              ? 409
              : 500;
      const message = error instanceof PopError ? error.message : "internal error";
      if (!(error instanceof PopError)) {
        context.log(`internal error on ${request.method} ${request.url}: ${(error as Error)?.message}`);
      }
      // A body refused before it was read (413, 429, 401/403) is not drained: the connection goes.
      if (!request.complete) response.setHeader("connection", "close");
      if (!response.headersSent) send(response, status, { error: message });
    });
  };
}

async function readNodeFiles(options: NodeOptions) {
  const keyFile = join(options.dataDir, "node-key.json");
  const secrets = parseNodeSecrets(await readConfigJson(keyFile, "node key file"), `node key file ${keyFile}`);
  if (options.party !== undefined && options.party !== secrets.party) {
    throw new InputError(`node key file ${keyFile} is for party ${secrets.party}, not party ${options.party}`);
  }
  const clusterFile = join(options.dataDir, "cluster.json");
  const cluster = parseCluster(await readConfigJson(clusterFile, "cluster file"), `cluster file ${clusterFile}`);
  checkSecretsMatch(secrets, cluster.nodes[secrets.party], `node key file ${keyFile}`);
  return { secrets, cluster };
}

/**
 * Starts a node on its data directory.
 * @param options the data directory, where to listen, and the optional hooks
 * @returns the node, once both its ports listen
 * @throws InputError for an unreadable or malformed data directory, a key file that is not the
 *   cluster file's node, or an address it cannot use; StoreError for a gallery file it will not run on
 */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const { secrets, cluster } = await readNodeFiles(options);
  const party = secrets.party;
  const me = cluster.nodes[party];
  const previous = cluster.nodes[((party + 2) % 3) as Party];
  const next = cluster.nodes[((party + 1) % 3) as Party];
  const timeoutMs = options.peerTimeoutMs ?? 30_000;
  const seenLog = join(options.dataDir, "requests.log");
  const requestLog = await openRequestLog(options.dataDir, Math.floor(Date.now() / 1000));
  let queue: Promise<unknown> = Promise.resolve();
  const inboxes = new Map<string, PeerInbox>();
  const identity = { key: secrets.tlsKey, certificate: secrets.certificate };
  const peerAgents = new Map(
    [previous, next].map((peer) => [peer.party, linkAgent({ identity, peerCertificate: peer.certificate })] as const),
  );
  const stores = {
    iris: await SlotStore.open(options.dataDir, party, "iris"),
    face: await SlotStore.open(join(options.dataDir, "face"), party, "face"),
  };
  const events = await EventLog.open(join(options.dataDir, "events.log"));
  // Started last before the node is made, so that a store the node will not run on starts none.
  const host = options.host ?? "127.0.0.1";
  const shards = await startNodeShards({
    dataDir: options.dataDir,
    host,
    party,
    me,
    previous,
    next,
    identity,
    timeoutMs,
  });
  const context: NodeContext = {
    ...(shards === undefined ? {} : { shards: new ShardedDecisions(shards) }),
    party,
    dataDir: options.dataDir,
    me,
    previous,
    next,
    nodes: cluster.nodes,
    secrets,
    signingSecret: hexToBytes(secrets.signing, "signing", 32),
    clientList: cluster.clients,
    sources: cluster.sources,
    clients: clientsByFingerprint(cluster.clients),
    rates: new ClientRates(),
    peers: new Map([previous, next].map((peer) => [certificateFingerprint(peer.certificate), peer])),
    peerAgents,
    randomness: new RandomnessBook(2 * timeoutMs),
    stores,
    events,
    sequencer: new Sequencer({
      party,
      lastSeq: requestLog.lastSeq,
      timeoutMs: Math.min(timeoutMs, 5_000),
      send: (to, message) => sendControl(context, to, message),
      record: (seq, requestId, digest) => recordOrder(options.dataDir, seq, requestId, digest),
    }),
    serial<T>(task: () => Promise<T>): Promise<T> {
      const run = queue.then(task, task);
      queue = run.catch(() => {});
      return run;
    },
    recoveries: new Map(),
    timeoutMs,
    faults: options.faults ?? {},
    log: options.log ?? ((line: string) => process.stderr.write(`node ${party}: ${line}\n`)),
    seen: requestLog.seen,
    seenLog,
    state: { running: undefined },
    inboxes,
    inbox(requestId) {
      let box = inboxes.get(requestId);
      if (box === undefined) {
        box = new PeerInbox();
        inboxes.set(requestId, box);
        // A request that never starts here (the client did not reach this node) is dropped.
        setTimeout(() => inboxes.delete(requestId), 2 * timeoutMs).unref();
      }
      return box;
    },
  };
  // What the event log decided before a crash is applied before the node serves.
  try {
    for (const settlement of await replayEvents(context)) options.onSettled?.(settlement);
  } catch (error) {
    await shards?.close();
    throw error;
  }
  // A request may wait on its peers for up to a timeout per round: the client's socket is
  // idle meanwhile, so its idle limit is generous; a peer's messages are answered at once.
  const clientPort = createLinkServer({
    identity,
    allowed: cluster.clients.map((client) => client.certificate),
    limits: { maxConnections: 256, idleTimeoutMs: 10 * timeoutMs, requestTimeoutMs: 30_000 },
    handle: serve(context, routeClient),
  });
  const peerPort = createLinkServer({
    identity,
    allowed: [previous.certificate, next.certificate],
    limits: { maxConnections: 32, idleTimeoutMs: 120_000, requestTimeoutMs: timeoutMs },
    handle: serve(context, routePeer),
  });
  const ports = [options.port ?? urlHostPort(me.url).port, options.peerPort ?? urlHostPort(me.peerUrl).port];
  const servers = [clientPort, peerPort];
  try {
    for (const [i, server] of servers.entries()) {
      await listen(server, ports[i]!, host).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code ?? "error";
        throw new InputError(`cannot listen on ${host}:${ports[i]} (${code})`, { cause: error });
      });
    }
  } catch (error) {
    await Promise.all(servers.filter((server) => server.listening).map(closePort));
    for (const agent of peerAgents.values()) agent.destroy();
    await shards?.close();
    throw error;
  }
  const stopSettling = startSettling(context, options.onSettled ?? (() => {}));
  context.log(
    `listening on ${host}:${ports[0]} (clients) and ${host}:${ports[1]} (peers) with ` +
      `${context.stores.iris.count} irises and ${context.stores.face.count} faces` +
      (shards === undefined ? "" : ` on ${shards.shards} shards`),
  );
  return {
    party,
    url: me.url,
    peerUrl: me.peerUrl,
    store: context.stores.iris,
    stores: context.stores,
    events: context.events,
    shards: context.shards,
    close: async () => {
      stopSettling();
      await Promise.all(servers.map(closePort));
      for (const agent of peerAgents.values()) agent.destroy();
      await shards?.close();
    },
  };
}
