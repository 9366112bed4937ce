import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Party, Reason } from "@pop/contracts/generated/enums";
import { InputError } from "@pop/core/errors";
import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import Database from "better-sqlite3";
import { getAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVouchallenger, parseHumanityId, RegistryIndexer } from "../src/indexer.js";
import { expectIndexMatchesChain } from "./indexMatchesChain.js";

let h: RegistryHarness;
let dir: string;
let people: Record<string, Person>;

beforeAll(async () => {
  h = await RegistryHarness.start();
  dir = mkdtempSync(join(tmpdir(), "pop-indexer-"));
  const genesis = await h.person();
  await h.seed(genesis);
  const [alice, bob, carol, challenger, revoker] = [
    await h.person(),
    await h.person(),
    await h.person(),
    await h.person(),
    await h.person(),
  ];
  const quitter = await h.person();
  people = { genesis, alice, bob, carol, challenger, revoker, quitter };
  await h.register(alice, genesis);
  // Bob's claim, vouched by Alice, is challenged and rejected: a vouchallenge for Alice.
  const bobRequest = await h.openVouched(bob, alice);
  await h.rule(await h.challenge(challenger, bobRequest, Reason.IncorrectSubmission), Party.Challenger);
  await h.release(bobRequest);
  // Carol's claim is open and vouched for, waiting in its challenge period.
  await h.claim(carol);
  await h.vouch(genesis, carol);
  await h.advance(carol, [genesis]);
  // A genesis human who renounces.
  await h.seed(quitter);
  await h.call(quitter.wallet, "renounceHumanity", [await h.siblings(quitter.id)]);
  // A standing vouch not used yet, and a revocation in its challenge period.
  await h.vouch(alice, bob);
  await h.call(revoker.wallet, "revokeHumanity", [alice.id, "ipfs://revoke"], await h.deposit());
});
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("RegistryIndexer on anvil", () => {
  it("indexes the events into a state equal to the contract's", async () => {
    const indexer = await RegistryIndexer.open({ path: join(dir, "a.sqlite"), client: h.client, registry: h.registry });
    expect(await indexer.sync({ chunk: 7n })).toBeGreaterThan(20);
    await expectIndexMatchesChain(indexer, h);
    expect(indexer.pendingRequests()).toHaveLength(2);
    // Carol's claim holds its voucher: vouching until the claim is final and its vouchers processed.
    expect(indexer.humanity(people.genesis!.id, Number(await h.now())).vouching).toBe(true);
    indexer.close();
  });

  it("answers the registry's questions: status, pending requests, vouches, vouchallenger stats", async () => {
    const indexer = await RegistryIndexer.open({ path: join(dir, "b.sqlite"), client: h.client, registry: h.registry });
    await indexer.sync();
    const now = Number(await h.now());
    const { alice, bob, carol, genesis } = people as Record<string, Person>;
    const aliceStatus = indexer.humanity(alice!.id.toUpperCase().replace("0X", "0x"), now);
    expect(aliceStatus.state).toBe("registered");
    expect(aliceStatus.owner).toBe(getAddress(alice!.address));
    expect(aliceStatus.requests.map((r) => [r.kind, r.status, r.winner])).toEqual([
      ["claim", "resolved", "requester"],
      ["revocation", "resolving", "none"],
    ]);
    const bobStatus = indexer.humanity(bob!.id, now);
    expect(bobStatus.state).toBe("none");
    // Rejected before it was registered: the ID has no N yet.
    expect([bobStatus.commitment, bobStatus.nullifierCommitment]).toEqual([null, null]);
    expect(bobStatus.requests[0]!.nullifierCommitment).toBe(String(bob!.identity.nullifierCommitment));
    // Renounced: no leaf any more, but the ID keeps its N for a reclaim.
    expect(indexer.humanity(people.quitter!.id, now)).toMatchObject({
      state: "none",
      commitment: null,
      nullifierCommitment: String(people.quitter!.identity.nullifierCommitment),
      lastRemoval: "renounced",
    });
    expect(bobStatus.requests[0]!.challenges).toEqual([
      {
        index: 0,
        reason: "incorrect-submission",
        duplicate: null,
        challenger: getAddress(people.challenger!.address),
        disputeId: 0,
        winner: "challenger",
      },
    ]);
    expect(indexer.pendingRequests().map((r) => [r.humanityId, r.kind, r.status])).toEqual([
      [carol!.id, "claim", "resolving"],
      [alice!.id, "revocation", "resolving"],
    ]);
    expect(indexer.vouchesOf(alice!.id)).toEqual({
      given: [{ claimer: getAddress(bob!.address), humanityId: bob!.id }],
      used: [{ requestId: 1, vouchallenge: true }],
    });
    expect(indexer.vouchesOf(genesis!.id).used).toEqual([
      { requestId: 0, vouchallenge: false },
      { requestId: 2, vouchallenge: false },
    ]);
    expect(indexer.vouchallengerStats(alice!.id)).toEqual({
      humanityId: alice!.id,
      vouches: 1,
      vouchallenges: 1,
      timesRemoved: 0,
      vouchallengesSinceRemoval: 0,
      isVouchallenger: false,
    });
    expect(indexer.humanity(alice!.id, aliceStatus.expirationTime).state).toBe("expired");
    indexer.close();
  });

  it("resumes from its file where it stopped, and refuses a file of another registry", async () => {
    const path = join(dir, "c.sqlite");
    const first = await RegistryIndexer.open({ path, client: h.client, registry: h.registry });
    const head = await h.client.getBlockNumber({ cacheTime: 0 });
    const part = await first.sync({ toBlock: head / 2n });
    expect(first.nextBlock).toBe(head / 2n + 1n);
    first.close();
    const again = await RegistryIndexer.open({ path, client: h.client, registry: h.registry });
    const rest = await again.sync();
    expect(again.nextBlock).toBe(head + 1n);
    expect(await again.sync()).toBe(0);
    again.close();
    const whole = await RegistryIndexer.open({ path: ":memory:", client: h.client, registry: h.registry });
    expect(await whole.sync()).toBe(part + rest);
    whole.close();
    await expect(RegistryIndexer.open({ path, client: h.client, registry: h.arbitrator })).rejects.toThrow(InputError);
  });

  it("refuses an index file of another version (a protocol v1 index has no nullifier commitments)", async () => {
    const path = join(dir, "v1.sqlite");
    (await RegistryIndexer.open({ path, client: h.client, registry: h.registry })).close();
    const db = new Database(path);
    db.prepare("DELETE FROM meta WHERE key = 'schema'").run();
    db.close();
    const refused = RegistryIndexer.open({ path, client: h.client, registry: h.registry });
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(/is an index of version 1, not 3: delete it and sync again/);
  });

  it("refuses malformed Humanity IDs and decides the HIP-58 rule as the contract does", async () => {
    expect(() => parseHumanityId("0x1234")).toThrow(/20 bytes/);
    expect(() => parseHumanityId(`${"0x"}${"g".repeat(40)}`)).toThrow(InputError);
    for (const [vouches, vouchallenges, timesRemoved, since] of [
      [1, 1, 0, 0],
      [340, 24, 0, 0],
      [3, 2, 0, 0],
      [5, 2, 0, 0],
      [40, 1, 1, 1],
      [40, 1, 1, 0],
    ] as const) {
      expect(isVouchallenger({ vouches, vouchallenges, timesRemoved, vouchallengesSinceRemoval: since })).toBe(
        await h.read("vouchallengerRule", [
          BigInt(vouches),
          BigInt(vouchallenges),
          BigInt(timesRemoved),
          BigInt(since),
        ]),
      );
    }
  });
});
