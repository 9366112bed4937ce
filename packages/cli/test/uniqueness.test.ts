import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexToBytes } from "@pop/core/bytes";
import { createCustodyPackage } from "@pop/uniqueness/custodyPackage";
import { type IrisCode, irisCodeToJson } from "@pop/uniqueness/irisCode";
import { isMatch } from "@pop/uniqueness/irisDistance";
import { createKernelMatcher } from "@pop/uniqueness/matchKernel";
import { templateValues } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { callCluster, newRequestId } from "@pop/uniqueness-node/client";
import { parseCluster } from "@pop/uniqueness-node/cluster";
import { afterAll, describe, expect, it } from "vitest";
import { POP, pop } from "./pop.js";

const random = seededRandom("cli uniqueness.test");
const dir = mkdtempSync(join(tmpdir(), "pop-uniqueness-"));
const basePort = 21_000 + Math.floor(Math.random() * 20_000);
const children = new Map<number, ChildProcess>();
const logs: string[] = ["", "", ""];

/** Starts node `party` as its own process and waits for its "listening" line. */
function startNode(party: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      POP,
      "uniqueness",
      "node",
      "--party",
      String(party),
      "--data",
      join(dir, `node${party}`),
      "--port",
      String(basePort + party),
    ],
    { env: { ...process.env, POP_NODE_PEER_TIMEOUT_MS: "3000", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.set(party, child);
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      logs[party] += chunk.toString();
      if (logs[party]!.includes(`listening on 127.0.0.1:${basePort + party}`)) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`node ${party} exited (${code}): ${logs[party]}`)));
  });
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
const counts = async () =>
  Promise.all(
    cluster().nodes.map(async (n) => ((await (await fetch(`${n.url}/v1/status`)).json()) as { count: number }).count),
  );

async function enroll(iris: IrisCode) {
  const body = { requestId: newRequestId(), personId: newRequestId(), package: createCustodyPackage(iris, keys()) };
  return (await callCluster({ cluster: cluster(), kind: "enroll", body })).result;
}

async function isUnique(iris: IrisCode): Promise<boolean> {
  const body = { requestId: newRequestId(), package: createCustodyPackage(iris, keys()) };
  return (await callCluster({ cluster: cluster(), kind: "check", body })).result.unique === true;
}

/** Polls with a check until the cluster answers (nodes refuse while settling or busy). */
async function untilServing(iris: IrisCode): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (
      await isUnique(iris).then(
        () => true,
        () => false,
      )
    )
      return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

const eyes = Array.from({ length: 100 }, () => randomIrisCode(random));

describe("pop uniqueness: three node processes over loopback", () => {
  it("init, start, and the CLI's package / check / enroll / delete", async () => {
    expect((await pop(["uniqueness", "init", "--dir", dir, "--base-port", String(basePort)], dir)).code).toBe(0);
    await Promise.all([0, 1, 2].map((party) => startNode(party)));
    writeFileSync(join(dir, "alice.json"), JSON.stringify(irisCodeToJson(eyes[0]!)));
    const cli = ["--cluster", join(dir, "cluster.json")];
    expect(
      (await pop(["uniqueness", "package", ...cli, "--iris", "alice.json", "--out", "alice.pkg.json"], dir)).code,
    ).toBe(0);
    const check = await pop(["uniqueness", "check", ...cli, "--package", "alice.pkg.json"], dir);
    expect(check.code).toBe(0);
    expect(check.json).toMatchObject({ unique: true });
    expect((check.json.signatures as string[]).length).toBe(3);
    const person = "0123456789abcdef0123456789abcdef";
    const enrolled = await pop(
      ["uniqueness", "enroll", ...cli, "--package", "alice.pkg.json", "--person", person],
      dir,
    );
    expect(enrolled.json).toMatchObject({ enrolled: true, personId: person, slot: 0 });
    expect((await pop(["uniqueness", "check", ...cli, "--package", "alice.pkg.json"], dir)).code).toBe(1);
    expect((await pop(["uniqueness", "delete", ...cli, "--person", person], dir)).json).toMatchObject({
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
    for (const name of ["face", "again", "stranger"]) {
      const made = await pop(
        ["uniqueness", "package", ...cli, "--face", `${name}.json`, "--out", `${name}.pkg.json`],
        dir,
      );
      expect(made.json).toEqual({ out: `${name}.pkg.json`, modality: "face" });
    }
    const person = "fedcba9876543210fedcba9876543210";
    const enrolled = await pop(["uniqueness", "enroll", ...cli, "--package", "face.pkg.json", "--person", person], dir);
    expect(enrolled.json).toMatchObject({ modality: "face", enrolled: true, slot: 0 });
    const again = await pop(["uniqueness", "check", ...cli, "--package", "again.pkg.json"], dir);
    expect([again.code, again.json.unique]).toEqual([1, false]);
    const stranger = await pop(["uniqueness", "check", ...cli, "--package", "stranger.pkg.json"], dir);
    expect([stranger.code, stranger.json.unique]).toEqual([0, true]);
    // The iris gallery did not move; a face file of the wrong size is refused.
    expect(await counts()).toEqual([0, 0, 0]);
    writeFileSync(join(dir, "short.json"), JSON.stringify([1, 2, 3]));
    const short = await pop(["uniqueness", "package", ...cli, "--face", "short.json", "--out", "short.pkg.json"], dir);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('must hold 1024 numbers (an array, or {"embedding": [...]})');
    expect((await pop(["uniqueness", "delete", ...cli, "--person", person], dir)).json).toMatchObject({
      deleted: true,
    });
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
    await startNode(2, { POP_NODE_TEST_CRASH: "after-prepare" });
    const newcomer = randomIrisCode(random);
    await expect(enroll(newcomer)).rejects.toThrow(/node 2/);
    const crashed = children.get(2)!;
    if (crashed.exitCode === null && crashed.signalCode === null) {
      await new Promise<void>((resolve) => crashed.once("exit", () => resolve()));
    }
    expect(crashed.signalCode).toBe("SIGKILL");
    children.delete(2);
    await startNode(2);
    // The three nodes settle the enrolment among themselves; then all accept requests again.
    expect(await untilServing(newcomer)).toBe(true);
    expect(await counts()).toEqual([100, 100, 100]);
    expect(await isUnique(similarIrisCode({ of: eyes[42]!, flipRate: 0.1, random }))).toBe(false);
    expect(await enroll(newcomer)).toMatchObject({ enrolled: true, slot: 100 });
    expect(await counts()).toEqual([101, 101, 101]);
  });

  it("a node down: a clear error and nothing changes", async () => {
    await stopNode(1);
    await expect(enroll(randomIrisCode(random))).rejects.toThrow(/node 1 at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    await startNode(1);
    // The other two give up on that request after their peer timeout; then all serve again.
    expect(await untilServing(randomIrisCode(random))).toBe(true);
    expect(await counts()).toEqual([101, 101, 101]);
  });
});
