import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { createTlsIdentity, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { PARTIES, type Party } from "@pop/uniqueness/mpc/templateShares";
import { shardOf } from "@pop/uniqueness/shard/combineShards";
import { openRing, type RingEnd } from "../peerRing.js";
import { Coordinator } from "./coordinator.js";

import { connectToNats, type NatsServer, type NatsUser, startNatsServer } from "./natsServer.js";
import { ShardWorker } from "./shardWorker.js";

/**
 * Three sharded parties on this machine (docs/uniqueness.md#past-one-machine), for tests and
 * the benchmark: per party a nats-server with TLS and a user per process, a coordinator and K
 * shard workers, each with its own TLS identity (for NATS and for its ring link); shard k of
 * each party linked to shard k of the other two, the coordinators to each other. The shard
 * workers run in this process; bench/match puts them in threads instead.
 */

/** The name in a process's certificate (and its NATS user). */
export function processName(party: Party, part: number | "coordinator"): string {
  return part === "coordinator" ? `pop party ${party} coordinator` : `pop party ${party} shard ${part}`;
}

/** The NATS users of a party: the coordinator publishes queries; shard k takes only its own. */
export function partyNatsUsers(
  party: Party,
  certificates: { coordinator: string; shards: readonly string[] },
): NatsUser[] {
  return [
    {
      name: processName(party, "coordinator"),
      certificate: certificates.coordinator,
      publish: ["pop.shard.>"],
      subscribe: ["_INBOX.>"],
    },
    ...certificates.shards.map((certificate, k) => ({
      name: processName(party, k),
      certificate,
      publish: ["_INBOX.>"],
      subscribe: [`pop.shard.${k}.>`],
    })),
  ];
}

/** A sharded three-party cluster in this process. */
export type LocalShardedCluster = {
  readonly coordinators: readonly Coordinator[];
  /** workers[party][k] */
  readonly workers: readonly (readonly ShardWorker[])[];
  /** Appends a person at the next slot: shares[party][gallery], on the slot's shard in every party. */
  add(nullifierCommitment: string, shares: readonly (readonly Uint16Array[])[]): void;
  close(): Promise<void>;
};

/**
 * Starts three parties of K shards each.
 * @param options.shards K
 * @param options.galleries 2 for both eyes, 1 for one eye or a face
 * @param options.segmentEntries the galleries' segment size (tests only)
 */
export async function startLocalShardedCluster(options: {
  shards: number;
  galleries: 1 | 2;
  segmentEntries?: number;
}): Promise<LocalShardedCluster> {
  const dir = await mkdtemp(join(tmpdir(), "pop-sharded-"));
  const servers: NatsServer[] = [];
  const connections: NatsConnection[] = [];
  const rings: RingEnd[] = [];
  const close = async () => {
    await Promise.all(connections.map((c) => c.close()));
    await Promise.all(rings.map((ring) => ring.close()));
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // One identity a process: its NATS client certificate and its ring port's (which answers on 127.0.0.1).
    const identity = (name: string) => createTlsIdentity({ name, hosts: ["127.0.0.1"] });
    const ids = await Promise.all(
      PARTIES.map(async (party) => ({
        nats: await createTlsIdentity({ name: `pop party ${party} nats`, hosts: ["127.0.0.1", "localhost"] }),
        coordinator: await identity(processName(party, "coordinator")),
        shards: await Promise.all(Array.from({ length: options.shards }, (_, k) => identity(processName(party, k)))),
      })),
    );
    for (const party of PARTIES) {
      const { nats, coordinator, shards } = ids[party]!;
      servers.push(
        await startNatsServer({
          dir: join(dir, `party-${party}`),
          identity: nats,
          users: partyNatsUsers(party, {
            coordinator: coordinator.certificate,
            shards: shards.map((s) => s.certificate),
          }),
        }),
      );
    }
    const coordinatorRing = await openRing(ids.map((id) => id.coordinator));
    const shardRings = [];
    for (let k = 0; k < options.shards; k++) shardRings.push(await openRing(ids.map((id) => id.shards[k]!)));
    rings.push(...coordinatorRing, ...shardRings.flat());
    const connect = async (party: Party, identity: TlsIdentity) => {
      const connection = await connectToNats(servers[party]!, identity);
      connections.push(connection);
      return connection;
    };
    const workers: ShardWorker[][] = [];
    const coordinators: Coordinator[] = [];
    for (const party of PARTIES) {
      const row: ShardWorker[] = [];
      for (let k = 0; k < options.shards; k++) {
        const worker = new ShardWorker({
          party,
          shard: k,
          shards: options.shards,
          galleries: options.galleries,
          ring: shardRings[k]![party]!,
          ...(options.segmentEntries === undefined ? {} : { segmentEntries: options.segmentEntries }),
        });
        worker.listen(await connect(party, ids[party]!.shards[k]!));
        row.push(worker);
      }
      workers.push(row);
      const nats = await connect(party, ids[party]!.coordinator);
      coordinators.push(new Coordinator({ party, shards: options.shards, nats, ring: coordinatorRing[party]! }));
    }
    await Promise.all(connections.map((c) => c.flush()));
    let slots = 0;
    return {
      coordinators,
      workers,
      add(nullifierCommitment, shares) {
        const { shard } = shardOf(slots++, options.shards);
        for (const party of PARTIES) workers[party]![shard]!.add(nullifierCommitment, shares[party]!);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
