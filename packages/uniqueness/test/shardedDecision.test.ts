import { describe, expect, it } from "vitest";
import type { IrisCode } from "../src/irisCode.js";
import { ReplicatedEngine } from "../src/mpc/booleanShares.js";
import { localChannels } from "../src/mpc/channel.js";
import { IRIS_ORIENTATIONS, irisPasses } from "../src/mpc/irisQuery.js";
import { type Decision, decideMatch, decideShared, openDecision } from "../src/mpc/matchDecision.js";
import { ShareGallery } from "../src/mpc/shareGallery.js";
import { PARTIES, shareTemplate } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { andShardBits, entriesInShard, partNonce, shardOf } from "../src/shard/combineShards.js";
import { randomIrisCode, similarIrisCode } from "../src/syntheticIris.js";
import { inMemoryContexts } from "./threeParties.js";

const random = seededRandom("shardedDecision.test");
type Person = { left: IrisCode; right: IrisCode; n: string };
type Galleries = { left: ShareGallery; right: ShareGallery };
const capture = (eye: IrisCode) => similarIrisCode({ of: eye, flipRate: 0.15, rotation: -4, random });

/** Each party's galleries split round robin over `shards` shards (shards[party][k]). */
function shardedGalleries(people: readonly Person[], shards: number): Galleries[][] {
  const out = PARTIES.map(() =>
    Array.from({ length: shards }, () => ({ left: new ShareGallery(), right: new ShareGallery() })),
  );
  people.forEach((person, slot) => {
    const left = shareTemplate(person.left, random);
    const right = shareTemplate(person.right, random);
    const { shard } = shardOf(slot, shards);
    for (const party of PARTIES) {
      out[party]![shard]!.left.add(left[party]);
      out[party]![shard]!.right.add(right[party]);
    }
  });
  return out;
}

/** The three parties' answer over `shards` shards: shard MPCs keep their bits shared, the coordinators AND and open. */
async function decideSharded(people: readonly Person[], galleries: Galleries[][], query: Person): Promise<Decision> {
  const shards = galleries[0]!.length;
  const left = shareTemplate(query.left, random);
  const right = shareTemplate(query.right, random);
  const keys = [random(32), random(32), random(32)];
  const nonce = random(12);
  const context = (party: 0 | 1 | 2, channel: ReturnType<typeof localChannels>[0], part: number | "combine") => ({
    party,
    channel,
    prevKey: keys[party]!,
    nextKey: keys[(party + 1) % 3]!,
    nonce: partNonce(nonce, part),
  });
  const perShard = await Promise.all(
    Array.from({ length: shards }, (_, k) => {
      const channels = localChannels();
      const entries = entriesInShard(people.length, k, shards);
      const sameHuman = people.filter((_, slot) => slot % shards === k).map((person) => person.n === query.n);
      return Promise.all(
        PARTIES.map((party) =>
          decideShared(new ReplicatedEngine(context(party, channels[party], k)), {
            passes: irisPasses(galleries[party]![k]!, party, { left: left[party], right: right[party] }, entries),
            entries,
            width: 31,
            orientations: IRIS_ORIENTATIONS,
            sameHuman,
          }),
        ),
      );
    }),
  );
  const channels = localChannels();
  const answers = await Promise.all(
    PARTIES.map(async (party) => {
      const engine = new ReplicatedEngine(context(party, channels[party], "combine"));
      return openDecision(
        engine,
        await andShardBits(
          engine,
          perShard.map((bits) => bits[party]!),
        ),
      );
    }),
  );
  expect(new Set(answers).size).toBe(1);
  return answers[0]!;
}

describe("a gallery over K shards, the shards' bits ANDed in MPC", () => {
  it("places slot s on shard s mod K at index ⌊s / K⌋", () => {
    expect(shardOf(9, 4)).toEqual({ shard: 1, index: 2 });
    expect([0, 1, 2, 3].map((k) => entriesInShard(10, k, 4))).toEqual([3, 3, 2, 2]);
    expect(entriesInShard(2, 3, 4)).toBe(0);
    expect(() => shardOf(1, 0)).toThrow(/1 to 1024 shards/);
    expect(Buffer.from(partNonce(new Uint8Array(12), 0))).not.toEqual(Buffer.from(partNonce(new Uint8Array(12), 1)));
  });

  it("4 shards answer as one gallery does (both eyes, four orientations), wherever the match is", async () => {
    const people: Person[] = Array.from({ length: 11 }, (_, i) => ({
      left: randomIrisCode(random),
      right: randomIrisCode(random),
      n: `n${i}`,
    }));
    const sharded = shardedGalleries(people, 4);
    const whole = shardedGalleries(people, 1);
    const seen = new Set<Decision>();
    for (let q = 0; q < 14; q++) {
      const target = people[q % people.length]!;
      const query =
        q % 7 === 6
          ? { left: randomIrisCode(random), right: randomIrisCode(random), n: "n0" }
          : { left: capture(target.left), right: capture(target.right), n: q % 2 === 0 ? target.n : "other" };
      const expected: Decision = q % 7 === 6 ? "unique" : q % 2 === 0 ? "same-human" : "conflict";
      const answer = await decideSharded(people, sharded, query);
      expect(answer).toBe(expected);
      expect(await decideSharded(people, whole, query)).toBe(answer);
      seen.add(answer);
    }
    expect(seen.size).toBe(3);
  });

  it("decideMatch still opens exactly what decideShared then openDecision do", async () => {
    const person = { left: randomIrisCode(random), right: randomIrisCode(random), n: "a" };
    const galleries = shardedGalleries([person], 1);
    const left = shareTemplate(capture(person.left), random);
    const right = shareTemplate(capture(person.right), random);
    const contexts = inMemoryContexts(random);
    const results = await Promise.all(
      PARTIES.map((party) =>
        decideMatch(contexts[party]!, {
          passes: irisPasses(galleries[party]![0]!, party, { left: left[party], right: right[party] }, 1),
          entries: 1,
          width: 31,
          orientations: IRIS_ORIENTATIONS,
          sameHuman: [false],
        }),
      ),
    );
    expect(results.map((r) => r.decision)).toEqual(["conflict", "conflict", "conflict"]);
    expect(results[0]!.stats.rounds).toBeGreaterThan(0);
  });
});
