import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ClusterError } from "@pop/core/errors";
import { Identity, nullifierCommitmentOf } from "@pop/protocol/identity";
import { callCluster, nodeStatus } from "@pop/uniqueness/client/callCluster";
import { recoverFromCluster } from "@pop/uniqueness/client/recover";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { consentRequest, signDeleteConsent } from "@pop/uniqueness/wire/consent";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Person, packagesFor, randomPerson } from "../../../packages/uniqueness/test/people.js";
import { FAULT_STEPS, type FaultStep } from "../src/execute/types.js";
import { makeTestCluster } from "./localCluster.js";
import { NodeProcesses } from "./nodeProcesses.js";

/**
 * Kill any node at every step (docs/uniqueness.md#ordered-and-concurrent): for every fault step
 * of enrol, delete and recover, and every party, that party runs with `--crash-at STEP` and
 * SIGKILLs itself there, mid-request; it is restarted normally, the nodes settle among
 * themselves, and then the three event chains are equal, every gallery's three counts are equal,
 * the change happened on all three nodes or on none (and is the one the protocol allows for the
 * step), and everyone enrolled before is still there. Real node processes (the bin), real TLS.
 */

const random = seededRandom("faults.test");
const local = await makeTestCluster({ basePort: 17_480, prefix: "pop-faults-" });
const { cluster, client } = local;
const make = packagesFor({ nodeKeys: local.keys, source: local.source, random });
const nodes = new NodeProcesses(local, 5_000);
/** A node settles within a pass or two once its peers are up (settlement.ts asks every 500 ms). */
const SETTLE_WITHIN_MS = 20_000;

/** Another capture of both eyes, well inside the match threshold. */
const fresh = (person: Person) => ({
  left: similarIrisCode({ of: person.left, flipRate: 0.1, rotation: 2, random }),
  right: similarIrisCode({ of: person.right, flipRate: 0.1, rotation: -1, random }),
});
const decision = async (person: Person, nullifierKey: bigint) =>
  (await callCluster({ cluster, client, kind: "check", body: { package: make.iris(fresh(person), nullifierKey) } }))
    .result.decision;
const enroll = async (person: Person, personId: string, requestId = newRequestId(), commitment = 1n) =>
  (
    await callCluster({
      cluster,
      client,
      kind: "enroll",
      requestId,
      body: { personId, package: make.iris(fresh(person), person.nullifierKey), commitment: String(commitment) },
    })
  ).result;
const remove = async (personId: string, requestId = newRequestId()) =>
  (await callCluster({ cluster, client, kind: "delete", requestId, body: { personId, reason: "revoked (test)" } }))
    .result;
const recover = (person: Person, personId: string, authenticator: Identity, requestId = newRequestId()) =>
  recoverFromCluster({
    cluster,
    client,
    package: make.capture(fresh(person), nullifierCommitmentOf(person.nullifierKey)),
    personId,
    commitment: authenticator.commitment,
    requestId,
    random,
  });
/** A delete on the consent of `authenticator` (the nodes take it only from the one the entry holds). */
const removeWithConsent = async (authenticator: Identity, personId: string) => {
  const document = signDeleteConsent({ authenticator, personId, requestId: newRequestId(), client: client.id });
  return (await callCluster({ cluster, client, kind: "delete", ...consentRequest(document, client.id) })).result;
};
const NOT_THEIRS = { deleted: false, reason: "the consent is not by the person's authenticator" };

type Status = { count: number; faces: number; head: string };
/** The three nodes' GET /v1/status, checked equal: one chain head, one count per gallery. */
async function agreedStatus(): Promise<Status> {
  const statuses = await Promise.all([0, 1, 2].map((party) => nodeStatus({ cluster, client, party })));
  const [first] = statuses.map(({ count, faces, head }) => ({ count, faces, head }) as Status);
  for (const status of statuses) expect({ count: status.count, faces: status.faces, head: status.head }).toEqual(first);
  return first!;
}

/** Everyone enrolled before the crashes, and those enrolled since (each with their person id). */
const enrolled: { person: Person; personId: string }[] = [];

/**
 * Runs `flow` with `party` started as `--crash-at step`, which must kill it; restarts it, waits
 * until every node that held the request's change open printed its settlement, and returns
 * whether the client's call failed and the nodes' agreed status after.
 */
async function crashDuring(
  step: FaultStep,
  party: number,
  requestId: string,
  flow: () => Promise<unknown>,
): Promise<{ status: Status; outcomes: unknown[] }> {
  await nodes.stop(party);
  await nodes.start(party, ["--crash-at", step]);
  // The killed node never answers: the call fails (callCluster waits for the others to end).
  const failure = await flow().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(ClusterError);
  expect(await nodes.exited(party)).toBe("SIGKILL");
  // With one node down nothing settles; these hold the change open (and nothing else).
  const holders = [0, 1, 2].filter((p) => nodes.openChanges(p).length > 0);
  for (const p of holders) expect(nodes.openChanges(p)).toEqual([requestId]);
  await nodes.start(party);
  const lines = await Promise.all(
    holders.map((p) =>
      nodes.printedWithin(p, SETTLE_WITHIN_MS, "its settlement", (line) => line.settled === requestId),
    ),
  );
  expect([0, 1, 2].map((p) => nodes.openChanges(p))).toEqual([[], [], []]);
  return { status: await agreedStatus(), outcomes: lines.map((line) => line.outcome) };
}

/** What the protocol allows at each step: before the vote nothing, after the event everything. */
function allowed(step: FaultStep, applied: boolean): void {
  if (step.endsWith(":matched") || step.endsWith(":prepared")) {
    expect(applied, `${step}: no node can have learned all prepared`).toBe(false);
  }
  if (step.endsWith(":written") || step.endsWith(":committed")) {
    expect(applied, `${step}: the killed node had written the event`).toBe(true);
  }
}

const CASES = FAULT_STEPS.flatMap((step) => [0, 1, 2].map((party) => [step, party] as const));

describe("kill any node at every step of enrol, delete and recover (node processes)", () => {
  beforeAll(async () => {
    await Promise.all([0, 1, 2].map((party) => nodes.start(party)));
    for (let i = 0; i < 4; i++) {
      const person = randomPerson(random);
      const personId = newRequestId();
      expect(await enroll(person, personId)).toMatchObject({ enrolled: true, slot: i });
      enrolled.push({ person, personId });
    }
  });
  afterAll(async () => {
    await nodes.stopAll();
    rmSync(local.dir, { recursive: true, force: true });
  });

  it("--crash-at takes only a fault step", async () => {
    const bin = fileURLToPath(new URL("../bin/pop-uniqueness-node.js", import.meta.url));
    const args = [bin, "--party", "0", "--data", local.nodeDir(0), "--crash-at", "enroll:sometime"];
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, args, (error, _stdout, stderr) => resolve({ code: error?.code as number, stderr }));
    });
    expect(run).toEqual({
      code: 2,
      stderr: `pop-uniqueness-node: --crash-at must be one of ${FAULT_STEPS.join(", ")}\n`,
    });
  });

  it.each(CASES)("%s, party %i killed: one outcome on all three, nothing lost or doubled", async (step, party) => {
    const before = await agreedStatus();
    const person = randomPerson(random);
    const personId = newRequestId();
    const requestId = newRequestId();
    if (step.startsWith("enroll:")) {
      const { status, outcomes } = await crashDuring(step, party, requestId, () => enroll(person, personId, requestId));
      const applied = status.count === before.count + 1;
      if (!applied) expect(status).toEqual(before);
      allowed(step, applied);
      expect(new Set(outcomes)).toEqual(new Set(outcomes.length === 0 ? [] : [applied ? "committed" : "aborted"]));
      // Enrolled once or not at all: another N conflicts iff enrolled; the same N never enrols twice.
      expect(await decision(person, 7n)).toBe(applied ? "conflict" : "unique");
      const again = await enroll(person, newRequestId());
      expect(again).toMatchObject(
        applied ? { enrolled: false, reason: "the same human is enrolled" } : { enrolled: true },
      );
      expect((await agreedStatus()).count).toBe(before.count + 1);
      enrolled.push({ person, personId });
    } else if (step.startsWith("delete:")) {
      expect(await enroll(person, personId)).toMatchObject({ enrolled: true });
      const { status, outcomes } = await crashDuring(step, party, requestId, () => remove(personId, requestId));
      const applied = status.count === before.count;
      if (!applied) expect(status.count).toBe(before.count + 1);
      allowed(step, applied);
      expect(new Set(outcomes)).toEqual(new Set(outcomes.length === 0 ? [] : [applied ? "committed" : "aborted"]));
      // All or nothing: the person is gone from all three, or still on all three.
      expect(await decision(person, 7n)).toBe(applied ? "unique" : "conflict");
      expect(await remove(personId)).toEqual(
        applied ? { deleted: false, reason: "the person is not enrolled" } : { deleted: true },
      );
      expect((await agreedStatus()).count).toBe(before.count);
    } else {
      const [lost, replacement, third] = ["lost", "new", "third"].map(
        (name) => new Identity(`faults.test ${step} ${party} ${name}`),
      ) as [Identity, Identity, Identity];
      expect(await enroll(person, personId, newRequestId(), lost.commitment)).toMatchObject({ enrolled: true });
      const enrolledStatus = await agreedStatus();
      const { status, outcomes } = await crashDuring(step, party, requestId, () =>
        recover(person, personId, replacement, requestId),
      );
      // A recovery changes only the entry's c, and the chain covers it: a moved head is an applied one.
      const applied = status.head !== enrolledStatus.head;
      expect({ ...status, head: enrolledStatus.head }).toEqual(enrolledStatus);
      allowed(step, applied);
      expect(new Set(outcomes)).toEqual(new Set(outcomes.length === 0 ? [] : [applied ? "committed" : "aborted"]));
      // One c on all three: the new authenticator's iff applied, so the other one cannot consent.
      expect(await removeWithConsent(applied ? lost : replacement, personId)).toEqual(NOT_THEIRS);
      // The next recovery (no crash) rebuilds n and installs a third authenticator.
      const outcome = await recover(person, personId, third);
      expect(outcome.recovered && outcome.nullifierKey).toBe(person.nullifierKey);
      expect(await removeWithConsent(applied ? replacement : lost, personId)).toEqual(NOT_THEIRS);
      enrolled.push({ person, personId });
    }
  });

  // Nothing lost: a loss is for good, so one pass at the end finds any crash's.
  it("after every crash, everyone enrolled is found, once, on three equal chains", async () => {
    const status = await agreedStatus();
    expect(status.count).toBe(enrolled.length);
    for (const { person } of enrolled) expect(await decision(person, person.nullifierKey)).toBe("same-human");
  });
});
