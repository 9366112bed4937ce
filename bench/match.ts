/**
 * Iris matching throughput: plain TypeScript vs the SIMD WebAssembly kernel, and the
 * three-party MPC (one worker thread per party, talking over MessagePorts).
 *
 *   npm run bench:match [-- --gallery 2000 --mpc-gallery 100000 --rounds 3]
 *
 * A rotation-comparison is one masked distance between two 12,800-bit codes; a search tries
 * 31 rotations per gallery entry. The MPC gallery is random shares (indistinguishable from
 * real ones) plus a few real enrolled templates, and the query is another capture of one of
 * them, so the opened bit must be "match". Prints a table, then one JSON line.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { MessageChannel, Worker } from "node:worker_threads";
import { createKernelMatcher } from "@pop/uniqueness/matchKernel";
import { createPlainMatcher } from "@pop/uniqueness/matchPlain";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { PARTIES, shareTemplate } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";

const { values } = parseArgs({
  options: {
    gallery: { type: "string", default: "2000" },
    "mpc-gallery": { type: "string", default: "100000" },
    rounds: { type: "string", default: "3" },
  },
});
const gallerySize = Number(values.gallery);
const mpcSize = Number(values["mpc-gallery"]);
const rounds = Number(values.rounds);
const ROTATIONS = 31;
const PARTY_MODULE = new URL("./matchParty.ts", import.meta.url).href;
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
const singleRates: number[] = [];
for (let round = 0; round < rounds; round++) {
  const share = shareTemplate(queryEye)[0];
  const start = performance.now();
  single.dotShares(0, share);
  singleRates.push((singleEntries * ROTATIONS) / ((performance.now() - start) / 1000));
}
const dotRate = median(singleRates);
log(`MPC dot shares    ${(dotRate / 1e6).toFixed(3)} M rotation-comparisons/s per party (${singleEntries} entries)`);

// 3. A full MPC query: three parties as worker threads, each with its own gallery of shares.
log(`building three galleries of ${mpcSize} shares (${((mpcSize * 38_400 * 3) / 1e9).toFixed(1)} GB)…`);
const links = PARTIES.map(() => new MessageChannel()); // links[j]: party j+1 → party j
const workers = PARTIES.map(
  (party) =>
    // The worker loads the TypeScript party module through tsx, as this script is loaded.
    new Worker(
      `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(PARTY_MODULE)}, ${JSON.stringify(import.meta.url)}))`,
      {
        eval: true,
        workerData: {
          party,
          size: mpcSize,
          shard: 25_000,
          toPrev: links[(party + 2) % 3]!.port1,
          fromNext: links[party]!.port2,
        },
        transferList: [links[(party + 2) % 3]!.port1, links[party]!.port2],
      },
    ),
);
const next = (worker: Worker, kind: string) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message.kind === kind) {
        worker.off("message", onMessage);
        resolve(message);
      }
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
  });
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
await Promise.all(workers.map((worker) => worker.terminate()));
const comparisons = mpcSize * ROTATIONS;
const queryTime = median(queryMs);
const bytes = Number(last[0]!.bytesSent);
log(
  `MPC query         ${queryTime.toFixed(0)} ms at ${mpcSize} entries on ${cpus().length} cores ` +
    `(${last[0]!.rounds} rounds, dot shares ${Number(last[0]!.dotsMs).toFixed(0)} ms, ` +
    `${(bytes / comparisons).toFixed(1)} bytes sent per comparison per party)`,
);
const json = {
  bench: "match",
  gallery: gallerySize,
  plain_ts_rot_cmp_per_s_core: Math.round(plainRate),
  kernel_rot_cmp_per_s_core: Math.round(kernelRate),
  kernel_speedup: Number((kernelRate / plainRate).toFixed(2)),
  mpc_rot_cmp_per_s_core_party: Math.round(dotRate),
  mpc_gallery: mpcSize,
  mpc_query_ms_at_100k: Math.round((queryTime * 100_000) / mpcSize),
  mpc_bytes_per_cmp: Number((bytes / comparisons).toFixed(2)),
};
console.log(JSON.stringify(json));
