import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { NatsConnection } from "@nats-io/transport-node";
import { type NodeInfo, urlHostPort } from "@pop/uniqueness/cluster/clusterFile";
import { createTlsIdentity, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import type { Modality } from "@pop/uniqueness/custody/package";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { nextMessage, startModuleWorker } from "../workerThreads.js";
import { Coordinator } from "./coordinator.js";
import { partyNatsUsers, processName } from "./localShardedCluster.js";
import { connectToNats, type NatsServer, startNatsServer } from "./natsServer.js";
import type { ShardThreadSetup } from "./shardThread.js";

/**
 * A node's shards (docs/uniqueness.md#past-one-machine): the node is its party's coordinator;
 * it starts its own nats-server (TLS, one user per process, certificates made fresh at each
 * start: they never leave the node) and K shard workers, each a worker thread
 * (shardThread.ts) holding shard k of the iris and face galleries with its own ring link to
 * shard k of the other nodes. The node sends each shard the entries it holds and every change
 * to them, and asks all K for a decision, which it finishes over its own peer links.
 */

/** A node's running shards. */
export type PartyShards = {
  readonly shards: number;
  /** The coordinator of each gallery. */
  readonly coordinators: Record<Modality, Coordinator>;
  /** Stops the shard threads, the NATS connection and the server. */
  close(): Promise<void>;
};

/** The shard thread's module: the built .js, or the .ts source (tests run the sources). */
function startShardThread(setup: ShardThreadSetup): Worker {
  const here = import.meta.url;
  return startModuleWorker(new URL(here.endsWith(".js") ? "./shardThread.js" : "./shardThread.ts", here), setup);
}

/**
 * Starts a node's K shards.
 * @param options.party the node's party
 * @param options.dir where the node's nats-server keeps its config (in the data directory)
 * @param options.identity the node's TLS identity (its shards' ring links present it)
 * @param options.next the next node's certificate, options.previous the previous node's
 * @param options.host the address the shards' ring ports listen on
 * @param options.ports shard k's ring port
 * @param options.previousUrls shard k's ring URL on the previous node
 * @param options.timeoutMs how long a shard may wait for a round, and the coordinator for a shard
 */
export async function startPartyShards(options: {
  party: Party;
  dir: string;
  identity: TlsIdentity;
  next: string;
  previous: string;
  host: string;
  ports: readonly number[];
  previousUrls: readonly string[];
  timeoutMs: number;
}): Promise<PartyShards> {
  const { party } = options;
  const shards = options.ports.length;
  const local = (name: string) => createTlsIdentity({ name, hosts: ["127.0.0.1", "localhost"] });
  const natsIdentity = await local(`pop party ${party} nats`);
  const coordinatorIdentity = await local(processName(party, "coordinator"));
  const shardIdentities = await Promise.all(options.ports.map((_, k) => local(processName(party, k))));
  let server: NatsServer | undefined;
  let nats: NatsConnection | undefined;
  const threads: Worker[] = [];
  const close = async () => {
    await Promise.all(
      threads.map(async (thread) => {
        const closed = nextMessage(thread, "closed").catch(() => undefined);
        thread.postMessage({ kind: "close" });
        await closed;
        await thread.terminate();
      }),
    );
    await nats?.close();
    await server?.stop();
  };
  try {
    server = await startNatsServer({
      dir: options.dir,
      identity: natsIdentity,
      users: partyNatsUsers(party, {
        coordinator: coordinatorIdentity.certificate,
        shards: shardIdentities.map((identity) => identity.certificate),
      }),
    });
    const natsServer = { url: server.url, certificate: server.certificate };
    for (let k = 0; k < shards; k++) {
      const thread = startShardThread({
        party,
        shard: k,
        shards,
        nats: { ...natsServer, identity: shardIdentities[k]! },
        ring: {
          host: options.host,
          port: options.ports[k]!,
          identity: options.identity,
          next: options.next,
          previous: options.previous,
          previousUrl: options.previousUrls[k]!,
          timeoutMs: options.timeoutMs,
        },
      });
      threads.push(thread);
    }
    await Promise.all(threads.map((thread) => nextMessage(thread, "ready")));
    nats = await connectToNats(natsServer, coordinatorIdentity);
    const coordinator = (gallery: Modality) =>
      new Coordinator({ party, shards, nats: nats!, gallery, timeoutMs: 2 * options.timeoutMs });
    return { shards, coordinators: { iris: coordinator("iris"), face: coordinator("face") }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A node's shard workers, when the cluster file lists its shards (none otherwise): shard k's
 * ring port is that of its k-th shard URL, linked to shard k of the previous node; the
 * nats-server keeps its files in the data directory's nats/.
 * @param node the node's data directory, listening host, party, its and its peers' cluster
 *   entries, its TLS identity and peer timeout
 */
export async function startNodeShards(node: {
  dataDir: string;
  host: string;
  party: Party;
  me: NodeInfo;
  previous: NodeInfo;
  next: NodeInfo;
  identity: TlsIdentity;
  timeoutMs: number;
}): Promise<PartyShards | undefined> {
  const { me, previous, next } = node;
  if (me.shardUrls === undefined || previous.shardUrls === undefined) return undefined;
  return startPartyShards({
    party: node.party,
    dir: join(node.dataDir, "nats"),
    identity: node.identity,
    next: next.certificate,
    previous: previous.certificate,
    host: node.host,
    ports: me.shardUrls.map((url) => urlHostPort(url).port),
    previousUrls: previous.shardUrls,
    timeoutMs: node.timeoutMs,
  });
}
