import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { hexToBytes } from "@pop/core/bytes";
import { InputError, PopError } from "@pop/core/errors";
import { parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import type { Modality } from "@pop/uniqueness/custodyPackage";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { ClientKind } from "@pop/uniqueness/wire/requests";
import { readConfigJson } from "./configFile.js";
import { send } from "./http.js";
import type { NodeContext, NodeFaults } from "./nodeContext.js";
import { pairwiseKey, parseNodeSecrets } from "./nodeKeys.js";
import { PeerInbox } from "./peerLink.js";
import { handleCancel } from "./routes/cancel.js";
import { handleClientRequest } from "./routes/clientRequest.js";
import { handlePeerMessage } from "./routes/peerMessage.js";
import { handlePeerStatus } from "./routes/peerStatus.js";
import { type Settlement, startSettling } from "./settlement.js";
import { SlotStore } from "./slotStore.js";

/**
 * One uniqueness node (one MPC party). Clients POST /v1/check, /v1/enroll and /v1/delete to
 * all three nodes with the same request id; the nodes run the protocol among themselves over
 * /v1/peer (runRequest.ts) and each answers with its Ed25519 signature over (request id, kind,
 * result). GET /v1/status tells the gallery sizes.
 */

/** A running node. */
export type RunningNode = {
  party: Party;
  url: string;
  close(): Promise<void>;
  /** The iris gallery (the same as stores.iris). */
  store: SlotStore;
  stores: Record<Modality, SlotStore>;
};

/** What a node needs to start. */
export type NodeOptions = {
  /** The data directory: node-key.json, cluster.json, slots/ and pending/ (irises), face/slots/ and face/pending/, requests.log. */
  dataDir: string;
  port: number;
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

const CLIENT_ROUTES: Record<string, ClientKind> = {
  "POST /v1/check": "check",
  "POST /v1/enroll": "enroll",
  "POST /v1/delete": "delete",
};

function route(context: NodeContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = `${request.method} ${request.url}`;
  const kind = CLIENT_ROUTES[path];
  if (kind !== undefined) return handleClientRequest(context, kind, request, response);
  if (path === "POST /v1/cancel") return handleCancel(context, request, response);
  if (path === "POST /v1/peer") return handlePeerMessage(context, request, response);
  if (path === "POST /v1/peer/status") return handlePeerStatus(context, request, response);
  if (path === "GET /v1/status") {
    const { stores, party, me } = context;
    send(response, 200, { party, count: stores.iris.count, faces: stores.face.count, node: me });
  } else {
    send(response, 404, { error: "no such route" });
  }
  return Promise.resolve();
}

/**
 * Starts a node on its data directory.
 * @param options the data directory, where to listen, and the optional hooks
 * @returns the node, once it listens
 * @throws InputError for an unreadable or malformed data directory or an address it cannot use;
 *   StoreError for a gallery file it will not run on
 */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const keyFile = join(options.dataDir, "node-key.json");
  const secrets = parseNodeSecrets(await readConfigJson(keyFile, "node key file"), `node key file ${keyFile}`);
  if (options.party !== undefined && options.party !== secrets.party) {
    throw new InputError(`node key file ${keyFile} is for party ${secrets.party}, not party ${options.party}`);
  }
  const clusterFile = join(options.dataDir, "cluster.json");
  const cluster = parseCluster(await readConfigJson(clusterFile, "cluster file"), `cluster file ${clusterFile}`);
  const party = secrets.party;
  const previous = cluster.nodes[((party + 2) % 3) as Party];
  const next = cluster.nodes[((party + 1) % 3) as Party];
  const timeoutMs = options.peerTimeoutMs ?? 30_000;
  const seenLog = join(options.dataDir, "requests.log");
  const inboxes = new Map<string, PeerInbox>();
  const context: NodeContext = {
    party,
    me: cluster.nodes[party],
    previous,
    next,
    nodes: cluster.nodes,
    secrets,
    signingSecret: hexToBytes(secrets.signing, "signing", 32),
    macFromNext: pairwiseKey({ secrets, peer: next, purpose: "mac" }),
    macToPrevious: pairwiseKey({ secrets, peer: previous, purpose: "mac" }),
    stores: {
      iris: await SlotStore.open(options.dataDir, party),
      face: await SlotStore.open(join(options.dataDir, "face"), party),
    },
    timeoutMs,
    faults: options.faults ?? {},
    log: options.log ?? ((line: string) => process.stderr.write(`node ${party}: ${line}\n`)),
    seen: new Set((await readFile(seenLog, "utf8").catch(() => "")).split("\n").filter((line) => line !== "")),
    seenLog,
    state: { busy: false, running: undefined },
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
  const server: Server = createServer((request, response) => {
    route(context, request, response).catch((error: unknown) => {
      const status = error instanceof InputError ? 400 : error instanceof PopError ? 409 : 500;
      const message = error instanceof PopError ? error.message : "internal error";
      if (!(error instanceof PopError)) {
        context.log(`internal error on ${request.method} ${request.url}: ${(error as Error)?.message}`);
      }
      if (!response.headersSent) send(response, status, { error: message });
    });
  });
  server.requestTimeout = 0;
  const host = options.host ?? "127.0.0.1";
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, host, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new InputError(`cannot listen on ${host}:${options.port} (${code})`, { cause: error });
  }
  const stopSettling = startSettling(context, options.onSettled ?? (() => {}));
  context.log(
    `listening on ${host}:${options.port} with ${context.stores.iris.count} irises and ${context.stores.face.count} faces`,
  );
  return {
    party,
    url: context.me.url,
    store: context.stores.iris,
    stores: context.stores,
    close: () =>
      new Promise<void>((resolve) => {
        stopSettling();
        server.close(() => resolve());
      }),
  };
}
