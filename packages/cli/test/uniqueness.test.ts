import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { hexToBytes } from "@pop/core/bytes";
import { createIdentity, exportIdentity, nullifierCommitmentOf } from "@pop/protocol/identity";
import { callCluster, nodeStatus } from "@pop/uniqueness/client/callCluster";
import { parseClientKey } from "@pop/uniqueness/cluster/clientKey";
import { parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { parseSourceKey } from "@pop/uniqueness/cluster/sourceKey";
import { type IrisCode, irisCodeToJson, mirrorIrisCode } from "@pop/uniqueness/irisCode";
import { isMatch, minDistance } from "@pop/uniqueness/irisDistance";
import { templateValues } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { type Person, packagesFor, randomPerson } from "../../uniqueness/test/people.js";
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
const source = () => parseSourceKey(JSON.parse(readFileSync(join(dir, "source-key.json"), "utf8")), "source");
const make = () => packagesFor({ nodeKeys: keys(), source: source(), random });
const counts = async () =>
  Promise.all(
    [0, 1, 2].map(async (party) => (await nodeStatus({ cluster: cluster(), client: client(), party })).count),
  );

type Eyes = Pick<Person, "left" | "right">;

async function enroll(person: Person, requestId = newRequestId()) {
  const body = { personId: newRequestId(), package: make().iris(person, person.nullifierKey), commitment: "1" };
  return (await callCluster({ cluster: cluster(), client: client(), kind: "enroll", requestId, body })).result;
}

async function isUnique(eyes: Eyes, nullifierKey = 1n): Promise<boolean> {
  const body = { package: make().iris(eyes, nullifierKey) };
  return (
    (await callCluster({ cluster: cluster(), client: client(), kind: "check", body })).result.decision === "unique"
  );
}

/** Whether the cluster answers a check now (each node refuses while busy or settling). */
async function serves(eyes: Eyes): Promise<boolean> {
  return isUnique(eyes).then(
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

const PEOPLE = 30;
const people = Array.from({ length: PEOPLE }, () => randomPerson(random));
const again = (eye: IrisCode, flipRate: number, rotation = 0) =>
  similarIrisCode({ of: eye, flipRate, rotation, random });

describe("pop uniqueness: three node processes over loopback", () => {
  it("init, start, and the CLI's package / check / enroll / delete", async () => {
    expect((await pop(["uniqueness", "init", "--dir", dir, "--base-port", String(basePort)], dir)).code).toBe(0);
    await Promise.all([0, 1, 2].map((party) => startNode(party)));
    // Each node said once, on stdout, that it listens: nothing polls it.
    expect(events).toEqual(
      [0, 1, 2].map((party) => [{ ready: true, party, url: `https://127.0.0.1:${basePort + party}` }]),
    );
    const alice = createIdentity();
    writeFileSync(join(dir, "alice-id.json"), JSON.stringify(exportIdentity(alice)));
    writeFileSync(join(dir, "left.json"), JSON.stringify(irisCodeToJson(people[0]!.left)));
    writeFileSync(join(dir, "right.json"), JSON.stringify(irisCodeToJson(people[0]!.right)));
    const cli = ["--cluster", join(dir, "cluster.json")];
    const asClient = ["--client", join(dir, "client-key.json")];
    const asSource = ["--source", join(dir, "source-key.json")];
    const eyesOf = ["--left", "left.json", "--right", "right.json"];
    const made = await pop(
      [
        "uniqueness",
        "package",
        ...cli,
        ...asSource,
        ...eyesOf,
        "--identity",
        "alice-id.json",
        "--out",
        "alice.pkg.json",
      ],
      dir,
    );
    expect(made.json).toEqual({
      out: "alice.pkg.json",
      modality: "iris",
      nullifierCommitment: String(alice.nullifierCommitment),
      escrow: true,
    });
    const check = await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "alice.pkg.json"], dir);
    expect(check.code).toBe(0);
    expect(check.json).toMatchObject({ modality: "iris", decision: "unique" });
    expect((check.json.signatures as string[]).length).toBe(3);
    const person = "0123456789abcdef0123456789abcdef";
    const enrolled = await pop(
      ["uniqueness", "enroll", ...cli, ...asClient, "--package", "alice.pkg.json", "--person", person].concat([
        "--commitment",
        String(alice.commitment),
      ]),
      dir,
    );
    expect(enrolled.json).toMatchObject({ enrolled: true, personId: person, slot: 0 });
    const twice = await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "alice.pkg.json"], dir);
    expect([twice.code, twice.json.decision]).toEqual([1, "same-human"]);
    expect(twice.stderr).toBe("pop: the same human (this N) is enrolled (iris)\n");
    // Recovery: a fresh capture made with N alone, and a new identity with the same n.
    writeFileSync(join(dir, "left2.json"), JSON.stringify(irisCodeToJson(again(people[0]!.left, 0.1, 2))));
    writeFileSync(join(dir, "right2.json"), JSON.stringify(irisCodeToJson(again(people[0]!.right, 0.1, 2))));
    const n = String(alice.nullifierCommitment);
    const capture = ["--left", "left2.json", "--right", "right2.json", "--nullifier-commitment", n];
    expect(
      (await pop(["uniqueness", "package", ...cli, ...asSource, ...capture, "--out", "capture.pkg.json"], dir)).json,
    ).toMatchObject({ escrow: false });
    const recovered = await pop(
      [
        "uniqueness",
        "recover",
        ...cli,
        ...asClient,
        "--package",
        "capture.pkg.json",
        "--person",
        person,
        "--out",
        "new-id.json",
      ],
      dir,
    );
    expect(recovered.json).toMatchObject({ recovered: true, nullifierCommitment: n });
    expect(recovered.json.commitment).not.toBe(String(alice.commitment));
    const file = JSON.parse(readFileSync(join(dir, "new-id.json"), "utf8")) as { nullifierKey: string };
    expect([file.nullifierKey, statSync(join(dir, "new-id.json")).mode & 0o777]).toEqual([
      String(alice.nullifierKey),
      0o600,
    ]);
    // The person's consent to be deleted: the old authenticator's is refused (recovery replaced
    // it), the new one's deletes; each under the request id its consent file names.
    const consent = async (identity: string, out: string) => {
      const signed = await pop(
        ["uniqueness", "consent", "--identity", identity, "--person", person, "--client-id", "local-issuer"].concat([
          "--out",
          out,
        ]),
        dir,
      );
      expect(signed.json).toMatchObject({ out, personId: person, client: "local-issuer" });
      return signed.json.requestId as string;
    };
    const oldRequest = await consent("alice-id.json", "old-consent.json");
    const refused = await pop(["uniqueness", "delete", ...cli, ...asClient, "--consent", "old-consent.json"], dir);
    expect([refused.code, refused.json.requestId, refused.json.deleted, refused.json.reason]).toEqual([
      1,
      oldRequest,
      false,
      "the consent is not by the person's authenticator",
    ]);
    expect(refused.stderr).toBe(
      `pop: person ${person} was not deleted: the consent is not by the person's authenticator\n`,
    );
    expect(await counts()).toEqual([1, 1, 1]);
    const newRequest = await consent("new-id.json", "consent.json");
    const deleted = await pop(
      ["uniqueness", "delete", ...cli, ...asClient, "--consent", "consent.json", "--person", person],
      dir,
    );
    expect([deleted.code, deleted.json.requestId, deleted.json.deleted]).toEqual([0, newRequest, true]);
    expect(await counts()).toEqual([0, 0, 0]);
    expect(nullifierCommitmentOf(BigInt(file.nullifierKey))).toBe(alice.nullifierCommitment);
  });

  it("faces: package --face, enroll, the same face again is not unique, a stranger is", async () => {
    const face = Array.from(random(1024), (byte) => byte / 128 - 1);
    const noise = Array.from(random(1024), (byte) => byte / 128 - 1);
    writeFileSync(join(dir, "face.json"), JSON.stringify(face));
    writeFileSync(join(dir, "again.json"), JSON.stringify({ embedding: face.map((x, i) => x + 0.5 * noise[i]!) }));
    writeFileSync(join(dir, "stranger.json"), JSON.stringify(noise));
    const cli = ["--cluster", join(dir, "cluster.json")];
    const asClient = ["--client", join(dir, "client-key.json")];
    const asSource = ["--source", join(dir, "source-key.json")];
    const identity = createIdentity();
    writeFileSync(join(dir, "face-id.json"), JSON.stringify(exportIdentity(identity)));
    for (const name of ["face", "again", "stranger"]) {
      const made = await pop(
        [
          "uniqueness",
          "package",
          ...cli,
          ...asSource,
          "--face",
          `${name}.json`,
          ...(name === "stranger" ? ["--nullifier-commitment", "77"] : ["--identity", "face-id.json"]),
          "--out",
          `${name}.pkg.json`,
        ],
        dir,
      );
      expect(made.json).toMatchObject({ out: `${name}.pkg.json`, modality: "face" });
    }
    const person = "fedcba9876543210fedcba9876543210";
    const enrolled = await pop(
      ["uniqueness", "enroll", ...cli, ...asClient, "--package", "face.pkg.json", "--person", person].concat([
        "--commitment",
        String(identity.commitment),
      ]),
      dir,
    );
    expect(enrolled.json).toMatchObject({ modality: "face", enrolled: true, slot: 0 });
    const again = await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "again.pkg.json"], dir);
    expect([again.code, again.json.decision]).toEqual([1, "same-human"]);
    const stranger = await pop(["uniqueness", "check", ...cli, ...asClient, "--package", "stranger.pkg.json"], dir);
    expect([stranger.code, stranger.json.decision]).toEqual([0, "unique"]);
    // The iris gallery did not move; a face file of the wrong size is refused.
    expect(await counts()).toEqual([0, 0, 0]);
    writeFileSync(join(dir, "short.json"), JSON.stringify([1, 2, 3]));
    const short = await pop(
      [
        "uniqueness",
        "package",
        ...cli,
        ...asSource,
        "--face",
        "short.json",
        "--identity",
        "face-id.json",
        "--out",
        "s.json",
      ],
      dir,
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('must hold 1024 numbers (an array, or {"embedding": [...]})');
    const reason = ["--reason", "revoked"];
    expect(
      (await pop(["uniqueness", "delete", ...cli, ...asClient, "--person", person, ...reason], dir)).json,
    ).toMatchObject({
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
        "--reason",
        "revoked",
      ],
      dir,
    );
    expect([run.code, run.json.deleted, run.json.reason, (run.json.signatures as string[]).length]).toEqual([
      1,
      false,
      "the person is not enrolled",
      3,
    ]);
    expect(run.stderr).toBe(`pop: person ${nobody} was not deleted: the person is not enrolled\n`);
  });

  it(`agrees with the plaintext two-eye rule on ${PEOPLE} queries × ${PEOPLE} enrolled people`, async () => {
    for (const person of people) {
      expect(await enroll(person)).toMatchObject({ enrolled: true });
    }
    expect(await counts()).toEqual([PEOPLE, PEOPLE, PEOPLE]);
    // The rule in plaintext: both eyes match, as captured, swapped, mirrored or each mirrored.
    const match = (a: IrisCode, b: IrisCode) => isMatch(minDistance(a, b));
    const m = mirrorIrisCode;
    const oracle = (q: Eyes) =>
      people.some(
        (p) =>
          (match(q.left, p.left) && match(q.right, p.right)) ||
          (match(q.left, p.right) && match(q.right, p.left)) ||
          (match(m(q.left), p.right) && match(m(q.right), p.left)) ||
          (match(m(q.left), p.left) && match(m(q.right), p.right)),
      );
    let matches = 0;
    for (let i = 0; i < PEOPLE; i++) {
      const p = people[i]!;
      // Captures at flip rates across the threshold, one eye only, swapped, mirrored, strangers.
      const rate = 0.1 + (0.3 * (i % 7)) / 6;
      const queries: Eyes[] = [
        { left: again(p.left, rate, (i % 7) - 3), right: again(p.right, rate) },
        { left: again(p.right, 0.1), right: again(p.left, 0.1) },
        { left: m(again(p.right, 0.1)), right: m(again(p.left, 0.1)) },
        { left: again(p.left, 0.1), right: randomPerson(random).right },
        randomPerson(random),
      ];
      const query = queries[i % queries.length]!;
      const expected = oracle(query);
      matches += expected ? 1 : 0;
      expect(await isUnique(query), `query ${i}`).toBe(!expected);
    }
    expect(matches).toBeGreaterThan(8);
    expect(matches).toBeLessThan(PEOPLE - 5);
  });

  it("nothing a node stores or logs is a plaintext template", () => {
    const needles = people
      .slice(0, 5)
      .flatMap((person) => [person.left, person.right])
      .flatMap((eye) => {
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
    expect(files.length).toBeGreaterThan(3 * PEOPLE);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles) {
        expect(bytes.includes(needle), file).toBe(false);
      }
    }
    for (const log of logs) {
      expect(log).not.toContain(irisCodeToJson(people[0]!.left).iris_codes.slice(0, 32));
    }
  });

  it("a node killed mid-enrolment: after restart the three galleries agree and nothing is lost", async () => {
    await stopNode(2);
    await startNode(2, { crashing: true });
    const newcomer = randomPerson(random);
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
    expect(await counts()).toEqual([PEOPLE, PEOPLE, PEOPLE]);
    expect(await isUnique({ left: again(people[12]!.left, 0.1), right: again(people[12]!.right, 0.1) })).toBe(false);
    expect(await enroll(newcomer)).toMatchObject({ enrolled: true, slot: PEOPLE });
    expect(await counts()).toEqual([PEOPLE + 1, PEOPLE + 1, PEOPLE + 1]);
    const statuses = await Promise.all(
      [0, 1, 2].map((party) => nodeStatus({ cluster: cluster(), client: client(), party })),
    );
    expect(new Set(statuses.map((status) => (status as { head: string }).head)).size).toBe(1);
  });

  it("a node down: a clear error and nothing changes", async () => {
    await stopNode(1);
    await expect(enroll(randomPerson(random))).rejects.toThrow(/node 1 at https:\/\/127\.0\.0\.1:\d+ is unreachable/);
    await startNode(1);
    // The client cancelled the request on the other two (or they gave up after their peer
    // timeout) before the enrolment returned: once node 1 is ready, all serve again.
    expect(await serves(randomPerson(random))).toBe(true);
    expect(await counts()).toEqual([PEOPLE + 1, PEOPLE + 1, PEOPLE + 1]);
  });
});
