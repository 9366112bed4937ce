/**
 * One shard worker of bench/matchSharded.ts, in a worker thread: shard k of party p with
 * `size` random entries (one eye), its ring end to shard k of the other parties (TLS 1.3,
 * pinned) and its connection to the party's nats-server, answering the coordinator's queries.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { type Party, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { openRingEnd } from "@pop/uniqueness-node/peerRing";
import { connectToNats } from "@pop/uniqueness-node/shard/natsServer";
import { ShardWorker } from "@pop/uniqueness-node/shard/shardWorker";

type Setup = {
  party: Party;
  shard: number;
  shards: number;
  size: number;
  identity: TlsIdentity;
  next: string;
  previous: string;
  nats: { url: string; certificate: string };
};
const setup = workerData as Setup;
const ring = await openRingEnd({
  port: 0,
  tls: { identity: setup.identity, next: setup.next, previous: setup.previous },
});
const worker = new ShardWorker({ party: setup.party, shard: setup.shard, shards: setup.shards, galleries: 1, ring });
const noise = new Uint16Array(TEMPLATE_VALUES);
for (let i = 0; i < setup.size; i++) {
  for (let offset = 0; offset < noise.length; offset += 32_768) {
    crypto.getRandomValues(noise.subarray(offset, Math.min(noise.length, offset + 32_768)));
  }
  worker.add("noise", [noise]);
}
const nats = await connectToNats(setup.nats, setup.identity);
worker.listen(nats);
await nats.flush();
parentPort!.on("message", async (message: { kind: string; url?: string; index?: number; share?: Uint16Array }) => {
  if (message.kind === "connect") {
    ring.connect(message.url!);
    parentPort!.postMessage({ kind: "connected" });
  } else if (message.kind === "enroll") {
    worker.galleries[0]!.set(message.index!, message.share!);
    parentPort!.postMessage({ kind: "enrolled" });
  } else if (message.kind === "close") {
    await nats.close();
    await worker.close();
    parentPort!.postMessage({ kind: "closed" });
  }
});
parentPort!.postMessage({ kind: "ready", url: ring.url });
