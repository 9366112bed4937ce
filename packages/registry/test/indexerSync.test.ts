import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Party, Reason } from "@pop/contracts/generated/enums";
import { humanityRegistryAbi } from "@pop/contracts/generated/humanityRegistry";
import { localChain } from "@pop/test-utils/chain";
import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { createTestClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIRMATIONS, RegistryIndexer } from "../src/indexer.js";
import { expectIndexMatchesChain } from "./indexMatchesChain.js";

/** Syncs that race each other on one index file, and a chain that reorganises under the index. */

let h: RegistryHarness;
let dir: string;
let voucher: Person;
let vouchallenged: bigint;

beforeAll(async () => {
  h = await RegistryHarness.start();
  dir = mkdtempSync(join(tmpdir(), "pop-index-sync-"));
  const genesis = await h.seeded();
  voucher = await h.person();
  await h.register(voucher, genesis);
  // A claim the voucher backed, challenged and lost: a vouchallenge it can refund later.
  vouchallenged = await h.openVouched(await h.person(), voucher);
  await h.rule(await h.challenge(await h.person(), vouchallenged, Reason.IncorrectSubmission), Party.Challenger);
  await h.release(vouchallenged);
});
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const open = (path: string) => RegistryIndexer.open({ path, client: h.client, registry: h.registry });
/** The registry's events in blocks `fromBlock`… (what a sync of them applies). */
const eventsFrom = async (fromBlock: bigint, toBlock?: bigint) =>
  (await h.client.getContractEvents({ address: h.registry, abi: humanityRegistryAbi, fromBlock, toBlock })).length;
const anvil = () => createTestClient({ mode: "anvil", transport: http(h.chain.rpcUrl) });
const head = () => h.client.getBlockNumber({ cacheTime: 0 });

describe("concurrent syncs", () => {
  it("two indexers of one file syncing at once apply each chunk once", async () => {
    const path = join(dir, "shared.sqlite");
    const [one, two] = await Promise.all([open(path), open(path)]);
    const total = await eventsFrom(0n);
    const applied = await Promise.all([one.sync({ chunk: 3n }), two.sync({ chunk: 3n })]);
    expect(applied[0] + applied[1]).toBe(total);
    expect([one.nextBlock, two.nextBlock]).toEqual([(await head()) + 1n, (await head()) + 1n]);
    await expectIndexMatchesChain(one, h);
    one.close();
    two.close();
  });

  it("two syncs at once of one indexer never apply a chunk of updates twice", async () => {
    const indexer = await open(join(dir, "twice.sqlite"));
    await indexer.sync();
    expect(indexer.vouchallengerStats(voucher.id).vouchallenges).toBe(1);
    // A whitehat refund: its only event, WhitehatRefund, updates the voucher's counts.
    await h.call(voucher.wallet, "refundVouchallenged", [vouchallenged], await h.deposit());
    expect(await eventsFrom(await head())).toBe(1);
    const applied = await Promise.all([indexer.sync(), indexer.sync()]);
    expect(applied[0] + applied[1]).toBe(1);
    expect(indexer.vouchallengerStats(voucher.id).vouchallenges).toBe(0);
    await expectIndexMatchesChain(indexer, h);
    indexer.close();
  });
});

describe("reorganisations", () => {
  it("drops a block the chain lost and indexes the block that replaced it", async () => {
    const indexer = await open(join(dir, "reorg.sqlite"));
    await indexer.sync();
    const snapshot = await anvil().snapshot();
    const lost = await h.person();
    const lostRequest = await h.claim(lost);
    await indexer.sync();
    const height = await head();
    expect(indexer.humanity(lost.id, 0).requests.map((r) => r.requestId)).toEqual([Number(lostRequest)]);
    // The chain forgets the claim's block and mines another claim at the same height.
    await anvil().revert({ id: snapshot });
    const kept = await h.person();
    const keptRequest = await h.claim(kept, { evidence: "ipfs://the-other-fork" });
    expect([await head(), keptRequest]).toEqual([height, lostRequest]);
    expect(await indexer.sync()).toBe(await eventsFrom(height));
    await expectIndexMatchesChain(indexer, h);
    expect(indexer.humanity(lost.id, 0).requests).toEqual([]);
    expect(indexer.humanity(kept.id, 0).requests.map((r) => [r.requestId, r.evidence])).toEqual([
      [Number(keptRequest), "ipfs://the-other-fork"],
    ]);
    expect(indexer.nextBlock).toBe(height + 1n);
    indexer.close();
  });

  it("drops the blocks past the head of a chain that got shorter", async () => {
    const indexer = await open(join(dir, "shorter.sqlite"));
    const snapshot = await anvil().snapshot();
    const base = await head();
    await h.claim(await h.person());
    await h.vouch(voucher, await h.person());
    await indexer.sync();
    expect(indexer.nextBlock).toBe(base + 3n);
    await anvil().revert({ id: snapshot });
    expect(await indexer.sync()).toBe(0);
    expect(indexer.nextBlock).toBe(base + 1n);
    await expectIndexMatchesChain(indexer, h);
    // The vouch of the lost block went too: the same vouches as an index of the chain as it is.
    const fresh = await open(":memory:");
    await fresh.sync();
    expect(indexer.vouchesOf(voucher.id)).toEqual(fresh.vouchesOf(voucher.id));
    expect(indexer.vouchesOf(voucher.id).given).toHaveLength(1);
    fresh.close();
    indexer.close();
  });

  it("waits for DEFAULT_CONFIRMATIONS blocks on a chain that is not a local one, for none on anvil", async () => {
    const other = await localChain({ chainId: 10 });
    try {
      await createTestClient({ mode: "anvil", transport: http(other.chain.rpcUrl) }).mine({ blocks: 20 });
      const indexer = await RegistryIndexer.open({ path: ":memory:", client: other.client, registry: h.registry });
      await indexer.sync();
      // 20 blocks, 12 of them unconfirmed.
      expect(indexer.nextBlock).toBe(20n - 12n + 1n);
      expect(DEFAULT_CONFIRMATIONS).toBe(12n);
      await indexer.sync({ confirmations: 0n });
      expect(indexer.nextBlock).toBe(21n);
      indexer.close();
    } finally {
      await other.chain.stop();
    }
    const local = await open(":memory:");
    await local.sync();
    expect(local.nextBlock).toBe((await head()) + 1n);
    local.close();
  });
});
