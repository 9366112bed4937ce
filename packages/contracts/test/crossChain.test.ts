import { revertOf, send } from "@pop/test-utils/chain";
import type { RegistryHarness } from "@pop/test-utils/registryHarness";
import { type Address, getAddress, type Hex, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayMessages } from "../src/crossChain.js";
import { humanityGatewayAbi } from "../src/generated/humanityGateway.js";
import { localBridgeAbi } from "../src/generated/localBridge.js";
import { readEvents } from "../src/readEvents.js";
import { applyAbi, CHAIN_A, CHAIN_B, deliveryAbi, TwoChains } from "./crossChainFixture.js";

let chains: TwoChains;
let a: RegistryHarness;
let b: RegistryHarness;
let ends: TwoChains["ends"];

beforeAll(async () => {
  chains = await TwoChains.start();
  ({ a, b, ends } = chains);
});
afterAll(() => chains?.stop());

const gatewayCall = (...args: Parameters<TwoChains["gatewayCall"]>) => chains.gatewayCall(...args);
const relay = (from: RegistryHarness, to: RegistryHarness) => chains.relay(from, to);
const relayAndSettle = (from: RegistryHarness, to: RegistryHarness) => chains.relayAndSettle(from, to);
const receivedIds = (h: RegistryHarness) => chains.receivedIds(h);
const registered = (h: RegistryHarness) => chains.registered(h);

describe("moving a humanity between two chains through a gateway", () => {
  it("transfers to a second chain and back: the home moves, the leaf moves between the sets", async () => {
    const personA = await registered(a);
    const onA = await a.humanity(personA.id);
    await gatewayCall(a, personA.wallet, "transferHumanity", [BigInt(CHAIN_B), await a.siblings(personA.id)]);
    const leftA = await a.humanity(personA.id);
    // Away, it keeps its N here: were it to come back, it comes back with the same one.
    expect([leftA.owner, leftA.commitment, leftA.nullifierCommitment, leftA.away]).toEqual([
      zeroAddress,
      0n,
      personA.identity.nullifierCommitment,
      true,
    ]);
    expect((await a.set()).has(a.leafOf(onA))).toBe(false);
    // While away, the humanity cannot be claimed on its old chain.
    expect(
      await a.revert(
        personA.wallet,
        "claimHumanity",
        [personA.id, "x", personA.identity.commitment, personA.identity.nullifierCommitment],
        await a.deposit(),
      ),
    ).toEqual(["HumanityRegistry__NotHomeChain", [personA.id]]);

    expect(await relay(a, b)).toHaveLength(1);
    const personB = await b.adopt(personA);
    const onB = await b.humanity(personA.id);
    expect([onB.owner, onB.expirationTime, onB.commitment, onB.nullifierCommitment, onB.away]).toEqual([
      personA.address,
      onA.expirationTime,
      onA.commitment,
      personA.identity.nullifierCommitment,
      false,
    ]);
    expect((await b.set()).has(b.leafOf(onB))).toBe(true);
    expect(await b.read("isHuman", [personA.address])).toBe(true);

    // And back.
    await gatewayCall(b, personB.wallet, "transferHumanity", [BigInt(CHAIN_A), await b.siblings(personA.id)]);
    expect(await relay(b, a)).toHaveLength(1);
    const home = await a.humanity(personA.id);
    expect([home.owner, home.commitment, home.away, home.expirationTime]).toEqual([
      personA.address,
      onA.commitment,
      false,
      onA.expirationTime,
    ]);
    expect((await a.set()).has(a.leafOf(home))).toBe(true);
    expect((await b.humanity(personA.id)).away).toBe(true);
    expect((await b.set()).has(b.leafOf(onB))).toBe(false);
  });

  it("is replay-proof: a delivered message is not delivered again, an applied one not applied again", async () => {
    const person = await registered(a);
    await gatewayCall(a, person.wallet, "transferHumanity", [BigInt(CHAIN_B), await a.siblings(person.id)]);
    await relay(a, b);
    const sent = (await readEvents({ client: a.client, address: ends.a.bridge, abi: localBridgeAbi })).filter(
      (log) => log.eventName === "MessageSent",
    );
    const last = sent[sent.length - 1]!.args as { nonce: bigint; from: Address; to: Address; data: Hex };
    const redeliver = send({
      client: b.client,
      wallet: b.governance,
      address: ends.b.bridge,
      abi: deliveryAbi,
      functionName: "deliver",
      args: [BigInt(CHAIN_A), last.nonce, last.from, last.to, last.data],
    });
    expect(await revertOf(redeliver)).toEqual(["LocalBridge__Delivered", [BigInt(CHAIN_A), last.nonce]]);
    // Delivering the same payload under a fresh bridge nonce is caught by the gateway.
    const forged = send({
      client: b.client,
      wallet: b.governance,
      address: ends.b.bridge,
      abi: deliveryAbi,
      functionName: "deliver",
      args: [BigInt(CHAIN_A), 10_000n, last.from, last.to, last.data],
    });
    const [name] = await revertOf(forged);
    expect(name).toBe("HumanityGateway__Replayed");
    const messageId = (await receivedIds(b)).at(-1)!;
    expect(await revertOf(gatewayCall(b, b.governance, "applyMessage", [messageId, []]))).toEqual([
      "HumanityGateway__Applied",
      [messageId],
    ]);
    // Only the bridge delivers, and only from the peer gateway.
    expect(
      await revertOf(gatewayCall(b, b.governance, "receiveMessage", [BigInt(CHAIN_A), last.from, last.data])),
    ).toEqual(["HumanityGateway__NotBridge", [b.governance.account.address]]);
    const rogue = send({
      client: b.client,
      wallet: b.governance,
      address: ends.b.bridge,
      abi: deliveryAbi,
      functionName: "deliver",
      args: [BigInt(CHAIN_A), 10_001n, a.registry, last.to, last.data],
    });
    expect(await revertOf(rogue)).toEqual([
      "HumanityGateway__UnknownSender",
      [BigInt(CHAIN_A), getAddress(a.registry)],
    ]);
    // Only a registered, idle owner transfers.
    const stranger = await a.person();
    expect(await revertOf(gatewayCall(a, stranger.wallet, "transferHumanity", [BigInt(CHAIN_B), []]))).toEqual([
      "HumanityGateway__NotOwner",
      [stranger.address],
    ]);
  });

  it("mirrors a humanity to another chain, where it proves personhood but is managed only at home", async () => {
    const person = await registered(a);
    await gatewayCall(a, person.wallet, "updateHumanity", [BigInt(CHAIN_B), person.id]);
    await relay(a, b);
    const mirror = await b.humanity(person.id);
    expect([mirror.owner, mirror.away]).toEqual([person.address, true]);
    expect((await b.set()).has(b.leafOf(mirror))).toBe(true);
    const onB = await b.adopt(person);
    expect(await b.revert(onB.wallet, "renounceHumanity", [[]])).toEqual([
      "HumanityRegistry__NotHomeChain",
      [person.id],
    ]);
    expect(await b.revert(onB.wallet, "revokeHumanity", [person.id, "x"], await b.deposit())).toEqual([
      "HumanityRegistry__NotHomeChain",
      [person.id],
    ]);
    // Two updates in flight: the home chain renounces, then both arrive; the later one wins and
    // the earlier one, applied late, is refused as stale.
    await gatewayCall(a, person.wallet, "updateHumanity", [BigInt(CHAIN_B), person.id]);
    await a.call(person.wallet, "renounceHumanity", [await a.siblings(person.id)]);
    await gatewayCall(a, person.wallet, "updateHumanity", [BigInt(CHAIN_B), person.id]);
    const target = { client: b.client, bridge: ends.b.bridge };
    await relayMessages({ source: { client: a.client, bridge: ends.a.bridge }, target, wallet: b.governance });
    const [older, newer] = (await receivedIds(b)).slice(-2) as [Hex, Hex];
    await gatewayCall(b, b.governance, "applyMessage", [newer, await b.siblings(person.id)]);
    const cleared = await b.humanity(person.id);
    expect([cleared.owner, cleared.commitment]).toEqual([zeroAddress, 0n]);
    expect((await b.set()).has(b.leafOf(mirror))).toBe(false);
    expect(await revertOf(gatewayCall(b, b.governance, "applyMessage", [older, []]))).toEqual([
      "HumanityGateway__Stale",
      [older],
    ]);
  });

  it("sends back a transfer that cannot apply on the target chain, so the humanity is home again", async () => {
    const person = await registered(a);
    const onA = await a.humanity(person.id);
    // On chain B the same wallet already owns another humanity: the transfer cannot apply there.
    const onB = await b.adopt(person);
    const voucherB = await b.person();
    await b.seed(voucherB);
    const otherId = "0x00000000000000000000000000000000000b0b0b" as Hex;
    await b.register(onB, voucherB, { id: otherId });
    await gatewayCall(a, person.wallet, "transferHumanity", [BigInt(CHAIN_B), await a.siblings(person.id)]);
    expect((await a.humanity(person.id)).away).toBe(true);
    await relayMessages({
      source: { client: a.client, bridge: ends.a.bridge },
      target: { client: b.client, bridge: ends.b.bridge },
      wallet: b.governance,
    });
    const messageId = (await receivedIds(b)).at(-1)!;
    const blocked = (id: Hex) =>
      b.client.readContract({ address: ends.b.gateway, abi: humanityGatewayAbi, functionName: "blocked", args: [id] });
    expect(await blocked(messageId)).toBe(true);
    // An unknown message, or one that can apply, is not bounced.
    const unknown = `0x${"ab".repeat(32)}` as Hex;
    expect(await revertOf(gatewayCall(b, b.governance, "bounceMessage", [unknown]))).toEqual([
      "HumanityGateway__NotBlocked",
      [unknown],
    ]);
    expect(await relayAndSettle(a, b)).toEqual({ applied: [], bounced: [messageId], refused: [] });
    expect(await blocked(messageId)).toBe(false);
    expect(await revertOf(gatewayCall(b, b.governance, "bounceMessage", [messageId]))).toEqual([
      "HumanityGateway__NotBlocked",
      [messageId],
    ]);
    const untouched = await b.humanity(person.id);
    expect([untouched.owner, untouched.commitment]).toEqual([zeroAddress, 0n]);
    expect((await b.humanity(otherId)).owner).toBe(person.address);
    // The returning transfer makes chain A its home again, with the same owner, expiry and leaf.
    expect(await relay(b, a)).toHaveLength(1);
    const home = await a.humanity(person.id);
    expect([home.owner, home.expirationTime, home.commitment, home.away]).toEqual([
      person.address,
      onA.expirationTime,
      onA.commitment,
      false,
    ]);
    expect((await a.set()).has(a.leafOf(home))).toBe(true);
  });
  it("sends back a transfer into a chain where its ID keeps another human's nullifier commitment", async () => {
    const person = await registered(a);
    // On chain B the same ID was registered to another human (with another N), then renounced:
    // the ID keeps that N there, so the arriving humanity cannot take it.
    const other = await b.person();
    await b.call(b.governance, "seedHumanity", [
      person.id,
      other.address,
      other.identity.commitment,
      other.identity.nullifierCommitment,
    ]);
    await b.call(other.wallet, "renounceHumanity", [await b.siblings(person.id)]);
    const kept = await b.humanity(person.id);
    expect([kept.owner, kept.nullifierCommitment]).toEqual([zeroAddress, other.identity.nullifierCommitment]);
    const onA = await a.humanity(person.id);
    await gatewayCall(a, person.wallet, "transferHumanity", [BigInt(CHAIN_B), await a.siblings(person.id)]);
    await relayMessages({
      source: { client: a.client, bridge: ends.a.bridge },
      target: { client: b.client, bridge: ends.b.bridge },
      wallet: b.governance,
    });
    const messageId = (await receivedIds(b)).at(-1)!;
    const apply = send({
      client: b.client,
      wallet: b.governance,
      address: ends.b.gateway,
      abi: applyAbi,
      functionName: "applyMessage",
      args: [messageId, []],
    });
    expect(await revertOf(apply)).toEqual([
      "HumanityRegistry__NullifierCommitmentMismatch",
      [person.id, other.identity.nullifierCommitment, person.identity.nullifierCommitment],
    ]);
    expect(await relayAndSettle(a, b)).toEqual({ applied: [], bounced: [messageId], refused: [] });
    expect((await b.humanity(person.id)).nullifierCommitment).toBe(other.identity.nullifierCommitment);
    expect(await relay(b, a)).toHaveLength(1);
    const home = await a.humanity(person.id);
    expect([home.owner, home.commitment, home.nullifierCommitment, home.away]).toEqual([
      person.address,
      onA.commitment,
      person.identity.nullifierCommitment,
      false,
    ]);
  });
});
