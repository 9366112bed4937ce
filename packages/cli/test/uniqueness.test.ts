import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { hexToBytes } from "@pop/core/bytes";
import { callCluster, nodeStatus } from "@pop/uniqueness/client/callCluster";
import { parseClientKey } from "@pop/uniqueness/cluster/clientKey";
import { parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { createCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { type IrisCode, irisCodeToJson } from "@pop/uniqueness/irisCode";
import { isMatch } from "@pop/uniqueness/irisDistance";
import { createKernelMatcher } from "@pop/uniqueness/matchKernel";
import { templateValues } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { POP, pop } from "./pop.js";

const random = seededRandom("cli uniqueness.test");
const dir = mkdtempSync(join(tmpdir(), "pop-uniqueness-"));
const basePort = 21_000 + Math.floor(Math.random() * 20_000);
const children = new Map<number, ChildProcess>();
const logs: string[] = ["", "", ""];
/** What each node printed on stdout, one JSON object a line (its readiness, then its settlements). */
const events: Record<string, unknown>[][] = [[], [], []];
const waiters: { party: number; test: (event: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
/** A node process that kills itself between the two phases of its first enrolment. */
const CRASHING_NODE = fileURLToPath(new URL("./crashingNode.ts", import.meta.url));

/** Resolves when node `party` has printed (or prints) an event that passes `test`. */
function printed(party: number, test: (event: Record<string, unknown>) => boolean): Promise<void> {
  if (events[party]!.some(test)) return Promise.resolve();
  return new Promise((resolve) => waiters.push({ party, test, resolve }));
}

/**
 * Starts node `party` as its own process (`pop uniqueness node`, or the crashing one) and
 * waits for its readiness line on stdout.
 */
function startNode(party: number, options: { crashing?: boolean } = {}): Promise<ChildProcess> {
  const nodeArgs = [
    "--party",
    String(party),
    "--data",
    join(dir, `node${party}`),
    "--port",
    String(basePort + party),
    "--peer-timeout",
    "3000",
  ];
  const argv = options.crashing
    ? ["--import", "tsx", CRASHING_NODE, ...nodeArgs]
    : [POP, "uniqueness", "node", ...nodeArgs];
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
  children.set(party, child);
  child.stderr!.on("data", (chunk: Buffer) => {
    logs[party] += chunk.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`node ${party} exited (${code}): ${logs[party]}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      events[party]!.push(event);
      if (event.ready === true) resolve();
      for (const waiter of waiters.filter((w) => w.party === party && w.test(event))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  return ready.then(() => child);
}

function stopNode(party: number): Promise<void> {
  const child = children.get(party);
  children.delete(party);
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

afterAll(async () => {
  await Promise.all([0, 1, 2].map(stopNode));
});

const cluster = () => parseCluster(JSON.parse(readFileSync(join(dir, "cluster.json"), "utf8")), "cluster");
const keys = () =>
  cluster().nodes.map((n) => hexToBytes(n.encryptionKey, "k", 32)) as [Uint8Array, Uint8Array, Uint8Array];
const client = () => parseClientKey(JSON.parse(readFileSync(join(dir, "client-key.json"), "utf8")), "client");
const counts = async () =>
  Promise.all(
    [0, 1, 2].map(async (party) => (await nodeStatus({ cluster: cluster(), client: client(), party })).count),
  );

async function enroll(iris: IrisCode, requestId = newRequestId()) {
  const body = { requestId, personId: newRequestId(), package: createCustodyPackage(iris, keys()) };
  return (await callCluster({ cluster: cluster(), client: client(), kind: "enroll", body })).result;
}

async function isUnique(iris: IrisCode): Promise<boolean> {
  const body = { requestId: newRequestId(), package: createCustodyPackage(iris, keys()) };
  return (await callCluster({ cluster: cluster(), client: client(), kind: "check", body })).result.unique === true;
}

/** Whether the cluster answers a check now (each node refuses while busy or settling). */
async function serves(iris: IrisCode): Promise<boolean> {
  return isUnique(iris).then(
    () => true,
    () => false,
  );
}

/** Parties whose data directory holds a prepared, unsettled enrolment (of either gallery). */
function pendingParties(): number[] {
  return [0, 1, 2].filter((party) =>
    ["pending", join("face", "pending")].some((sub) => readdirSync(join(dir, `node${party}`, sub)).length > 0),
  );
}

const eyes = Array.from({ length: 100 }, () => randomIrisCode(random));

describe("pop uniqueness: three node processes over loopback", () => {
  it("init, start, and the CLI's package / check / enroll / delete", async () => {
    expect((await pop(["uniqueness", "init", "--dir", dir, "--base-port", String(basePort)], dir)).code).toBe(0);
    await Promise.all([0, 1, 2].map((party) => startNode(party)));
    // Each node said once, on stdout, that it listens: nothing polls it.
    expect(events).toEqual(
      [0, 1, 2].map((party) => [{ ready: true, party, url: `https://127.0.0.1:${basePort + party}` }]),
    );
    writeFileSync(join(dir, "alice.json"), JSON.stringify(irisCodeToJson(eyes[0]!)));
    const cli = ["--cluster", join(dir, "cluster.json")];
    const asClient = ["--client", join(dir, "client-key.json")];
    expect(
      (await pop(["uniqueness", "package", ...cli, "--iris", "alice.json", "--out", "alice.pkg.json"], dir)).code,
    ).toBe(0);
    const check = await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "alice.pkg.json"], dir);
    expect(check.code).toBe(0);
    expect(check.json).toMatchObject({ unique: true });
    expect((check.json.signatures as string[]).length).toBe(3);
    const person = "0123456789abcdef0123456789abcdef";
    const enrolled = await pop(
      ["uniqueness", "enroll", ...cli, ...asClient, "--package", "alice.pkg.json", "--person", person],
      dir,
    );
    expect(enrolled.json).toMatchObject({ enrolled: true, personId: person, slot: 0 });
    expect((await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "alice.pkg.json"], dir)).code).toBe(1);
    expect((await pop(["uniqueness", "delete", ...cli, ...asClient, "--person", person], dir)).json).toMatchObject({
      deleted: true,
    });
    expect(await counts()).toEqual([0, 0, 0]);
  });

  it("faces: package --face, enroll, the same face again is not unique, a stranger is", async () => {
    const face = Array.from(random(1024), (byte) => byte / 128 - 1);
    const noise = Array.from(random(1024), (byte) => byte / 128 - 1);
    writeFileSync(join(dir, "face.json"), JSON.stringify(face));
    writeFileSync(join(dir, "again.json"), JSON.stringify({ embedding: face.map((x, i) => x + 0.5 * noise[i]!) }));
    writeFileSync(join(dir, "stranger.json"), JSON.stringify(noise));
    const cli = ["--cluster", join(dir, "cluster.json")];
    const asClient = ["--client", join(dir, "client-key.json")];
    for (const name of ["face", "again", "stranger"]) {
      const made = await pop(
        ["uniqueness", "package", ...cli, "--face", `${name}.json`, "--out", `${name}.pkg.json`],
        dir,
      );
      expect(made.json).toEqual({ out: `${name}.pkg.json`, modality: "face" });
    }
    const person = "fedcba9876543210fedcba9876543210";
    const enrolled = await pop(
      ["uniqueness", "enroll", ...cli, ...asClient, "--package", "face.pkg.json", "--person", person],
      dir,
    );
    expect(enrolled.json).toMatchObject({ modality: "face", enrolled: true, slot: 0 });
    const again = await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "again.pkg.json"], dir);
    expect([again.code, again.json.unique]).toEqual([1, false]);
    const stranger = await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "stranger.pkg.json"], dir);
    expect([stranger.code, stranger.json.unique]).toEqual([0, true]);
    // The iris gallery did not move; a face file of the wrong size is refused.
    expect(await counts()).toEqual([0, 0, 0]);
    writeFileSync(join(dir, "short.json"), JSON.stringify([1, 2, 3]));
    const short = await pop(["uniqueness", "package", ...cli, "--face", "short.json", "--out", "short.pkg.json"], dir);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('must hold 1024 numbers (an array, or {"embedding": [...]})');
    expect((await pop(["uniqueness", "delete", ...cli, ...asClient, "--person", person], dir)).json).toMatchObject({
      deleted: true,
    });
  });

  it("delete of a person never enrolled: exit 1, deleted false on stdout, one line on stderr", async () => {
    const nobody = "00112233445566778899aabbccddeeff";
    const run = await pop(
      [
        "uniqueness",
        "delete",
        "--cluster",
        join(dir, "cluster.json"),
        "--client",
        join(dir, "client-key.json"),
        "--person",
        nobody,
      ],
      dir,
    );
    expect([run.code, run.json.deleted, (run.json.signatures as string[]).length]).toEqual([1, false, 3]);
    expect(run.stderr).toBe(`pop: person ${nobody} is not enrolled: nothing was deleted\n`);
  });

  it("agrees with the plaintext matcher on 100 queries × 100 enrolled people (10,000 pairs)", async () => {
    for (const eye of eyes) {
      expect(await enroll(eye)).toMatchObject({ enrolled: true });
    }
    expect(await counts()).toEqual([100, 100, 100]);
    const oracle = createKernelMatcher();
    for (const eye of eyes) oracle.add(eye);
    let matches = 0;
    for (let i = 0; i < 100; i++) {
      // Captures of enrolled eyes at flip rates 0.05..0.45 (across the threshold), and strangers.
      const query =
        i % 10 === 9
          ? randomIrisCode(random)
          : similarIrisCode({ of: eyes[i]!, flipRate: 0.05 + (0.4 * (i % 9)) / 8, rotation: (i % 11) - 5, random });
      const expected = oracle.distances(query).some(isMatch);
      matches += expected ? 1 : 0;
      expect(await isUnique(query), `query ${i}`).toBe(!expected);
    }
    expect(matches).toBeGreaterThan(30);
    expect(matches).toBeLessThan(90);
  });

  it("nothing a node stores or logs is a plaintext template", () => {
    const needles = eyes.slice(0, 5).flatMap((eye) => {
      const values = templateValues(eye);
      return [
        Buffer.from(eye.code.subarray(0, 64)),
        Buffer.from(values.buffer, 0, 128),
        Buffer.from(irisCodeToJson(eye).iris_codes.slice(0, 64)),
      ];
    });
    const files = [0, 1, 2].flatMap((party) => {
      const walk = (path: string): string[] =>
        statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : [path];
      return walk(join(dir, `node${party}`));
    });
    expect(files.length).toBeGreaterThan(300);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles) {
        expect(bytes.includes(needle), file).toBe(false);
      }
    }
    for (const log of logs) {
      expect(log).not.toContain(irisCodeToJson(eyes[0]!).iris_codes.slice(0, 32));
    }
  });

  it("a node killed mid-enrolment: after restart the three galleries agree and nothing is lost", async () => {
    await stopNode(2);
    await startNode(2, { crashing: true });
    const newcomer = randomIrisCode(random);
    const requestId = newRequestId();
    await expect(enroll(newcomer, requestId)).rejects.toThrow(/node 2/);
    const crashed = children.get(2)!;
    if (crashed.exitCode === null && crashed.signalCode === null) {
      await new Promise<void>((resolve) => crashed.once("exit", () => resolve()));
    }
    expect(crashed.signalCode).toBe("SIGKILL");
    children.delete(2);
    // The enrolment is prepared on node 2 (and on each peer that got that far); every node
    // that holds it says when it settled it, once it is free again.
    const holders = pendingParties();
    expect(holders).toContain(2);
    await startNode(2);
    await Promise.all(holders.map((party) => printed(party, (event) => event.settled === requestId)));
    expect(holders.map((party) => events[party]!.find((event) => event.settled === requestId))).toEqual(
      holders.map((party) => ({ settled: requestId, modality: "iris", outcome: "aborted", party })),
    );
    // The three nodes settled the enrolment among themselves; then all accept requests again.
    expect(await serves(newcomer)).toBe(true);
    expect(await counts()).toEqual([100, 100, 100]);
    expect(await isUnique(similarIrisCode({ of: eyes[42]!, flipRate: 0.1, random }))).toBe(false);
    expect(await enroll(newcomer)).toMatchObject({ enrolled: true, slot: 100 });
    expect(await counts()).toEqual([101, 101, 101]);
  });

  it("a node down: a clear error and nothing changes", async () => {
    await stopNode(1);
    await expect(enroll(randomIrisCode(random))).rejects.toThrow(/node 1 at https:\/\/127\.0\.0\.1:\d+ is unreachable/);
    await startNode(1);
    // The client cancelled the request on the other two (or they gave up after their peer
    // timeout) before the enrolment returned: once node 1 is ready, all serve again.
    expect(await serves(randomIrisCode(random))).toBe(true);
    expect(await counts()).toEqual([101, 101, 101]);
  });
});
