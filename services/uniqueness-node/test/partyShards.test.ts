import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTlsIdentity, type TlsIdentity } from "@pop/uniqueness/cluster/tlsIdentity";
import { mirrorIrisCode } from "@pop/uniqueness/irisCode";
import { localChannels } from "@pop/uniqueness/mpc/channel";
import { PARTIES, shareTemplate } from "@pop/uniqueness/mpc/templateShares";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PartyShards, startPartyShards } from "../src/shard/partyShards.js";

/**
 * A node's shards as the node runs them (docs/uniqueness.md#past-one-machine): per party its
 * own nats-server and two shard worker threads, shard k's ring link to shard k of the other
 * parties over TLS 1.3 with the nodes' certificates, entries sent by the coordinator as the
 * node's store changes, and decisions finished over the coordinators' own channel.
 */

const random = seededRandom("partyShards.test");
const BASE_PORT = 17_600;
const SHARDS = 2;
let dir: string;
let identities: TlsIdentity[];
let parties: PartyShards[] = [];
const port = (party: number, k: number) => BASE_PORT + party * SHARDS + k;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-party-shards-"));
  identities = await Promise.all(
    PARTIES.map((party) => createTlsIdentity({ name: `pop uniqueness node ${party}`, hosts: ["127.0.0.1"] })),
  );
  parties = await Promise.all(
    PARTIES.map((party) =>
      startPartyShards({
        party,
        dir: join(dir, `nats${party}`),
        identity: identities[party]!,
        next: identities[(party + 1) % 3]!.certificate,
        previous: identities[(party + 2) % 3]!.certificate,
        host: "127.0.0.1",
        ports: Array.from({ length: SHARDS }, (_, k) => port(party, k)),
        previousUrls: Array.from({ length: SHARDS }, (_, k) => `https://127.0.0.1:${port((party + 2) % 3, k)}`),
        timeoutMs: 20_000,
      }),
    ),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(parties.map((shards) => shards.close()));
  await rm(dir, { recursive: true, force: true });
});

type Eyes = { left: ReturnType<typeof randomIrisCode>; right: ReturnType<typeof randomIrisCode> };

async function set(slot: number, n: string, eyes: Eyes | null) {
  const left = eyes === null ? null : shareTemplate(eyes.left, random);
  const right = eyes === null ? null : shareTemplate(eyes.right, random);
  await Promise.all(
    parties.map((shards, party) =>
      shards.coordinators.iris.update({
        slot,
        nullifierCommitment: n,
        shares: left === null || right === null ? null : [left[party]!, right[party]!],
      }),
    ),
  );
}

async function decide(eyes: Eyes, n: string, entries: number) {
  const left = shareTemplate(eyes.left, random);
  const right = shareTemplate(eyes.right, random);
  const keys = [random(32), random(32), random(32)];
  const nonce = random(12);
  const requestId = newRequestId();
  const channels = localChannels();
  const answers = await Promise.all(
    parties.map((shards, party) =>
      shards.coordinators.iris.decide(
        {
          requestId,
          nonce,
          prevKey: keys[party]!,
          nextKey: keys[(party + 1) % 3]!,
          entries,
          nullifierCommitment: n,
          rotations: 15,
          shares: [left[party]!, right[party]!],
        },
        channels[party],
      ),
    ),
  );
  expect(new Set(answers.map((answer) => answer.decision)).size).toBe(1);
  return answers[0]!.decision;
}

const again = (eyes: Eyes): Eyes => ({
  left: similarIrisCode({ of: eyes.left, flipRate: 0.1, rotation: 3, random }),
  right: similarIrisCode({ of: eyes.right, flipRate: 0.1, rotation: -2, random }),
});

describe("a node's shards in worker threads", () => {
  it("decide on what the coordinator sent them: same N, another N, mirrored, cleared, a stranger", async () => {
    const alice = { left: randomIrisCode(random), right: randomIrisCode(random) };
    const bob = { left: randomIrisCode(random), right: randomIrisCode(random) };
    // Alice at slot 1 (shard 1), Bob at slot 4 (shard 0); slots 0, 2 and 3 are empty (a node
    // sends every slot it compares: an entry, or a hole).
    await set(1, "11", alice);
    await set(4, "22", bob);
    for (const slot of [0, 2, 3]) await set(slot, "", null);
    expect(await decide(again(alice), "11", 5)).toBe("same-human");
    expect(await decide(again(bob), "11", 5)).toBe("conflict");
    const mirrored = again(alice);
    expect(await decide({ left: mirrorIrisCode(mirrored.right), right: mirrorIrisCode(mirrored.left) }, "33", 5)).toBe(
      "conflict",
    );
    // Only the first 4 slots compared: Bob, at slot 4, is not.
    expect(await decide(again(bob), "33", 4)).toBe("unique");
    expect(await decide({ left: randomIrisCode(random), right: randomIrisCode(random) }, "33", 5)).toBe("unique");
    // A cleared slot matches no one.
    await set(1, "", null);
    expect(await decide(again(alice), "11", 5)).toBe("unique");
  }, 120_000);

  it("refuses a malformed entry on the shard, and a query past what a shard was sent, naming the shard", async () => {
    const coordinator = parties[0]!.coordinators.iris;
    const shares = [new Uint16Array(19_200), new Uint16Array(19_200)];
    await expect(coordinator.update({ slot: 7, nullifierCommitment: "x", shares })).rejects.toThrow(
      "shard 1 did not take the update: an update's nullifierCommitment must be a decimal field element",
    );
    await expect(coordinator.update({ slot: 7, nullifierCommitment: "1", shares: [shares[0]!] })).rejects.toThrow(
      "shard 1 did not take the update: one share per gallery",
    );
    // Slots 0 to 4 were sent; a query over 6 would compare slot 5, which shard 1 never got.
    await expect(decide({ left: randomIrisCode(random), right: randomIrisCode(random) }, "1", 6)).rejects.toThrow(
      "shard 1 failed: shard 1 holds 2 entries, not 3",
    );
  }, 60_000);
});
