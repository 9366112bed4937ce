import { revertOf } from "@pop/test-utils/chain";
import type { RegistryHarness } from "@pop/test-utils/registryHarness";
import { createTestClient, type Hex, http, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { humanityGatewayAbi } from "../src/generated/humanityGateway.js";
import { TwoChains } from "./crossChainFixture.js";

/**
 * The registry audit's cross-chain findings (docs/registry.md#home-chain), each a transaction
 * sequence on two anvil chains that the old gateway and registry allowed.
 */

let chains: TwoChains;
let a: RegistryHarness;
let b: RegistryHarness;

beforeAll(async () => {
  chains = await TwoChains.start();
  ({ a, b } = chains);
});
afterAll(() => chains?.stop());

/** Revokes a registered humanity on a chain: an unchallenged revocation, executed. */
const revoke = async (h: RegistryHarness, humanityId: Hex) => h.revokeUnchallenged(await h.person(), humanityId);

describe("H1: a mirror only from the humanity's home chain, only over an away record", () => {
  it("refuses to mirror a humanity ID this chain never saw, which would strand it on the other chain", async () => {
    const stranger = await a.person();
    const victim = await b.person();
    expect(
      await revertOf(chains.gatewayCall(a, stranger.wallet, "updateHumanity", [chains.chainId(b), victim.id])),
    ).toEqual(["HumanityGateway__NotHome", [victim.id]]);
    // So the ID is still claimable on chain B, where its human lives.
    const voucher = await b.seeded();
    await b.register(victim, voucher);
    expect(await b.read("isHuman", [victim.address])).toBe(true);
  });

  it("refuses a mirror over a record whose home is the receiving chain: a revoked human there can reclaim", async () => {
    // The same Humanity ID registered on both chains, then revoked on B (its record stays home there).
    const person = await chains.registered(a);
    const onB = await b.adopt(person);
    const voucher = await b.seeded();
    await b.register(onB, voucher);
    await revoke(b, person.id);
    await chains.gatewayCall(a, person.wallet, "updateHumanity", [chains.chainId(b), person.id]);
    await chains.deliver(a, b);
    const mirror = (await chains.receivedIds(b)).at(-1)!;
    expect(await revertOf(chains.gatewayCall(b, b.governance, "applyMessage", [mirror, []]))).toEqual([
      "HumanityRegistry__Busy",
      [person.id],
    ]);
    expect(await chains.relayAndSettle(a, b)).toEqual({ applied: [], bounced: [], refused: [mirror] });
    const record = await b.humanity(person.id);
    expect([record.owner, record.away, record.nullifierCommitment]).toEqual([
      zeroAddress,
      false,
      person.identity.nullifierCommitment,
    ]);
    const voucher2 = await b.seeded();
    await b.register(onB, voucher2, { evidence: "ipfs://reclaim" });
    expect(await b.read("isHuman", [person.address])).toBe(true);
  });
});

describe("H2: updates and transfers in one sequence per humanity", () => {
  it("drops a mirror sent before a transfer and applied after the humanity was revoked on its new home", async () => {
    const person = await chains.registered(a);
    // An update to B is sent and delivered, but left unapplied.
    await chains.gatewayCall(a, person.wallet, "updateHumanity", [chains.chainId(b), person.id]);
    await chains.deliver(a, b);
    const stale = (await chains.receivedIds(b)).at(-1)!;
    // Then the humanity moves to B, and is revoked there.
    await chains.gatewayCall(a, person.wallet, "transferHumanity", [chains.chainId(b), await a.siblings(person.id)]);
    await chains.deliver(a, b);
    const transfer = (await chains.receivedIds(b)).at(-1)!;
    await chains.gatewayCall(b, b.governance, "applyMessage", [transfer, []]);
    expect((await b.humanity(person.id)).owner).toBe(person.address);
    await revoke(b, person.id);
    // The old update cannot re-register it as a mirror nobody could revoke.
    expect(await revertOf(chains.gatewayCall(b, b.governance, "applyMessage", [stale, []]))).toEqual([
      "HumanityGateway__Stale",
      [stale],
    ]);
    const record = await b.humanity(person.id);
    expect([record.owner, record.commitment, record.away]).toEqual([zeroAddress, 0n, false]);
    expect(await b.read("isHuman", [person.address])).toBe(false);
  });
});

describe("M1: a request counts as pending only once funded and vouched", () => {
  it("an unfunded second claim of a humanity ID keeps its registered owner from transferring it", async () => {
    const victim = await a.person();
    const attacker = await a.person();
    const voucher = await a.seeded();
    const requestId = await a.claim(victim);
    // A second claim of the same new ID, with no deposit at all.
    const unfunded = await a.claim(attacker, { id: victim.id, value: 0n });
    await a.vouch(voucher, victim, victim.id);
    await a.advance(victim, [voucher]);
    await a.execute(requestId);
    expect((await a.humanity(victim.id)).pendingRequests).toBe(0);
    await chains.gatewayCall(a, victim.wallet, "transferHumanity", [chains.chainId(b), await a.siblings(victim.id)]);
    expect(await chains.relay(a, b)).toHaveLength(1);
    expect((await b.humanity(victim.id)).owner).toBe(victim.address);
    // The unfunded claim stays where it is: it cannot move into a challenge period now.
    await a.call(attacker.wallet, "fundRequest", [unfunded], await a.deposit());
    expect(await a.revert(attacker.wallet, "advanceState", [attacker.address, [voucher.id], []])).toEqual([
      "HumanityRegistry__NotHomeChain",
      [victim.id],
    ]);
  });

  it("an unfunded claim on the destination chain does not bounce an arriving transfer", async () => {
    const person = await chains.registered(a);
    const squatter = await b.person();
    await b.claim(squatter, { id: person.id, value: 0n });
    await chains.gatewayCall(a, person.wallet, "transferHumanity", [chains.chainId(b), await a.siblings(person.id)]);
    expect((await chains.relayAndSettle(a, b)).bounced).toEqual([]);
    const arrived = await b.humanity(person.id);
    expect([arrived.owner, arrived.away]).toEqual([person.address, false]);
    // The squatter's claim of a claimed humanity cannot be advanced either.
    const voucher = await b.seeded();
    await b.vouch(voucher, squatter, person.id);
    await b.call(squatter.wallet, "fundRequest", [(await b.requestCount()) - 1n], await b.deposit());
    expect(await b.revert(squatter.wallet, "advanceState", [squatter.address, [voucher.id], []])).toEqual([
      "HumanityRegistry__Claimed",
      [person.id],
    ]);
  });
});

describe("the same mirror twice in one block", () => {
  it("applies both: the second leaves the set as it is instead of reverting on an existing leaf", async () => {
    const person = await chains.registered(a);
    for (let i = 0; i < 2; i++) {
      await chains.gatewayCall(a, person.wallet, "updateHumanity", [chains.chainId(b), person.id]);
    }
    await chains.deliver(a, b);
    const [first, second] = (await chains.receivedIds(b)).slice(-2) as [Hex, Hex];
    const test = createTestClient({ mode: "anvil", transport: http(b.chain.rpcUrl) });
    await test.setAutomine(false);
    const hashes: Hex[] = [];
    for (const messageId of [first, second]) {
      hashes.push(
        await b.governance.writeContract({
          address: chains.gatewayOf(b),
          abi: humanityGatewayAbi,
          functionName: "applyMessage",
          args: [messageId, []],
          gas: 1_000_000n,
        }),
      );
    }
    await test.mine({ blocks: 1 });
    await test.setAutomine(true);
    const receipts = await Promise.all(hashes.map((hash) => b.client.waitForTransactionReceipt({ hash })));
    expect(receipts.map((r) => [r.status, r.blockNumber === receipts[0]!.blockNumber])).toEqual([
      ["success", true],
      ["success", true],
    ]);
    const mirror = await b.humanity(person.id);
    const set = await b.set();
    expect([mirror.owner, mirror.away, set.has(b.leafOf(mirror))]).toEqual([person.address, true, true]);
    expect(set.leaves.filter((leaf) => leaf === b.leafOf(mirror))).toHaveLength(1);
  });
});

describe("a bounced transfer that cannot go home at once", () => {
  it("waits at its old home until the owner's wallet is free there, instead of bouncing back and forth", async () => {
    const person = await chains.registered(a);
    // On B the same wallet owns another humanity, so the transfer is bounced.
    const onB = await b.adopt(person);
    const elsewhere = "0x00000000000000000000000000000000000b0b0c" as Hex;
    await b.register(onB, await b.seeded(), { id: elsewhere });
    await chains.gatewayCall(a, person.wallet, "transferHumanity", [chains.chainId(b), await a.siblings(person.id)]);
    expect((await chains.relayAndSettle(a, b)).bounced).toHaveLength(1);
    // Meanwhile, on A, the wallet (free there now) claims another ID.
    const alias = "0x00000000000000000000000000000000000a1a5a" as Hex;
    await a.register(person, await a.seeded(), { id: alias });
    await chains.deliver(b, a);
    const returning = (await chains.receivedIds(a)).at(-1)!;
    expect(await chains.gatewayRead(a, "blocked", [returning])).toBe(true);
    expect(await revertOf(chains.gatewayCall(a, a.governance, "bounceMessage", [returning]))).toEqual([
      "HumanityGateway__NotBlocked",
      [returning],
    ]);
    expect(await chains.settle(a)).toEqual({ applied: [], bounced: [], refused: [returning] });
    // Once the wallet gives up the other ID there, the humanity comes home.
    await a.call(person.wallet, "renounceHumanity", [await a.siblings(alias)]);
    expect(await chains.settle(a)).toEqual({ applied: [returning], bounced: [], refused: [] });
    const home = await a.humanity(person.id);
    expect([home.owner, home.away]).toEqual([person.address, false]);
  });
});

describe("the transfer cooldown", () => {
  it("keeps a humanity that just arrived from leaving again before the cooldown ends", async () => {
    const DAY = 86_400;
    await chains.gatewayCall(b, b.governance, "setTransferCooldown", [BigInt(DAY)]);
    const person = await chains.registered(a);
    await chains.gatewayCall(a, person.wallet, "transferHumanity", [chains.chainId(b), await a.siblings(person.id)]);
    expect(await chains.relay(a, b)).toHaveLength(1);
    const arrived = (await chains.gatewayRead(b, "lastTransferTime", [person.id])) as bigint;
    expect(arrived).toBe(await b.now());
    const onB = await b.adopt(person);
    expect(
      await revertOf(
        chains.gatewayCall(b, onB.wallet, "transferHumanity", [chains.chainId(a), await b.siblings(person.id)]),
      ),
    ).toEqual(["HumanityGateway__TransferCooldown", [person.id, arrived + BigInt(DAY)]]);
    await b.passTime(DAY);
    await chains.gatewayCall(b, onB.wallet, "transferHumanity", [chains.chainId(a), await b.siblings(person.id)]);
    expect((await b.humanity(person.id)).away).toBe(true);
    expect(await chains.relay(b, a)).toHaveLength(1);
    await chains.gatewayCall(b, b.governance, "setTransferCooldown", [0n]);
  });
});

describe("seeding", () => {
  it("refuses to seed a humanity whose home moved to another chain, which would register it twice", async () => {
    const person = await chains.registered(a);
    await chains.gatewayCall(a, person.wallet, "transferHumanity", [chains.chainId(b), await a.siblings(person.id)]);
    expect(await chains.relay(a, b)).toHaveLength(1);
    const { commitment, nullifierCommitment } = person.identity;
    expect(
      await a.revert(a.governance, "seedHumanity", [person.id, person.address, commitment, nullifierCommitment]),
    ).toEqual(["HumanityRegistry__NotHomeChain", [person.id]]);
  });
});

describe("M3: a humanity's standing travels with it", () => {
  it("a reported vouchallenger that moves to another chain is still reported there, and removable", async () => {
    const genesis = await a.seeded();
    const voucher = await a.person();
    await a.register(voucher, genesis);
    await a.vouchallenge(voucher);
    await a.vouchallenge(voucher);
    await a.call(genesis.wallet, "reportVouchallenger", [voucher.id]);
    const onA = await a.humanity(voucher.id);
    await chains.gatewayCall(a, voucher.wallet, "transferHumanity", [chains.chainId(b), await a.siblings(voucher.id)]);
    expect(await chains.relay(a, b)).toHaveLength(1);
    const onB = await b.humanity(voucher.id);
    expect([onB.vouches, onB.vouchallenges, onB.reportedAt, onB.timesRemoved]).toEqual([
      onA.vouches,
      onA.vouchallenges,
      onA.reportedAt,
      0,
    ]);
    expect([onA.vouches, onA.vouchallenges]).toEqual([2, 2]);
    expect(await b.read("isVouchallenger", [voucher.id])).toBe(true);
    // The grace period runs from the report on the old chain (the two test chains' clocks
    // differ, so B's moves to the end of it).
    await b.passTime(onA.reportedAt + BigInt(b.parameters.challengePeriod) - (await b.now()));
    const reporter = await b.seeded();
    await b.call(reporter.wallet, "removeVouchallenger", [voucher.id, await b.siblings(voucher.id)]);
    const removed = await b.humanity(voucher.id);
    expect([removed.owner, removed.timesRemoved]).toEqual([zeroAddress, 1]);
  });
});
