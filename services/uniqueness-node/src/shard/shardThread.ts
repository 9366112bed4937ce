/**
 * A node's shard worker, run in a worker thread of its own (docs/uniqueness.md#past-one-machine):
 * shard k of the node's iris and face galleries, its ring end to shard k of the other two
 * nodes (TLS 1.3, the node's certificate, the peers' pinned), and its connection to the
 * node's NATS server, where it answers the coordinator's queries and entry updates.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { openRingEnd } from "../peerRing.js";
import { connectToNats } from "./natsServer.js";
import { ShardWorker } from "./shardWorker.js";

/** What the node gives a shard thread. */
export type ShardThreadSetup = {
  party: Party;
  shard: number;
  shards: number;
  nats: { url: string; certificate: string; identity: TlsIdentity };
  ring: {
    host: string;
    port: number;
    identity: TlsIdentity;
    next: string;
    previous: string;
    /** Shard k of the previous node. */
    previousUrl: string;
    timeoutMs: number;
  };
};

const setup = workerData as ShardThreadSetup;
const ring = await openRingEnd({
  port: setup.ring.port,
  host: setup.ring.host,
  tls: { identity: setup.ring.identity, next: setup.ring.next, previous: setup.ring.previous },
  timeoutMs: setup.ring.timeoutMs,
});
ring.connect(setup.ring.previousUrl);
const nats = await connectToNats(setup.nats, setup.nats.identity);
const common = { party: setup.party, shard: setup.shard, shards: setup.shards, ring };
const workers = [
  new ShardWorker({ ...common, galleries: 2, gallery: "iris" }),
  new ShardWorker({ ...common, galleries: 1, gallery: "face" }),
];
for (const worker of workers) worker.listen(nats);
await nats.flush();
parentPort!.on("message", async (message: { kind: string }) => {
  if (message.kind !== "close") return;
  for (const worker of workers) worker.stop();
  await nats.drain();
  await ring.close();
  parentPort!.postMessage({ kind: "closed" });
});
parentPort!.postMessage({ kind: "ready", url: ring.url });
