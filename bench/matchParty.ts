/**
 * One MPC party of bench/match.ts, run in a worker thread: holds its share gallery (random
 * shares in bulk plus the real shares it is sent) and answers queries over MessagePorts or
 * over a ring link (TLS 1.3 with pinned certificates, or plain TCP to measure what TLS costs).
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import { IRIS_ORIENTATIONS, irisPasses } from "@pop/uniqueness/mpc/irisQuery";
import { matchGroups } from "@pop/uniqueness/mpc/matchCircuit";
import { decideMatch } from "@pop/uniqueness/mpc/matchDecision";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { openRingEnd } from "@pop/uniqueness-node/peerRing";

type Setup = { party: Party; size: number; toPrev: MessagePort; fromNext: MessagePort };
const { party, size, toPrev, fromNext } = workerData as Setup;

const queue: Uint8Array[] = [];
let waiting: ((data: Uint8Array) => void) | undefined;
fromNext.on("message", (data: Uint8Array) => {
  if (waiting !== undefined) {
    const resolve = waiting;
    waiting = undefined;
    resolve(data);
  } else {
    queue.push(data);
  }
});
const ports: PartyChannel = {
  exchange(data) {
    toPrev.postMessage(data);
    const queued = queue.shift();
    return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => (waiting = resolve));
  },
};

// The gallery keeps its entries in memory segments of its own (shareGallery.ts).
const gallery = new ShareGallery();
const noise = new Uint16Array(TEMPLATE_VALUES);
for (let i = 0; i < size; i++) {
  for (let offset = 0; offset < noise.length; offset += 32_768) {
    crypto.getRandomValues(noise.subarray(offset, Math.min(noise.length, offset + 32_768)));
  }
  gallery.add(noise);
}
const rings: Record<string, Awaited<ReturnType<typeof openRingEnd>>> = {};

type Message = {
  kind: string;
  share: Uint16Array;
  second?: Uint16Array;
  keys?: Uint8Array[];
  nonce?: Uint8Array;
  index?: number;
  via?: string;
  requestId?: string;
  url?: string;
  tls?: { identity: TlsIdentity; next: string; previous: string };
};

parentPort!.on("message", async (message: Message) => {
  if (message.kind === "enroll") {
    // Real shares overwrite noise entries, so the query has someone to find.
    gallery.set(message.index!, message.share);
    parentPort!.postMessage({ kind: "enrolled" });
  } else if (message.kind === "ring") {
    const ring = await openRingEnd({ port: 0, ...(message.tls === undefined ? {} : { tls: message.tls }) });
    rings[message.via!] = ring;
    parentPort!.postMessage({ kind: "ring", url: ring.url });
  } else if (message.kind === "connect") {
    rings[message.via!]!.connect(message.url!);
    parentPort!.postMessage({ kind: "connected" });
  } else if (message.kind === "close") {
    await Promise.all(Object.values(rings).map((ring) => ring.close()));
    parentPort!.postMessage({ kind: "closed" });
  } else if (message.kind === "query" || message.kind === "full") {
    const start = performance.now();
    const [prevKey, nextKey] = message.keys!;
    const via = message.via ?? "ports";
    const channel = via === "ports" ? ports : rings[via]!.channel(message.requestId!);
    const context = { party, channel, prevKey: prevKey!, nextKey: nextKey!, nonce: message.nonce! };
    if (message.kind === "query") {
      const dots = gallery.dotShares(party, message.share);
      const dotsMs = performance.now() - start;
      const { matches, stats } = await matchGroups(context, dots, [dots.count]);
      parentPort!.postMessage({ kind: "query", matches, dotsMs, totalMs: performance.now() - start, ...stats });
    } else {
      // Both eyes in four orientations: eight passes. The left and right galleries are the one
      // gallery of random shares (the same work as two, half the memory).
      const passes = irisPasses(
        { left: gallery, right: gallery },
        party,
        { left: message.share, right: message.second! },
        size,
      );
      const dotsMs = performance.now() - start;
      const { decision, stats } = await decideMatch(context, {
        passes,
        entries: size,
        width: 31,
        orientations: IRIS_ORIENTATIONS,
        sameHuman: new Array<boolean>(size).fill(false),
      });
      parentPort!.postMessage({ kind: "full", decision, dotsMs, totalMs: performance.now() - start, ...stats });
    }
  }
});
parentPort!.postMessage({ kind: "ready" });
