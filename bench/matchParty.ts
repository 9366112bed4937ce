/**
 * One MPC party of bench/match.ts, run in a worker thread: holds its share gallery (random
 * shares in bulk plus the real shares it is sent) and answers queries over MessagePorts.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import { matchGroups } from "@pop/uniqueness/mpc/matchCircuit";
import { type DotShares, ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";

type Setup = { party: Party; size: number; shard: number; toPrev: MessagePort; fromNext: MessagePort };
const { party, size, shard, toPrev, fromNext } = workerData as Setup;

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
const channel: PartyChannel = {
  exchange(data) {
    toPrev.postMessage(data);
    const queued = queue.shift();
    return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => (waiting = resolve));
  },
};

// Shards of at most `shard` entries: one kernel memory stays under WebAssembly's 4 GiB.
const shards: ShareGallery[] = [];
const noise = new Uint16Array(TEMPLATE_VALUES);
for (let i = 0; i < size; i++) {
  if (i % shard === 0) shards.push(new ShareGallery());
  for (let offset = 0; offset < noise.length; offset += 32_768) {
    crypto.getRandomValues(noise.subarray(offset, Math.min(noise.length, offset + 32_768)));
  }
  shards[shards.length - 1]!.add(noise);
}

function dotShares(query: Uint16Array): DotShares {
  const parts = shards.map((gallery) => gallery.dotShares(party, query));
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const code = new Uint16Array(count);
  const mask = new Uint16Array(count);
  let at = 0;
  for (const part of parts) {
    code.set(part.code, at);
    mask.set(part.mask, at);
    at += part.count;
  }
  return { count, code, mask };
}

parentPort!.on(
  "message",
  async (message: { kind: string; share: Uint16Array; keys?: Uint8Array[]; nonce?: Uint8Array; index?: number }) => {
    if (message.kind === "enroll") {
      // Real shares overwrite noise entries, so the query has someone to find.
      const gallery = shards[Math.floor(message.index! / shard)]!;
      gallery.swapRemove(message.index! % shard);
      gallery.add(message.share);
      parentPort!.postMessage({ kind: "enrolled" });
    } else if (message.kind === "dots") {
      const start = performance.now();
      const dots = dotShares(message.share);
      parentPort!.postMessage({ kind: "dots", ms: performance.now() - start, count: dots.count });
    } else if (message.kind === "query") {
      const start = performance.now();
      const dots = dotShares(message.share);
      const dotsMs = performance.now() - start;
      const [prevKey, nextKey] = message.keys!;
      const { matches, stats } = await matchGroups(
        { party, channel, prevKey: prevKey!, nextKey: nextKey!, nonce: message.nonce! },
        dots,
        [dots.count],
      );
      parentPort!.postMessage({ kind: "query", matches, dotsMs, totalMs: performance.now() - start, ...stats });
    }
  },
);
parentPort!.postMessage({ kind: "ready" });
