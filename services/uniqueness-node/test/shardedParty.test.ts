import { type IrisCode, mirrorIrisCode } from "@pop/uniqueness/irisCode";
import { IRIS_ORIENTATIONS, irisPasses } from "@pop/uniqueness/mpc/irisQuery";
import { type Decision, decideMatch } from "@pop/uniqueness/mpc/matchDecision";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { PARTIES, shareTemplate } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inMemoryContexts } from "../../../packages/uniqueness/test/threeParties.js";
import { type LocalShardedCluster, startLocalShardedCluster } from "../src/shard/localShardedCluster.js";

/**
 * A party past one process (docs/uniqueness.md#past-one-machine): three parties of 4 shard
 * workers and a coordinator each, scatter/gather over each party's own nats-server (TLS,
 * verified client certificates), shard k of each party linked to shard k of the others over
 * TLS 1.3. Their answers must equal one unsharded gallery's (decideMatch over all entries) on
 * every query, and the answer the queries were made to have.
 */

const QUERIES = Number(process.env.POP_SHARDED_QUERIES ?? 1000);
const IN_FLIGHT = 8;
const random = seededRandom("shardedParty.test");
type Person = { left: IrisCode; right: IrisCode; n: string };
const capture = (eye: IrisCode) => similarIrisCode({ of: eye, flipRate: 0.12, rotation: 2, random });

let cluster: LocalShardedCluster;
const people: Person[] = [];
const whole = PARTIES.map(() => ({ left: new ShareGallery(), right: new ShareGallery() }));

function enroll(person: Person) {
  const left = shareTemplate(person.left, random);
  const right = shareTemplate(person.right, random);
  cluster.add(
    person.n,
    PARTIES.map((party) => [left[party], right[party]]),
  );
  for (const party of PARTIES) {
    whole[party]!.left.add(left[party]);
    whole[party]!.right.add(right[party]);
  }
  people.push(person);
}

/** A query made to have a known answer: a stranger, or a person again in one of four orientations, with their N or another. */
function makeQuery(q: number): { eyes: { left: IrisCode; right: IrisCode }; n: string; expected: Decision } {
  const kind = q % 3;
  if (kind === 0)
    return { eyes: { left: randomIrisCode(random), right: randomIrisCode(random) }, n: "n0", expected: "unique" };
  const person = people[Math.floor((random(1)[0]! / 256) * people.length)]!;
  const [l, r] = [capture(person.left), capture(person.right)];
  const orientation = [
    { left: l, right: r },
    { left: r, right: l },
    { left: mirrorIrisCode(r), right: mirrorIrisCode(l) },
    { left: mirrorIrisCode(l), right: mirrorIrisCode(r) },
  ][Math.floor(q / 3) % 4]!;
  return kind === 1
    ? { eyes: orientation, n: person.n, expected: "same-human" }
    : { eyes: orientation, n: `not ${person.n}`, expected: "conflict" };
}

async function unsharded(shares: { left: readonly Uint16Array[]; right: readonly Uint16Array[] }, n: string) {
  const contexts = inMemoryContexts(random);
  const results = await Promise.all(
    PARTIES.map((party) =>
      decideMatch(contexts[party]!, {
        passes: irisPasses(
          whole[party]!,
          party,
          { left: shares.left[party]!, right: shares.right[party]! },
          people.length,
        ),
        entries: people.length,
        width: 31,
        orientations: IRIS_ORIENTATIONS,
        sameHuman: people.map((person) => person.n === n),
      }),
    ),
  );
  return results[0]!.decision;
}

async function sharded(shares: { left: readonly Uint16Array[]; right: readonly Uint16Array[] }, n: string) {
  const keys = [random(32), random(32), random(32)];
  const nonce = random(12);
  const requestId = newRequestId();
  const answers = await Promise.all(
    cluster.coordinators.map((coordinator, party) =>
      coordinator.decide({
        requestId,
        nonce,
        prevKey: keys[party]!,
        nextKey: keys[(party + 1) % 3]!,
        entries: people.length,
        nullifierCommitment: n,
        rotations: 15,
        shares: [shares.left[party]!, shares.right[party]!],
      }),
    ),
  );
  const decisions = new Set(answers.map((answer) => answer.decision));
  expect(decisions.size).toBe(1);
  return answers[0]!.decision;
}

beforeAll(async () => {
  cluster = await startLocalShardedCluster({ shards: 4, galleries: 2 });
}, 60_000);
afterAll(async () => {
  await cluster?.close();
});

describe("a party of 4 shards over NATS", () => {
  it(`answers as one unsharded gallery on ${QUERIES} random queries (both eyes, four orientations; galleries of 3 to 13, so some shards empty; heavy: about 7 minutes on 2 shared cores)`, async () => {
    for (let i = 0; i < 3; i++) enroll({ left: randomIrisCode(random), right: randomIrisCode(random), n: `n${i}` });
    const tally: Record<Decision, number> = { unique: 0, "same-human": 0, conflict: 0 };
    const step = QUERIES / 11;
    let growAt = step;
    for (let start = 0; start < QUERIES; start += IN_FLIGHT) {
      // Grow the gallery as the queries go, so that every shard is sometimes empty and sometimes the match's.
      for (; start >= growAt && people.length < 13; growAt += step) {
        enroll({ left: randomIrisCode(random), right: randomIrisCode(random), n: `n${people.length}` });
      }
      const batch = Array.from({ length: Math.min(IN_FLIGHT, QUERIES - start) }, (_, i) => makeQuery(start + i));
      await Promise.all(
        batch.map(async (query) => {
          const shares = {
            left: shareTemplate(query.eyes.left, random),
            right: shareTemplate(query.eyes.right, random),
          };
          const [fromShards, fromOne] = await Promise.all([sharded(shares, query.n), unsharded(shares, query.n)]);
          expect(fromShards).toBe(fromOne);
          expect(fromShards).toBe(query.expected);
          tally[fromShards]++;
        }),
      );
    }
    expect(people.length).toBe(13);
    expect(Object.values(tally).every((count) => count > QUERIES / 4)).toBe(true);
  }, 900_000);
});
