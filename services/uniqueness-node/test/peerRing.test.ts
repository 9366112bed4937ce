import { createTlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { localChannels, type PartyChannel } from "@pop/uniqueness/mpc/channel";
import { matchGroups } from "@pop/uniqueness/mpc/matchCircuit";
import { ShareGallery } from "@pop/uniqueness/mpc/shareGallery";
import { PARTIES, shareTemplate } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { openRing, type RingEnd } from "../src/peerRing.js";

/**
 * The benchmark's ring (peerRing.ts): the same match over TLS 1.3 links, over plain TCP and in
 * memory gives the same bit, so bench/match can report what TLS costs against plaintext.
 */

const random = seededRandom("peerRing.test");
const people = Array.from({ length: 40 }, () => randomIrisCode(random));
const galleries = PARTIES.map(() => new ShareGallery());
for (const person of people) {
  const shares = shareTemplate(person, random);
  for (const party of PARTIES) galleries[party]!.add(shares[party]);
}
const ends: RingEnd[] = [];
afterAll(async () => {
  await Promise.all(ends.map((end) => end.close()));
});

async function ring(tls: boolean) {
  const identities = await Promise.all(
    PARTIES.map((party) => createTlsIdentity({ name: `ring ${party}`, hosts: ["127.0.0.1"] })),
  );
  const made = await openRing(identities, tls);
  ends.push(...made);
  return made;
}

async function query(channels: readonly PartyChannel[], of: number) {
  const capture = shareTemplate(similarIrisCode({ of: people[of]!, flipRate: 0.15, rotation: 3, random }), random);
  const keys = [random(32), random(32), random(32)];
  const nonce = random(12);
  const started = performance.now();
  const results = await Promise.all(
    PARTIES.map((party) =>
      matchGroups(
        { party, channel: channels[party]!, prevKey: keys[party]!, nextKey: keys[(party + 1) % 3]!, nonce },
        galleries[party]!.dotShares(party, capture[party]),
        people.map(() => 31),
      ),
    ),
  );
  return { matches: results.map((result) => result.matches), ms: performance.now() - started };
}

describe("the benchmark's ring of three parties", () => {
  it("gives the same bits over TLS, over plain TCP and in memory", async () => {
    const expected = people.map((_, i) => i === 7);
    const tls = await ring(true);
    const plain = await ring(false);
    expect(tls.map((end) => end.url.slice(0, 8))).toEqual(["https://", "https://", "https://"]);
    const id = newRequestId();
    const overTls = await query(
      tls.map((end) => end.channel(id)),
      7,
    );
    const overTcp = await query(
      plain.map((end) => end.channel(id)),
      7,
    );
    const inMemory = await query(localChannels(), 7);
    for (const run of [overTls, overTcp, inMemory]) expect(run.matches).toEqual([expected, expected, expected]);
    console.log(
      `40 entries × 31 rotations: TLS ${overTls.ms.toFixed(0)} ms, plain TCP ${overTcp.ms.toFixed(0)} ms, in memory ${inMemory.ms.toFixed(0)} ms`,
    );
  });
});
