import { loadProverArtifacts } from "@pop/circuits/artifacts";
import { unpackAttributes } from "@pop/protocol/attributes";
import { generatePersonhoodProof } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import { ARBITRATION_COST, type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { type Hex, hashTypedData, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signVouch } from "../src/actions/registry/vouchTypedData.js";
import { Party, Reason, Status } from "../src/generated/enums.js";
import { personhoodVerifierAbi } from "../src/generated/personhoodVerifier.js";
import { readIssuerSet } from "../src/readIssuerSet.js";
import { removalSiblings } from "../src/registry.js";
import { registryCredential } from "../src/registryCredential.js";
import { toSolidityProof } from "../src/solidityProof.js";

const VOUCH_TYPE = [
  { name: "vouched", type: "address" },
  { name: "humanityId", type: "bytes20" },
  { name: "expirationTimestamp", type: "uint256" },
] as const;

let h: RegistryHarness;
let genesis: Person;
let deposit: bigint;

beforeAll(async () => {
  h = await RegistryHarness.start();
  genesis = await h.person();
  await h.seed(genesis);
  deposit = await h.deposit();
});
afterAll(() => h?.stop());

/** The registry's set and ownership invariants hold. */
async function expectSetMatches(): Promise<void> {
  expect(await h.violations()).toEqual([]);
}

describe("HumanityRegistry: claim → vouch → challenge period → registered", () => {
  it("registers a vouched, funded claim after the challenge period, and the human proves personhood", async () => {
    const alice = await h.person();
    const funder = await h.person();
    // Half the deposit from the claimer, the rest crowdfunded with an overpayment.
    const requestId = await h.claim(alice, { value: deposit / 2n });
    expect(await h.revert(alice.wallet, "advanceState", [alice.address, [], []])).toEqual([
      "HumanityRegistry__Underfunded",
      [requestId, deposit / 2n, deposit],
    ]);
    await h.call(funder.wallet, "fundRequest", [requestId], deposit);
    expect(await h.withdrawable(funder.address)).toBe(deposit / 2n);
    expect((await h.request(requestId)).deposit).toBe(deposit);
    // No vouch yet: a voucher that has not vouched does not count.
    expect(await h.revert(alice.wallet, "advanceState", [alice.address, [genesis.id], []])).toEqual([
      "HumanityRegistry__NotEnoughVouches",
      [requestId, 0n, 1n],
    ]);
    await h.vouch(genesis, alice);
    await h.advance(alice, [genesis]);
    expect((await h.humanity(genesis.id)).vouching).toBe(true);
    const request = await h.request(requestId);
    expect(request.status).toBe(Status.Resolving);
    expect(request.vouches).toEqual([genesis.id]);
    const end = request.challengePeriodStart + BigInt(h.parameters.challengePeriod);
    expect(await h.revert(alice.wallet, "executeRequest", [requestId, []])).toEqual([
      "HumanityRegistry__ChallengePeriodRunning",
      [requestId, end],
    ]);
    await h.passTime(h.parameters.challengePeriod);
    await h.call(funder.wallet, "executeRequest", [requestId, []]);
    expect((await h.humanity(genesis.id)).vouching).toBe(true);
    await h.call(funder.wallet, "processVouches", [requestId, [[]]]);
    expect((await h.humanity(genesis.id)).vouching).toBe(false);

    const humanity = await h.humanity(alice.id);
    const now = await h.now();
    expect(humanity.owner).toBe(alice.address);
    expect(humanity.expirationTime).toBe(now + BigInt(h.parameters.lifespan));
    expect(humanity.commitment).toBe(alice.identity.commitment);
    expect(humanity.nullifierCommitment).toBe(alice.identity.nullifierCommitment);
    expect(await h.read("isHuman", [alice.address])).toBe(true);
    expect(await h.read("humanityOf", [alice.address])).toBe(alice.id);
    expect((await h.request(requestId)).winner).toBe(Party.Requester);
    await expectSetMatches();

    // The deposit goes back to its two contributors.
    await h.call(alice.wallet, "withdrawDeposit", [alice.address, requestId]);
    await h.call(alice.wallet, "withdrawDeposit", [funder.address, requestId]);
    expect(await h.withdrawable(alice.address)).toBe(deposit / 2n);
    expect(await h.withdrawable(funder.address)).toBe(deposit / 2n + (deposit - deposit / 2n));

    // The leaf is a credential of kind registry: a Groth16 personhood proof verifies on chain.
    const attributes = unpackAttributes(humanity.attributes);
    expect(attributes).toMatchObject({ issuerId: 1, kind: "registry", country: 0 });
    // Its credential is backed by the registration log, not by a signature.
    const credential = await registryCredential({ client: h.client, registry: h.registry, humanityId: alice.id });
    expect(credential.attributes).toEqual(attributes);
    const scope = textToField("registry-vote");
    const message = textToField("yes");
    const proof = await generatePersonhoodProof(
      {
        identity: alice.identity,
        credential,
        humanitySet: await h.set(),
        issuerSet: await readIssuerSet({ client: h.client, address: h.deployment.issuerRegistry }),
        scope,
        message,
        time: Number(await h.now()),
        disclose: { kind: true },
      },
      loadProverArtifacts(20),
    );
    await expect(
      h.client.readContract({
        address: h.deployment.personhoodVerifier,
        abi: personhoodVerifierAbi,
        functionName: "verify",
        args: [toSolidityProof(proof).proof, scope, message],
      }),
    ).resolves.toBeUndefined();
  });

  it("accepts an EIP-712 signed vouch, skips expired or foreign signatures, and locks a voucher to one request", async () => {
    const [bob, carol, voucher, stranger] = [await h.person(), await h.person(), await h.person(), await h.person()];
    await h.register(voucher, genesis);
    const bobRequest = await h.claim(bob);
    const carolRequest = await h.claim(carol);
    const now = await h.now();
    const sign = (signer: Person, claimer: Person, expirationTimestamp: bigint) =>
      signVouch(signer.wallet, {
        registry: h.registry,
        chainId: 31337,
        claimer: claimer.address,
        humanityId: claimer.id,
        expirationTimestamp,
      });
    const expired = await sign(voucher, bob, now - 1n);
    const unregistered = await sign(stranger, bob, now + 3600n);
    const week = 7n * 86_400n;
    const forCarol = await sign(voucher, carol, now + week);
    expect(await h.read("vouchDigest", [bob.address, bob.id, now + 3600n])).toBe(
      hashTypedData({
        domain: { name: "Proof of Humanity", chainId: 31337, verifyingContract: h.registry },
        types: { IsHumanVoucher: VOUCH_TYPE },
        primaryType: "IsHumanVoucher",
        message: { vouched: bob.address, humanityId: bob.id, expirationTimestamp: now + 3600n },
      }),
    );
    for (const signed of [expired, unregistered, forCarol]) {
      expect(await h.revert(bob.wallet, "advanceState", [bob.address, [], [signed]])).toEqual([
        "HumanityRegistry__NotEnoughVouches",
        [bobRequest, 0n, 1n],
      ]);
    }
    const valid = await sign(voucher, bob, now + 3600n);
    await h.call(stranger.wallet, "advanceState", [bob.address, [], [expired, valid]]);
    expect((await h.request(bobRequest)).vouches).toEqual([voucher.id]);
    // The voucher backs Bob's request until it is final, so its vouch for Carol does not count.
    expect(await h.revert(carol.wallet, "advanceState", [carol.address, [], [forCarol]])).toEqual([
      "HumanityRegistry__NotEnoughVouches",
      [carolRequest, 0n, 1n],
    ]);
    await h.execute(bobRequest);
    expect((await h.humanity(voucher.id)).vouching).toBe(false);
    await h.call(carol.wallet, "advanceState", [carol.address, [], [forCarol]]);
    await h.execute(carolRequest);
    expect(await h.read("isHuman", [carol.address])).toBe(true);
    await expectSetMatches();
  });

  it("refuses bad claims: zero id, bad commitments, a claimed humanity, a second open request, a bound wallet", async () => {
    const dan = await h.person();
    const registered = await h.person();
    await h.register(registered, genesis);
    const claim = (who: Person, id: Hex, commitment: bigint, nullifierCommitment = who.identity.nullifierCommitment) =>
      h.revert(who.wallet, "claimHumanity", [id, "ipfs://x", commitment, nullifierCommitment], deposit);
    const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
    expect(await claim(dan, "0x0000000000000000000000000000000000000000", 1n)).toEqual([
      "HumanityRegistry__InvalidHumanityId",
      [],
    ]);
    for (const bad of [0n, R, R + 1n]) {
      expect(await claim(dan, dan.id, bad)).toEqual(["HumanityRegistry__InvalidCommitment", [bad]]);
      expect(await claim(dan, dan.id, 5n, bad)).toEqual(["HumanityRegistry__InvalidCommitment", [bad]]);
    }
    // R − 1, the largest field element, passes: the refusal is the zero N's.
    expect(await claim(dan, dan.id, R - 1n, 0n)).toEqual(["HumanityRegistry__InvalidCommitment", [0n]]);
    expect(await claim(dan, registered.id, 5n)).toEqual(["HumanityRegistry__Claimed", [registered.id]]);
    expect(await claim(registered, dan.id, 5n)).toEqual([
      "HumanityRegistry__WalletBound",
      [registered.address, registered.id],
    ]);
    const requestId = await h.claim(dan);
    expect(await claim(dan, "0x00000000000000000000000000000000000000d2", 5n)).toEqual([
      "HumanityRegistry__HasOpenRequest",
      [dan.address, requestId],
    ]);
    // Only the requester withdraws, and only before the challenge period; then the wallet is free.
    expect(await h.revert(registered.wallet, "withdrawRequest", [requestId])).toEqual([
      "HumanityRegistry__NotRequester",
      [requestId, registered.address],
    ]);
    await h.call(dan.wallet, "withdrawRequest", [requestId]);
    expect((await h.request(requestId)).status).toBe(Status.Withdrawn);
    await h.call(dan.wallet, "withdrawDeposit", [dan.address, requestId]);
    expect(await h.withdrawable(dan.address)).toBe(deposit);
    const before = await h.balance(dan.address);
    await h.call(dan.wallet, "withdraw", []);
    expect(await h.balance(dan.address)).toBeGreaterThan(before + deposit - 10n ** 16n);
    expect(await h.revert(dan.wallet, "withdraw", [])).toEqual(["HumanityRegistry__NothingToWithdraw", [dan.address]]);
    await h.claim(dan);
  });
});

describe("HumanityRegistry: challenges and arbitration", () => {
  it("takes each reason once, restarts the period when the requester wins, and pays the deposit to a winning challenger", async () => {
    const erin = await h.person();
    const challenger = await h.person();
    const other = await h.person();
    const requestId = await h.openVouched(erin, genesis);
    const args = (reason: number, duplicate: Hex = zeroAddress) => [requestId, reason, duplicate, "ipfs://why"];
    expect(await h.revert(challenger.wallet, "challengeRequest", args(Reason.None), ARBITRATION_COST)).toEqual([
      "HumanityRegistry__InvalidReason",
      [requestId, Reason.None],
    ]);
    expect(await h.revert(challenger.wallet, "challengeRequest", args(Reason.SybilAttack), ARBITRATION_COST)).toEqual([
      "HumanityRegistry__InvalidDuplicate",
      [zeroAddress],
    ]);
    // A SybilAttack must name a registered humanity or another open claim.
    expect(
      await h.revert(challenger.wallet, "challengeRequest", args(Reason.SybilAttack, other.id), ARBITRATION_COST),
    ).toEqual(["HumanityRegistry__InvalidDuplicate", [other.id]]);
    expect(
      await h.revert(challenger.wallet, "challengeRequest", args(Reason.Deceased, genesis.id), ARBITRATION_COST),
    ).toEqual(["HumanityRegistry__InvalidDuplicate", [genesis.id]]);
    expect(await h.revert(challenger.wallet, "challengeRequest", args(Reason.Deceased), ARBITRATION_COST - 1n)).toEqual(
      ["HumanityRegistry__Underpaid", [ARBITRATION_COST - 1n, ARBITRATION_COST]],
    );

    const first = await h.challenge(challenger, requestId, Reason.IncorrectSubmission);
    expect((await h.request(requestId)).status).toBe(Status.Disputed);
    expect(await h.revert(challenger.wallet, "challengeRequest", args(Reason.Deceased), ARBITRATION_COST)).toEqual([
      "HumanityRegistry__WrongStatus",
      [requestId, Status.Disputed],
    ]);
    // Only the request's arbitrator rules: to anyone else the dispute is unknown.
    expect(await h.revert(challenger.wallet, "rule", [first, 1n])).toEqual([
      "HumanityRegistry__UnknownDispute",
      [first],
    ]);
    await h.rule(first, Party.Requester);
    let request = await h.request(requestId);
    expect(request.status).toBe(Status.Resolving);
    expect(request.challengePeriodStart).toBe(await h.now());
    expect(
      await h.revert(challenger.wallet, "challengeRequest", args(Reason.IncorrectSubmission), ARBITRATION_COST),
    ).toEqual(["HumanityRegistry__InvalidReason", [requestId, Reason.IncorrectSubmission]]);
    const second = await h.challenge(challenger, requestId, Reason.Deceased);
    await h.rule(second, Party.Challenger);
    request = await h.request(requestId);
    expect(request.status).toBe(Status.Resolved);
    expect(request.winner).toBe(Party.Challenger);
    expect(request.punishVouchers).toBe(false);
    expect((await h.humanity(erin.id)).owner).toBe(zeroAddress);
    // The whole deposit goes to the winning challenger; the requester gets nothing.
    await h.call(erin.wallet, "withdrawDeposit", [erin.address, requestId]);
    expect(await h.withdrawable(erin.address)).toBe(0n);
    await h.call(erin.wallet, "withdrawDeposit", [challenger.address, requestId]);
    expect(await h.withdrawable(challenger.address)).toBe(deposit);
    await h.call(erin.wallet, "withdrawDeposit", [challenger.address, requestId]);
    expect(await h.withdrawable(challenger.address)).toBe(deposit);
    // A simple reason: the voucher keeps its registration once released.
    await h.call(erin.wallet, "processVouches", [requestId, [[]]]);
    expect(await h.read("isHuman", [genesis.address])).toBe(true);
    // The wallet may claim again.
    await h.claim(erin, { evidence: "ipfs://second-try" });
  });

  it("with all four reasons used and won by the requester, the request executes at once", async () => {
    const fay = await h.person();
    const challenger = await h.person();
    const voucher = await h.person();
    await h.register(voucher, genesis);
    const requestId = await h.openVouched(fay, voucher);
    for (const reason of [Reason.IncorrectSubmission, Reason.Deceased, Reason.IdentityTheft]) {
      await h.rule(await h.challenge(challenger, requestId, reason), Party.Requester);
    }
    // (A refusal to arbitrate is no requester win: registryRulingZero.test.ts.)
    await h.rule(await h.challenge(challenger, requestId, Reason.SybilAttack, genesis.id), Party.Requester);
    const request = await h.request(requestId);
    expect(request.usedReasons).toBe(0x1e);
    expect(request.challengePeriodStart).toBe(0n);
    await h.call(challenger.wallet, "executeRequest", [requestId, []]);
    await h.release(requestId);
    expect(await h.read("isHuman", [fay.address])).toBe(true);
    // Four challenges of one request, all lost by the challengers: no vouchallenge for its vouch.
    const stats = await h.humanity(voucher.id);
    expect([stats.vouches, stats.vouchallenges]).toEqual([1, 0]);
  });

  it("a won SybilAttack removes the request's vouchers from the registry and the set", async () => {
    const sybil = await h.person();
    const challenger = await h.person();
    const v1 = await h.person();
    const v2 = await h.person();
    await h.register(v1, genesis);
    await h.register(v2, genesis);
    // Two simultaneous claims of one Humanity ID: each names the other as the duplicate.
    const twin = await h.person();
    const first = await h.openVouched(sybil, v1);
    const second = await h.claim(twin, { id: sybil.id });
    await h.vouch(v2, twin, sybil.id);
    await h.advance(twin, [v2]);
    expect((await h.humanity(sybil.id)).pendingRequests).toBe(2);
    const d1 = await h.challenge(challenger, first, Reason.SybilAttack, sybil.id);
    const d2 = await h.challenge(challenger, second, Reason.SybilAttack, sybil.id);
    await h.vote(d1, Party.Challenger);
    await h.rule(d2, Party.Challenger);
    await h.executeRuling(d1);
    for (const requestId of [first, second]) {
      const request = await h.request(requestId);
      expect([request.status, request.winner, request.punishVouchers]).toEqual([
        Status.Resolved,
        Party.Challenger,
        true,
      ]);
    }
    expect(await h.revert(challenger.wallet, "processVouches", [first, []])).toEqual([
      "HumanityRegistry__SiblingsCount",
      [0n, 1n],
    ]);
    const set = await h.set();
    await h.call(challenger.wallet, "processVouches", [first, removalSiblings(set, [await h.humanity(v1.id)])]);
    await h.call(challenger.wallet, "processVouches", [
      second,
      removalSiblings(await h.set(), [await h.humanity(v2.id)]),
    ]);
    for (const voucher of [v1, v2]) {
      const humanity = await h.humanity(voucher.id);
      expect([humanity.owner, humanity.commitment, humanity.vouching]).toEqual([zeroAddress, 0n, false]);
      expect(humanity.nullifierCommitment).toBe(voucher.identity.nullifierCommitment);
      expect(await h.read("isHuman", [voucher.address])).toBe(false);
    }
    await expectSetMatches();
  });
});
