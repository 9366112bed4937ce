import { appendFile, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { InputError, PopError } from "@pop/core/errors";
import { expectObject, parseJson } from "@pop/core/json";
import { MODALITIES, type Modality, openCustodyPart, parseCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { matchGroups } from "@pop/uniqueness/mpc/matchCircuit";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import {
  type Cluster,
  type NodeInfo,
  type NodeSecrets,
  pairwiseKey,
  parseCluster,
  parseNodeSecrets,
} from "./cluster.js";
import { MAX_PEER_BYTES, PeerError, PeerInbox, peerChannel, peerMac } from "./peerLink.js";
import { checkId, SlotStore } from "./slotStore.js";

/**
 * One uniqueness node (one MPC party). Clients POST /v1/check, /v1/enroll and /v1/delete to
 * all three nodes with the same request id; the nodes run the protocol among themselves over
 * /v1/peer and each answers with its Ed25519 signature over (request id, kind, result).
 * A node holds only its own shares; nothing it logs or stores is a template. Iris codes and
 * faces live in separate galleries (the package says which); a delete removes a person from both.
 */

/** How the answers are signed: sha256 of this JSON text. */
export function answerDigest(answer: { requestId: string; kind: string; result: Record<string, unknown> }): Uint8Array {
  return sha256(new TextEncoder().encode(JSON.stringify([answer.requestId, answer.kind, answer.result])));
}

const MAX_CLIENT_BYTES = 512 * 1024;
/** Rotations compared per gallery entry: −15..15 for irises, none for faces. */
const ROTATIONS: Record<Modality, number> = { iris: 15, face: 0 };

type Kind = "check" | "enroll" | "delete";

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
  /** How long to wait for a peer's message (default 30 s). */
  peerTimeoutMs?: number;
  /** Writes one line of the node's log (never shares or templates). */
  log?: (line: string) => void;
};

async function readJson(path: string): Promise<unknown> {
  return parseJson(await readFile(path, "utf8"), path);
}

function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new InputError(`request body over ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Starts a node on its data directory. */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const secrets: NodeSecrets = parseNodeSecrets(
    await readJson(join(options.dataDir, "node-key.json")),
    "node-key.json",
  );
  const cluster: Cluster = parseCluster(await readJson(join(options.dataDir, "cluster.json")), "cluster.json");
  const party = secrets.party;
  const me = cluster.nodes[party];
  const previous = cluster.nodes[((party + 2) % 3) as Party];
  const next = cluster.nodes[((party + 1) % 3) as Party];
  const log = options.log ?? ((line: string) => process.stderr.write(`node ${party}: ${line}\n`));
  const timeoutMs = options.peerTimeoutMs ?? 30_000;
  const stores: Record<Modality, SlotStore> = {
    iris: await SlotStore.open(options.dataDir, party),
    face: await SlotStore.open(join(options.dataDir, "face"), party),
  };
  const pendingAnywhere = () =>
    MODALITIES.flatMap((modality) => stores[modality].pending().map((record) => ({ modality, record })));
  const macFromNext = pairwiseKey({ secrets, peer: next, purpose: "mac" });
  const macToPrevious = pairwiseKey({ secrets, peer: previous, purpose: "mac" });
  const signingSecret = hexToBytes(secrets.signing, "signing", 32);
  const seenLog = join(options.dataDir, "requests.log");
  const seen = new Set((await readFile(seenLog, "utf8").catch(() => "")).split("\n").filter((line) => line !== ""));
  const inboxes = new Map<string, PeerInbox>();
  let busy = false;
  let running: string | undefined;

  const inbox = (requestId: string) => {
    let box = inboxes.get(requestId);
    if (box === undefined) {
      box = new PeerInbox();
      inboxes.set(requestId, box);
      // A request that never starts here (the client did not reach this node) is dropped.
      setTimeout(() => inboxes.delete(requestId), 2 * timeoutMs).unref();
    }
    return box;
  };

  const sendToPrevious = async (requestId: string, round: number, payload: Uint8Array) => {
    const mac = peerMac({ key: macToPrevious, requestId, from: party, to: previous.party, round, payload });
    let response: Response;
    try {
      response = await fetch(`${previous.url}/v1/peer`, {
        method: "POST",
        headers: {
          "content-type": "application/octet-stream",
          "x-pop-request": requestId,
          "x-pop-from": String(party),
          "x-pop-round": String(round),
          "x-pop-mac": mac,
        },
        body: payload as Uint8Array<ArrayBuffer>,
      });
    } catch (error) {
      throw new PeerError(`node ${previous.party} at ${previous.url} is unreachable`, { cause: error });
    }
    if (!response.ok) {
      throw new PeerError(`node ${previous.party} refused round ${round}: ${(await response.text()).slice(0, 200)}`);
    }
  };

  /** Runs one request's protocol with the peers and returns its result. */
  const run = async (kind: Kind, requestId: string, body: Record<string, unknown>) => {
    // Open this node's part before engaging the peers: a bad package fails here, alone.
    const pkg = kind === "delete" ? undefined : parseCustodyPackage(body.package, "package");
    const shares =
      pkg === undefined
        ? undefined
        : openCustodyPart(pkg.parts[party]!, hexToBytes(secrets.encryption, "encryption", 32), pkg.modality);
    // A delete looks at (and agrees on) the iris gallery's view, and removes the person from every gallery.
    const modality = pkg?.modality ?? "iris";
    const store = stores[modality];
    const box = inbox(requestId);
    const channel = peerChannel({
      inbox: box,
      send: (round, payload) => sendToPrevious(requestId, round, payload),
      timeoutMs,
    });
    // Every node must see the same gallery: two ring rounds give each node all three views.
    const personId = kind === "check" ? undefined : checkId(String(body.personId), "personId");
    const view = new Uint32Array([
      store.comparedSlots,
      store.lowestFreeSlot(),
      personId !== undefined &&
      (kind === "delete" ? MODALITIES.map((m) => stores[m]) : [store]).some((s) => s.slotOf(personId) !== undefined)
        ? 1
        : 0,
    ]);
    const fromNext = new Uint32Array((await channel.exchange(new Uint8Array(view.buffer))).slice().buffer);
    const fromFar = new Uint32Array((await channel.exchange(new Uint8Array(fromNext.buffer))).slice().buffer);
    const agreed = [view, fromNext, fromFar].every((v) => v[0] === view[0] && v[1] === view[1]);
    if (kind === "delete") {
      const anywhere = [view, fromNext, fromFar].some((v) => v[2] === 1);
      let removed = false;
      for (const m of MODALITIES) {
        removed = (personId !== undefined && (await stores[m].remove(personId))) || removed;
      }
      return { deleted: anywhere || removed };
    }
    if (!agreed) {
      throw new PeerError("the nodes' galleries differ (a node is recovering): try again");
    }
    if (personId !== undefined && [view, fromNext, fromFar].some((v) => v[2] === 1)) {
      return { modality, enrolled: false, reason: "person id already enrolled" };
    }
    let unique = true;
    const slots = store.comparedSlots;
    if (slots > 0) {
      const rotations = ROTATIONS[modality];
      const dots = store.gallery.dotShares(party, shares!.query, { entries: slots, rotations });
      const nonce = sha256(new TextEncoder().encode(`pop.nonce|${requestId}`)).slice(0, 12);
      const { matches } = await matchGroups(
        {
          party,
          channel,
          prevKey: pairwiseKey({ secrets, peer: previous, purpose: "prf", context: requestId }),
          nextKey: pairwiseKey({ secrets, peer: next, purpose: "prf", context: requestId }),
          nonce,
        },
        dots,
        [slots * (2 * rotations + 1)],
      );
      unique = !matches[0];
    }
    if (kind === "check") {
      return { modality, unique };
    }
    if (!unique) {
      return { modality, enrolled: false, reason: "a matching person is enrolled" };
    }
    // Two-phase commit: prepare durably, learn that all three prepared, then commit.
    const slot = view[1]!;
    let prepared = 1;
    try {
      await store.prepare({ slot, personId: personId!, requestId, share: shares!.gallery });
    } catch (error) {
      log(`enroll ${requestId}: prepare failed (${(error as Error).message})`);
      prepared = 0;
    }
    if (process.env.POP_NODE_TEST_CRASH === "after-prepare") {
      // Test seam: die between the two phases, as a power cut would.
      process.kill(process.pid, "SIGKILL");
    }
    const nextPrepared = (await channel.exchange(new Uint8Array([prepared])))[0]!;
    const farPrepared = (await channel.exchange(new Uint8Array([prepared & nextPrepared])))[0]!;
    if ((prepared & nextPrepared & farPrepared) !== 1) {
      await store.abort(requestId);
      throw new PeerError("a node could not prepare the enrolment; nothing was stored");
    }
    await store.commit(requestId);
    return { modality, enrolled: true, slot };
  };

  const handleClient = async (kind: Kind, request: IncomingMessage, response: ServerResponse) => {
    const body = expectObject(
      parseJson(new TextDecoder().decode(await readBody(request, MAX_CLIENT_BYTES)), "request"),
      "request",
      kind === "check"
        ? ["requestId", "package"]
        : kind === "enroll"
          ? ["requestId", "personId", "package"]
          : ["requestId", "personId"],
    );
    const requestId = checkId(String(body.requestId), "requestId");
    if (seen.has(requestId)) {
      send(response, 409, { error: `request ${requestId} was already used` });
      return;
    }
    if (busy || pendingAnywhere().length > 0) {
      send(response, 503, { error: "the node is busy or recovering: try again" });
      return;
    }
    seen.add(requestId);
    await appendFile(seenLog, `${requestId}\n`, { mode: 0o600 });
    busy = true;
    running = requestId;
    try {
      const result = await run(kind, requestId, body);
      const answer = { requestId, kind, result };
      const signature = bytesToHex(ed25519.sign(answerDigest(answer), signingSecret));
      log(`${kind} ${requestId}: ${JSON.stringify(result)}`);
      send(response, 200, { ...answer, party, signature });
    } catch (error) {
      inboxes.get(requestId)?.fail(error as Error);
      throw error;
    } finally {
      busy = false;
      running = undefined;
      inboxes.delete(requestId);
    }
  };

  /** Where a request stands here, for a peer settling an enrolment it is in doubt about. */
  const stateOf = (requestId: string): string =>
    running === requestId
      ? "running"
      : pendingAnywhere().some(({ record }) => record.requestId === requestId)
        ? "pending"
        : MODALITIES.some((m) => stores[m].committedBy(requestId))
          ? "committed"
          : "none";

  const askPeer = async (peer: NodeInfo, requestId: string): Promise<string | undefined> => {
    const payload = new TextEncoder().encode(requestId);
    const key = pairwiseKey({ secrets, peer, purpose: "mac" });
    try {
      const response = await fetch(`${peer.url}/v1/peer/status`, {
        method: "POST",
        headers: {
          "x-pop-request": requestId,
          "x-pop-from": String(party),
          "x-pop-mac": peerMac({ key, requestId, from: party, to: peer.party, round: 0, payload }),
        },
        body: payload,
      });
      return response.ok ? String(((await response.json()) as { state?: unknown }).state) : undefined;
    } catch {
      return undefined;
    }
  };

  /**
   * Settles enrolments this node prepared but never saw through (it crashed, or a peer did):
   * commit if a peer committed, abort if a peer never prepared it (or dropped it), abort if
   * both peers are in doubt too (then no one can have committed: a node commits only inside
   * the request, after learning that all three prepared). Otherwise wait and ask again.
   */
  const settle = async () => {
    for (const { modality, record } of pendingAnywhere()) {
      const store = stores[modality];
      const states = await Promise.all([previous, next].map((peer) => askPeer(peer, record.requestId)));
      if (states.includes("committed")) {
        await store.commit(record.requestId);
        log(`settled enrolment ${record.requestId}: committed (a peer had committed)`);
      } else if (states.includes("none") || states.every((state) => state === "pending")) {
        await store.abort(record.requestId);
        log(`settled enrolment ${record.requestId}: aborted (${states.join(", ")})`);
      }
    }
  };
  const settling = setInterval(() => {
    if (!busy && pendingAnywhere().length > 0) {
      busy = true;
      settle()
        .catch((error: unknown) => log(`settling failed: ${(error as Error).message}`))
        .finally(() => {
          busy = false;
        });
    }
  }, 500);
  settling.unref();

  const handleStatus = async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = checkId(String(request.headers["x-pop-request"]), "x-pop-request");
    const from = Number(request.headers["x-pop-from"]);
    const peer = cluster.nodes.find((node) => node.party === from && node.party !== party);
    const payload = await readBody(request, 64);
    if (peer === undefined) {
      send(response, 400, { error: "bad peer" });
      return;
    }
    const key = pairwiseKey({ secrets, peer, purpose: "mac" });
    if (peerMac({ key, requestId, from: peer.party, to: party, round: 0, payload }) !== request.headers["x-pop-mac"]) {
      send(response, 401, { error: "bad peer message MAC" });
      return;
    }
    send(response, 200, { state: stateOf(requestId) });
  };

  const handlePeer = async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = checkId(String(request.headers["x-pop-request"]), "x-pop-request");
    const from = Number(request.headers["x-pop-from"]);
    const round = Number(request.headers["x-pop-round"]);
    if (from !== next.party || !Number.isSafeInteger(round) || round < 0 || round > 10_000) {
      send(response, 400, { error: "bad peer message header" });
      return;
    }
    const payload = await readBody(request, MAX_PEER_BYTES);
    const mac = peerMac({ key: macFromNext, requestId, from: next.party, to: party, round, payload });
    if (mac !== request.headers["x-pop-mac"]) {
      send(response, 401, { error: "bad peer message MAC" });
      return;
    }
    if (!inbox(requestId).deliver(round, payload)) {
      send(response, 409, { error: `round ${round} of ${requestId} was already received` });
      return;
    }
    send(response, 200, { ok: true });
  };

  /** A client gave up on a request (another node refused it): stop waiting for peers. */
  const handleCancel = async (request: IncomingMessage, response: ServerResponse) => {
    const body = expectObject(
      parseJson(new TextDecoder().decode(await readBody(request, 1024)), "request"),
      "request",
      ["requestId"],
    );
    const requestId = checkId(String(body.requestId), "requestId");
    const cancelled = running === requestId;
    if (cancelled) {
      inboxes.get(requestId)?.fail(new PeerError("the client cancelled the request"));
    }
    send(response, 200, { cancelled });
  };

  const server: Server = createServer((request, response) => {
    const route = `${request.method} ${request.url}`;
    const handler =
      route === "POST /v1/cancel"
        ? handleCancel(request, response)
        : route === "POST /v1/peer"
          ? handlePeer(request, response)
          : route === "POST /v1/peer/status"
            ? handleStatus(request, response)
            : route === "POST /v1/check" || route === "POST /v1/enroll" || route === "POST /v1/delete"
              ? handleClient(route.slice(9) as Kind, request, response)
              : route === "GET /v1/status"
                ? Promise.resolve(
                    send(response, 200, { party, count: stores.iris.count, faces: stores.face.count, node: me }),
                  )
                : Promise.resolve(send(response, 404, { error: "no such route" }));
    handler.catch((error: unknown) => {
      const status = error instanceof InputError ? 400 : error instanceof PopError ? 409 : 500;
      const message = error instanceof PopError ? error.message : "internal error";
      if (!(error instanceof PopError)) log(`internal error on ${route}: ${(error as Error)?.message}`);
      if (!response.headersSent) send(response, status, { error: message });
    });
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  log(
    `listening on ${options.host ?? "127.0.0.1"}:${options.port} with ${stores.iris.count} irises and ${stores.face.count} faces`,
  );
  return {
    party,
    url: me.url,
    store: stores.iris,
    stores,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(settling);
        server.close(() => resolve());
      }),
  };
}
