/**
 * The sharded part of bench/match.ts: three parties, each a coordinator (this thread) and K
 * shard workers (a thread each) over the party's own nats-server (TLS, verified client
 * certificates), shard k of each party linked to shard k of the others over TLS 1.3. One eye,
 * one orientation, so it compares with the unsharded query. Returns what the 10 M cost model
 * is made from: per query, the time, the CPU time of this process (every thread: all three
 * parties), the bytes each party sent and the memory the shards hold.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import type { IrisCode } from "@pop/uniqueness/irisCode";
import { PARTIES, shareTemplate } from "@pop/uniqueness/mpc/templateShares";
import type { RandomSource } from "@pop/uniqueness/randomSource";
import { shardOf } from "@pop/uniqueness/shard/combineShards";
import { similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { openRing } from "@pop/uniqueness-node/peerRing";
import { Coordinator } from "@pop/uniqueness-node/shard/coordinator";
import { partyNatsUsers, processName } from "@pop/uniqueness-node/shard/localShardedCluster";
import { connectToNats, startNatsServer } from "@pop/uniqueness-node/shard/natsServer";
import { nextMessage, startModuleWorker } from "@pop/uniqueness-node/workerThreads";

const SHARD_MODULE = new URL("./matchShard.ts", import.meta.url);

/** What one sharded query cost (medians over the rounds where there are several). */
export type ShardedMeasure = {
  shards: number;
  queryMs: number;
  /** CPU seconds of all three parties (this process's threads) per query. */
  coreSeconds: number;
  /** Bytes one party sends per query: its shards' MPC rounds, the scatter to its shards, its coordinator's AND. */
  wireBytesPerParty: number;
  mpcBytesPerParty: number;
  /** Resident memory the shards added, per party. */
  memoryPerParty: number;
  dotsMs: number;
  rounds: number;
};

/**
 * Runs the sharded benchmark.
 * @param options.size the gallery (split over the shards)
 * @param options.shards K
 * @param options.rounds queries to time
 * @param options.eye the enrolled eye the queries are captures of
 * @param options.random the benchmark's random source
 * @param options.log where progress goes
 */
export async function shardedBench(options: {
  size: number;
  shards: number;
  rounds: number;
  eye: IrisCode;
  random: RandomSource;
  log: (line: string) => void;
}): Promise<ShardedMeasure> {
  const { size, shards, random, log } = options;
  const dir = await mkdtemp(join(tmpdir(), "pop-bench-sharded-"));
  const rssBefore = process.memoryUsage().rss;
  const hosts = ["127.0.0.1", "localhost"];
  const ids = await Promise.all(
    PARTIES.map(async (party) => ({
      nats: await createTlsIdentity({ name: `pop party ${party} nats`, hosts }),
      coordinator: await createTlsIdentity({ name: processName(party, "coordinator"), hosts }),
      shards: await Promise.all(
        Array.from({ length: shards }, (_, k) => createTlsIdentity({ name: processName(party, k), hosts })),
      ),
    })),
  );
  const servers = await Promise.all(
    PARTIES.map((party) =>
      startNatsServer({
        dir: join(dir, `party-${party}`),
        identity: ids[party]!.nats,
        users: partyNatsUsers(party, {
          coordinator: ids[party]!.coordinator.certificate,
          shards: ids[party]!.shards.map((id) => id.certificate),
        }),
      }),
    ),
  );
  log(`starting ${3 * shards} shard workers of ${Math.ceil(size / shards)} entries (3 parties × ${shards} shards)…`);
  const workers = PARTIES.flatMap((party) =>
    Array.from({ length: shards }, (_, k) =>
      startModuleWorker(SHARD_MODULE, {
        party,
        shard: k,
        shards,
        size: Math.ceil((size - k) / shards),
        identity: ids[party]!.shards[k]!,
        next: ids[(party + 1) % 3]!.shards[k]!.certificate,
        previous: ids[(party + 2) % 3]!.shards[k]!.certificate,
        nats: { url: servers[party]!.url, certificate: servers[party]!.certificate },
      }),
    ),
  );
  const at = (party: number, k: number) => workers[party * shards + k]!;
  const urls = (await Promise.all(workers.map((worker) => nextMessage(worker, "ready")))).map((m) => String(m.url));
  await Promise.all(
    PARTIES.flatMap((party) =>
      Array.from({ length: shards }, (_, k) => {
        at(party, k).postMessage({ kind: "connect", url: urls[((party + 2) % 3) * shards + k] });
        return nextMessage(at(party, k), "connected");
      }),
    ),
  );
  const memoryPerParty = (process.memoryUsage().rss - rssBefore) / 3;
  const rings = await openRing(ids.map((id) => id.coordinator));
  const connections = await Promise.all(
    PARTIES.map((party) => connectToNats(servers[party]!, ids[party]!.coordinator)),
  );
  const coordinators = PARTIES.map(
    (party) => new Coordinator({ party, shards, nats: connections[party]!, ring: rings[party]! }),
  );
  // The enrolled eye at slot 2 · 7919 mod size (where the unsharded benchmark puts it).
  const slot = (2 * 7919) % size;
  const place = shardOf(slot, shards);
  const enrolled = shareTemplate(options.eye);
  await Promise.all(
    PARTIES.map((party) => {
      at(party, place.shard).postMessage({ kind: "enroll", index: place.index, share: enrolled[party] });
      return nextMessage(at(party, place.shard), "enrolled");
    }),
  );
  const keys = [random(32), random(32), random(32)];
  const measures: Omit<ShardedMeasure, "shards" | "memoryPerParty">[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const shares = shareTemplate(similarIrisCode({ of: options.eye, flipRate: 0.15, rotation: -6, random }));
    const nonce = random(12);
    const requestId = newRequestId();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const answers = await Promise.all(
      coordinators.map((coordinator, party) =>
        coordinator.decide({
          requestId,
          nonce,
          prevKey: keys[party]!,
          nextKey: keys[(party + 1) % 3]!,
          entries: size,
          nullifierCommitment: "query",
          rotations: 15,
          shares: [shares[party as 0 | 1 | 2]],
        }),
      ),
    );
    const queryMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (!answers.every((answer) => answer.decision === "conflict"))
      throw new Error("the sharded query missed the enrolled eye");
    const { stats } = answers[0]!;
    const mpcBytes = stats.shards.reduce((sum, shard) => sum + shard.bytesSent, 0);
    measures.push({
      queryMs,
      coreSeconds: (used.user + used.system) / 1e6,
      mpcBytesPerParty: mpcBytes,
      wireBytesPerParty: mpcBytes + stats.scatterBytes + stats.combineBytes,
      dotsMs: Math.max(...stats.shards.map((shard) => shard.dotsMs)),
      rounds: Math.max(...stats.shards.map((shard) => shard.rounds)) + stats.combineRounds,
    });
  }
  await Promise.all(
    workers.map((worker) => {
      worker.postMessage({ kind: "close" });
      return nextMessage(worker, "closed");
    }),
  );
  await Promise.all(workers.map((worker) => worker.terminate()));
  await Promise.all(connections.map((connection) => connection.close()));
  await Promise.all(rings.map((ring) => ring.close()));
  await Promise.all(servers.map((server) => server.stop()));
  await rm(dir, { recursive: true, force: true });
  const median = (pick: (m: (typeof measures)[number]) => number) =>
    measures.map(pick).sort((a, b) => a - b)[measures.length >> 1]!;
  return {
    shards,
    memoryPerParty,
    queryMs: median((m) => m.queryMs),
    coreSeconds: median((m) => m.coreSeconds),
    wireBytesPerParty: median((m) => m.wireBytesPerParty),
    mpcBytesPerParty: median((m) => m.mpcBytesPerParty),
    dotsMs: median((m) => m.dotsMs),
    rounds: median((m) => m.rounds),
  };
}
