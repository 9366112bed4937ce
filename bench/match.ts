/**
 * Iris matching throughput: plain TypeScript vs the SIMD WebAssembly kernel, and the
 * three-party MPC (one worker thread per party, talking over MessagePorts).
 *
 *   npm run bench:match [-- --gallery 2000 --mpc-gallery 100000 --rounds 3 --shards 4]
 *
 * A rotation-comparison is one masked distance between two 12,800-bit codes; a search tries
 * 31 rotations per gallery entry. The MPC gallery is random shares (indistinguishable from
 * real ones) plus a few real enrolled templates, and the query is another capture of one of
 * them, so the opened bit must be "match". The same query also runs over the parties' ring
 * links, TLS 1.3 and plain TCP (what TLS costs), both eyes in four orientations (the full
 * query), and on three sharded parties (bench/matchSharded.ts), from whose measures the cost
 * of a 10 M gallery is printed. Prints a table, then one JSON line.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { MessageChannel } from "node:worker_threads";
import { createTlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { createKernelMatcher } from "@pop/uniqueness/matchKernel";
import { createPlainMatcher } from "@pop/uniqueness/matchPlain";
import { dotsKernel, useDotsKernel } from "@pop/uniqueness/mpc/nativeDots";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { PARTIES, shareTemplate, TEMPLATE_VALUES } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { nextMessage as next, startModuleWorker } from "@pop/uniqueness-node/workerThreads";
import { shardedBench } from "./matchSharded.js";

const { values } = parseArgs({
  options: {
    gallery: { type: "string", default: "2000" },
    "mpc-gallery": { type: "string", default: "100000" },
    rounds: { type: "string", default: "3" },
    shards: { type: "string", default: "4" },
  },
});
const gallerySize = Number(values.gallery);
const mpcSize = Number(values["mpc-gallery"]);
const rounds = Number(values.rounds);
const shardCount = Number(values.shards);
const ROTATIONS = 31;
const PARTY_MODULE = new URL("./matchParty.ts", import.meta.url);
const log = (message: string) => process.stderr.write(`${message}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const random = seededRandom("bench:match");

// 1. Plaintext: the same gallery and queries for both matchers, rounds alternating.
const codes = Array.from({ length: gallerySize }, () => randomIrisCode(random));
const plain = createPlainMatcher();
const kernel = createKernelMatcher(gallerySize);
const plainEntries = Math.min(gallerySize, 500);
codes.forEach((iris, i) => {
  kernel.add(iris);
  if (i < plainEntries) plain.add(iris);
});
const plainRates: number[] = [];
const kernelRates: number[] = [];
/** Comparisons per second of `search`, repeated for at least 0.3 s (single searches take milliseconds). */
const rateOf = (comparisons: number, search: () => void) => {
  const start = performance.now();
  let runs = 0;
  do {
    search();
    runs++;
  } while (performance.now() - start < 300);
  return (runs * comparisons) / ((performance.now() - start) / 1000);
};
for (let round = 0; round < rounds; round++) {
  const query = similarIrisCode({ of: codes[round % codes.length]!, flipRate: 0.2, rotation: 3, random });
  plainRates.push(rateOf(plainEntries * ROTATIONS, () => plain.distances(query)));
  kernelRates.push(rateOf(gallerySize * ROTATIONS, () => kernel.best(query)));
  if (kernel.best(query)?.index !== round % codes.length) throw new Error("the kernel missed the enrolled eye");
}
const plainRate = median(plainRates);
const kernelRate = median(kernelRates);
log(`plain TypeScript  ${(plainRate / 1e6).toFixed(3)} M rotation-comparisons/s (${plainEntries} entries)`);
log(`WebAssembly SIMD  ${(kernelRate / 1e6).toFixed(3)} M rotation-comparisons/s (${gallerySize} entries)`);

// 2. MPC, one party alone on a core: the dot-product shares (the bulk of the work).
const single = new ShareGallery();
const singleEntries = Math.min(mpcSize, 5000);
const noise = new Uint16Array(19_200);
for (let i = 0; i < singleEntries; i++) {
  crypto.getRandomValues(noise.subarray(0, 16_384));
  crypto.getRandomValues(noise.subarray(16_384));
  single.add(noise);
}
const queryEye = randomIrisCode(random);
/** The median dot-share rate of `rounds` one-eye queries on the kernel in use. */
function dotShareRate(): number {
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const share = shareTemplate(queryEye)[0];
    const start = performance.now();
    single.dotShares(0, share);
    rates.push((singleEntries * ROTATIONS) / ((performance.now() - start) / 1000));
  }
  return median(rates);
}
const dotRate = dotShareRate();
// The same shares on the WebAssembly kernel, the one a machine without the native build runs.
const dotsKernelName = dotsKernel();
useDotsKernel("wasm");
const wasmDotRate = dotShareRate();
useDotsKernel();
log(
  `MPC dot shares    ${(dotRate / 1e6).toFixed(3)} M rotation-comparisons/s per party (${singleEntries} entries, ` +
    `${dotsKernelName} kernel; WebAssembly ${(wasmDotRate / 1e6).toFixed(3)} M, ${(dotRate / wasmDotRate).toFixed(2)}×)`,
);

// 3. A full MPC query: three parties as worker threads, each with its own gallery of shares.
log(`building three galleries of ${mpcSize} shares (${((mpcSize * 38_400 * 3) / 1e9).toFixed(1)} GB)…`);
const links = PARTIES.map(() => new MessageChannel()); // links[j]: party j+1 → party j
const workers = PARTIES.map((party) =>
  startModuleWorker(
    PARTY_MODULE,
    { party, size: mpcSize, toPrev: links[(party + 2) % 3]!.port1, fromNext: links[party]!.port2 },
    [links[(party + 2) % 3]!.port1, links[party]!.port2],
  ),
);
const buildStart = performance.now();
await Promise.all(workers.map((worker) => next(worker, "ready")));
log(`built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`);
// Enroll the query's eye (and a few others) as real shares.
for (let index = 0; index < 5; index++) {
  const shares = shareTemplate(index === 2 ? queryEye : randomIrisCode(random));
  await Promise.all(
    workers.map((worker, party) => {
      worker.postMessage({ kind: "enroll", index: (index * 7919) % mpcSize, share: shares[party] });
      return next(worker, "enrolled");
    }),
  );
}
const keys = [random(32), random(32), random(32)];
const queryMs: number[] = [];
let last: Record<string, unknown>[] = [];
for (let round = 0; round < rounds; round++) {
  const capture = similarIrisCode({ of: queryEye, flipRate: 0.15, rotation: -6, random });
  const shares = shareTemplate(capture);
  const nonce = random(12);
  const start = performance.now();
  last = await Promise.all(
    workers.map((worker, party) => {
      worker.postMessage({ kind: "query", share: shares[party], keys: [keys[party], keys[(party + 1) % 3]], nonce });
      return next(worker, "query");
    }),
  );
  queryMs.push(performance.now() - start);
  if (!last.every((result) => (result.matches as boolean[])[0] === true)) {
    throw new Error("the MPC query missed the enrolled eye");
  }
}

// The same one-eye query over the ring links: TLS 1.3 with pinned certificates, then plain TCP.
const identities = await Promise.all(
  PARTIES.map((party) => createTlsIdentity({ name: `bench ring ${party}`, hosts: ["127.0.0.1"] })),
);
const vias = ["tls", "tcp"] as const;
for (const via of vias) {
  const urls = await Promise.all(
    workers.map((worker, party) => {
      const tls = {
        identity: identities[party]!,
        next: identities[(party + 1) % 3]!.certificate,
        previous: identities[(party + 2) % 3]!.certificate,
      };
      worker.postMessage({ kind: "ring", via, ...(via === "tls" ? { tls } : {}) });
      return next(worker, "ring");
    }),
  );
  await Promise.all(
    workers.map((worker, party) => {
      worker.postMessage({ kind: "connect", via, url: urls[(party + 2) % 3]!.url });
      return next(worker, "connected");
    }),
  );
}
// Rounds alternate between the two, so that load from elsewhere falls on both alike.
const ringTimes: Record<(typeof vias)[number], number[]> = { tls: [], tcp: [] };
for (let round = 0; round < rounds; round++) {
  for (const via of vias) {
    const shares = shareTemplate(similarIrisCode({ of: queryEye, flipRate: 0.15, rotation: -6, random }));
    const nonce = random(12);
    const requestId = newRequestId();
    const start = performance.now();
    const answers = await Promise.all(
      workers.map((worker, party) => {
        worker.postMessage({
          kind: "query",
          via,
          requestId,
          share: shares[party],
          keys: [keys[party], keys[(party + 1) % 3]],
          nonce,
        });
        return next(worker, "query");
      }),
    );
    ringTimes[via].push(performance.now() - start);
    if (!answers.every((result) => (result.matches as boolean[])[0] === true))
      throw new Error(`the ${via} query missed`);
  }
}
const ringMs = { tls: median(ringTimes.tls), tcp: median(ringTimes.tcp) };
log(`MPC query over TLS 1.3 links ${ringMs.tls.toFixed(0)} ms, over plain TCP ${ringMs.tcp.toFixed(0)} ms`);
const tlsOverhead = (ringMs.tls - ringMs.tcp) / ringMs.tcp;

// The full query, once (it is more than 8× the work): both eyes, four orientations (eight passes), over MessagePorts.
const left = shareTemplate(similarIrisCode({ of: queryEye, flipRate: 0.15, rotation: -6, random }));
const right = shareTemplate(similarIrisCode({ of: queryEye, flipRate: 0.15, rotation: 4, random }));
const fullNonce = random(12);
const fullStart = performance.now();
const fullAnswers = await Promise.all(
  workers.map((worker, party) => {
    const keyPair = [keys[party], keys[(party + 1) % 3]];
    worker.postMessage({ kind: "full", share: left[party], second: right[party], keys: keyPair, nonce: fullNonce });
    return next(worker, "full");
  }),
);
const fullTime = performance.now() - fullStart;
const fullBytes = Number(fullAnswers[0]!.bytesSent);
if (!fullAnswers.every((result) => result.decision === "conflict"))
  throw new Error("the full query missed the enrolled eyes");
log(
  `MPC full query    ${fullTime.toFixed(0)} ms (both eyes, four orientations; ${(fullBytes / 1e6).toFixed(0)} MB sent a party)`,
);
await Promise.all(
  workers.map((worker) => {
    worker.postMessage({ kind: "close" });
    return next(worker, "closed");
  }),
);
await Promise.all(workers.map((worker) => worker.terminate()));
const comparisons = mpcSize * ROTATIONS;
const queryTime = median(queryMs);
const bytes = Number(last[0]!.bytesSent);
log(
  `MPC query         ${queryTime.toFixed(0)} ms at ${mpcSize} entries on ${cpus().length} cores ` +
    `(${last[0]!.rounds} rounds, dot shares ${Number(last[0]!.dotsMs).toFixed(0)} ms, ` +
    `${(bytes / comparisons).toFixed(1)} bytes sent per comparison per party)`,
);

// 4. Sharded parties, then the cost of a 10 M gallery from the shards' measures (linear in entries).
const sharded = await shardedBench({ size: mpcSize, shards: shardCount, rounds, eye: queryEye, random, log });
log(
  `sharded query     ${sharded.queryMs.toFixed(0)} ms (3 parties × ${shardCount} shards over NATS, ${sharded.rounds} rounds, ` +
    `${sharded.coreSeconds.toFixed(1)} core-s for all three)`,
);
const scale = 10_000_000 / mpcSize;
const fullRatio = fullTime / queryTime;
// Memory from the layout: a gallery's 38,400-byte shares, and each pass's dot-product shares (4 bytes
// a comparison) while a query runs; the measured resident memory per party is printed beside it.
const costModel = {
  one_eye: {
    core_s_per_party: Number(((sharded.coreSeconds / 3) * scale).toFixed(1)),
    wire_bytes_per_party: Math.round(sharded.wireBytesPerParty * scale),
    memory_bytes_per_party: 10_000_000 * (TEMPLATE_VALUES * 2 + ROTATIONS * 4),
  },
  // Both eyes, four orientations: the one-eye figures scaled by the measured full/one-eye ratios.
  full: {
    core_s_per_party: Number(((sharded.coreSeconds / 3) * scale * fullRatio).toFixed(1)),
    wire_bytes_per_party: Math.round(sharded.wireBytesPerParty * scale * (fullBytes / bytes)),
    memory_bytes_per_party: 10_000_000 * (2 * TEMPLATE_VALUES * 2 + 8 * ROTATIONS * 4),
  },
};
const gb = (n: number) => (n / 1e9).toFixed(1);
log(
  `10 M gallery, per party per query: one eye ${costModel.one_eye.core_s_per_party} core-s, ` +
    `${gb(costModel.one_eye.wire_bytes_per_party)} GB sent, ${gb(costModel.one_eye.memory_bytes_per_party)} GB held; ` +
    `both eyes, four orientations ${costModel.full.core_s_per_party} core-s, ` +
    `${gb(costModel.full.wire_bytes_per_party)} GB sent, ${gb(costModel.full.memory_bytes_per_party)} GB held`,
);
const json = {
  bench: "match",
  gallery: gallerySize,
  plain_ts_rot_cmp_per_s_core: Math.round(plainRate),
  kernel_rot_cmp_per_s_core: Math.round(kernelRate),
  kernel_speedup: Number((kernelRate / plainRate).toFixed(2)),
  mpc_rot_cmp_per_s_core_party: Math.round(dotRate),
  mpc_dots_kernel: dotsKernelName,
  wasm_rot_cmp_per_s_core_party: Math.round(wasmDotRate),
  mpc_gallery: mpcSize,
  mpc_query_ms_at_100k: Math.round((queryTime * 100_000) / mpcSize),
  mpc_bytes_per_cmp: Number((bytes / comparisons).toFixed(2)),
  full_query_ms_at_100k: Math.round((fullTime * 100_000) / mpcSize),
  tls_query_ms_at_100k: Math.round((ringMs.tls * 100_000) / mpcSize),
  tcp_query_ms_at_100k: Math.round((ringMs.tcp * 100_000) / mpcSize),
  tls_overhead: Number(tlsOverhead.toFixed(3)),
  sharded_query_ms_at_100k: Math.round((sharded.queryMs * 100_000) / mpcSize),
  sharded_parties: 3,
  sharded_shards: shardCount,
  sharded_rss_bytes_per_party: Math.round(sharded.memoryPerParty),
  cores: cpus().length,
  cost_10m: costModel,
};
console.log(JSON.stringify(json));
