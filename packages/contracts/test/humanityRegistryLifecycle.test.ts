import { rotateAuthenticator } from "@pop/protocol/identity";
import { APPEAL_WINDOW, BASE_APPEAL_COST, ETHER, type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Party, Reason, Status } from "../src/generated/enums.js";

let h: RegistryHarness;
let deposit: bigint;
const DAY = 86_400;

beforeAll(async () => {
  h = await RegistryHarness.start();
  deposit = await h.deposit();
});
afterAll(() => h?.stop());

/** The registry's balance equals what it owes: withdrawable + open deposits + round pots. */
async function expectEtherConserved(): Promise<void> {
  const { balance, owed } = await h.ledger();
  expect(balance).toBe(owed);
}

const fundAppeal = (who: Person, requestId: bigint, side: number, value: bigint, challengeIndex = 0n) =>
  h.call(who.wallet, "fundAppeal", [requestId, challengeIndex, side], value);

describe("appeals funded by both sides", () => {
  it("raises the appeal when both sides are funded, and the new ruling's winners share the fee rewards", async () => {
    const genesis = await h.seeded();
    const claimer = await h.person();
    const challenger = await h.person();
    const [a, b] = [await h.person(), await h.person()];
    const requestId = await h.openVouched(claimer, genesis);
    const disputeId = await h.challenge(challenger, requestId, Reason.IncorrectSubmission);
    expect(await h.revert(a.wallet, "fundAppeal", [requestId, 0n, Party.Requester], ETHER)).toEqual([
      "HumanityRegistry__NotAppealable",
      [requestId, 0n],
    ]);
    await h.vote(disputeId, Party.Challenger);
    // The loser (requester) stakes ×3 of the appeal cost, the winner ×2.
    const loserTotal = BASE_APPEAL_COST * 3n;
    const winnerTotal = BASE_APPEAL_COST * 2n;
    await fundAppeal(a, requestId, Party.Requester, (loserTotal * 2n) / 3n);
    await fundAppeal(b, requestId, Party.Requester, loserTotal / 2n);
    expect(await h.withdrawable(b.address)).toBe(loserTotal / 2n - loserTotal / 3n);
    expect(await h.revert(b.wallet, "fundAppeal", [requestId, 0n, Party.Requester], 1n)).toEqual([
      "HumanityRegistry__SideFunded",
      [Party.Requester],
    ]);
    await expect(h.read("withdrawFeesAndRewards", [a.address, requestId, 0n, 1n])).rejects.toThrow(
      /HumanityRegistry__NotRuled/,
    );
    await fundAppeal(challenger, requestId, Party.Challenger, winnerTotal);
    const [paid, feeRewards, pot] = (await h.read("round", [requestId, 0n, 1n])) as [bigint[], bigint, bigint];
    expect(paid).toEqual([0n, loserTotal, winnerTotal]);
    expect(feeRewards).toBe(loserTotal + winnerTotal - BASE_APPEAL_COST);
    expect(pot).toBe(feeRewards);
    expect(((await h.read("challenge", [requestId, 0n])) as { lastRound: number }).lastRound).toBe(2);
    // Round 2 of the committee: it rules for the requester; the new loser may fund only in
    // the first half of the appeal window.
    await h.vote(disputeId, Party.Requester);
    await h.passTime(APPEAL_WINDOW / 2);
    expect(await h.revert(challenger.wallet, "fundAppeal", [requestId, 0n, Party.Challenger], ETHER)).toEqual([
      "HumanityRegistry__LoserFundingOver",
      [requestId, 0n],
    ]);
    await h.executeRuling(disputeId);
    const challenge = (await h.read("challenge", [requestId, 0n])) as { ruling: number; ruled: boolean };
    expect([challenge.ruling, challenge.ruled]).toEqual([Party.Requester, true]);
    expect((await h.request(requestId)).status).toBe(Status.Resolving);

    for (const who of [a, b, challenger]) {
      await h.call(genesis.wallet, "withdrawFeesAndRewards", [who.address, requestId, 0n, 1n]);
    }
    const aShare = (((loserTotal * 2n) / 3n) * feeRewards) / loserTotal;
    const bShare = ((loserTotal / 3n) * feeRewards) / loserTotal;
    expect(await h.withdrawable(a.address)).toBe(aShare);
    expect(await h.withdrawable(b.address)).toBe(loserTotal / 2n - loserTotal / 3n + bShare);
    expect(await h.withdrawable(challenger.address)).toBe(0n);
    // Claiming twice pays nothing more.
    await h.call(genesis.wallet, "withdrawFeesAndRewards", [a.address, requestId, 0n, 1n]);
    expect(await h.withdrawable(a.address)).toBe(aShare);
    await h.execute(requestId);
    expect(await h.read("isHuman", [claimer.address])).toBe(true);
    await expectEtherConserved();
  });

  it("a side that alone funded its appeal wins whatever the ruling, and its contributions come back", async () => {
    const genesis = await h.seeded();
    const claimer = await h.person();
    const challenger = await h.person();
    const requestId = await h.openVouched(claimer, genesis);
    const disputeId = await h.challenge(challenger, requestId, Reason.Deceased);
    await h.vote(disputeId, Party.Challenger);
    await fundAppeal(claimer, requestId, Party.Requester, BASE_APPEAL_COST * 3n);
    await h.executeRuling(disputeId);
    const challenge = (await h.read("challenge", [requestId, 0n])) as { ruling: number };
    expect(challenge.ruling).toBe(Party.Requester);
    await h.call(claimer.wallet, "withdrawFeesAndRewards", [claimer.address, requestId, 0n, 1n]);
    expect(await h.withdrawable(claimer.address)).toBe(BASE_APPEAL_COST * 3n);
    await expectEtherConserved();
  });
});

describe("renewal", () => {
  it("is open only to the owner inside the window before expiry, with new evidence, and updates the leaf", async () => {
    const genesis = await h.seeded();
    const renewer = await h.person();
    const voucher = await h.person();
    await h.register(voucher, genesis);
    await h.register(renewer, genesis, { evidence: "ipfs://first" });
    const registered = await h.humanity(renewer.id);
    const renew = (who: Person, evidence: string, commitment = 0n) =>
      h.revert(who.wallet, "renewHumanity", [evidence, commitment, who.identity.nullifierCommitment], deposit);
    expect(await renew(renewer, "ipfs://early")).toEqual(["HumanityRegistry__NotRenewable", [renewer.id]]);
    const windowOpens = registered.expirationTime - BigInt(h.parameters.renewalPeriod);
    await h.passTime(windowOpens - (await h.now()));
    expect(await renew(renewer, "ipfs://first")).toEqual(["HumanityRegistry__EvidenceReused", [renewer.id]]);
    // A wallet without a humanity has nothing to renew.
    expect(await renew(await h.person(), "ipfs://not-mine")).toEqual([
      "HumanityRegistry__NotRenewable",
      ["0x0000000000000000000000000000000000000000"],
    ]);
    // A new authenticator, the same nullifier key (humanityRegistryNullifier.test.ts: another N is refused).
    const newKey = rotateAuthenticator(renewer.identity);
    const requestId = await h.renew(renewer, { evidence: "ipfs://renewal", identity: newKey });
    await h.vouch(voucher, renewer);
    await h.advance(renewer, [voucher]);
    await h.execute(requestId);
    const renewed = await h.humanity(renewer.id);
    expect(renewed.owner).toBe(renewer.address);
    expect(renewed.commitment).toBe(newKey.commitment);
    expect(renewed.nullifierCommitment).toBe(renewer.identity.nullifierCommitment);
    expect(renewed.expirationTime).toBe((await h.now()) + BigInt(h.parameters.lifespan));
    const set = await h.set();
    expect(set.has(h.leafOf(registered))).toBe(false);
    expect(set.has(h.leafOf(renewed))).toBe(true);
    // After expiry a renewal is too late: the human reclaims instead.
    await h.passTime(BigInt(h.parameters.lifespan) + 1n);
    expect(await renew(renewer, "ipfs://late")).toEqual(["HumanityRegistry__NotRenewable", [renewer.id]]);
  });
});

describe("revocation, cooldown and reclaim", () => {
  it("a third party's revocation that fails starts a cooldown; an unchallenged one removes the humanity", async () => {
    const genesis = await h.seeded();
    const target = await h.person();
    const revoker = await h.person();
    const defender = await h.person();
    await h.register(target, genesis);
    const revoke = (value: bigint) => h.call(revoker.wallet, "revokeHumanity", [target.id, "ipfs://deepfake"], value);
    expect(await h.revert(revoker.wallet, "revokeHumanity", [target.id, "x"], deposit - 1n)).toEqual([
      "HumanityRegistry__Underpaid",
      [deposit - 1n, deposit],
    ]);
    const firstId = await h.requestCount();
    await revoke(deposit);
    expect((await h.humanity(target.id)).pendingRevocation).toBe(true);
    expect(await h.revert(revoker.wallet, "revokeHumanity", [target.id, "x"], deposit)).toEqual([
      "HumanityRegistry__RevocationPending",
      [target.id],
    ]);
    expect(
      await h.revert(defender.wallet, "challengeRequest", [firstId, Reason.Deceased, zeroAddress, "x"], ETHER),
    ).toEqual(["HumanityRegistry__InvalidReason", [firstId, Reason.Deceased]]);
    await h.rule(await h.challenge(defender, firstId, Reason.None), Party.Challenger);
    const failedAt = await h.now();
    expect((await h.humanity(target.id)).lastFailedRevocationTime).toBe(failedAt);
    expect(await h.revert(revoker.wallet, "revokeHumanity", [target.id, "x"], deposit)).toEqual([
      "HumanityRegistry__RevocationCooldown",
      [target.id, failedAt + BigInt(h.parameters.revocationCooldown)],
    ]);
    await h.call(defender.wallet, "withdrawDeposit", [defender.address, firstId]);
    expect(await h.withdrawable(defender.address)).toBe(deposit);

    await h.passTime(h.parameters.revocationCooldown);
    const secondId = await h.requestCount();
    await revoke(deposit);
    await h.execute(secondId);
    const removed = await h.humanity(target.id);
    expect([removed.owner, removed.commitment, removed.pendingRevocation]).toEqual([zeroAddress, 0n, false]);
    expect(await h.read("humanityOf", [target.address])).toBe(zeroAddress);
    await h.call(revoker.wallet, "withdrawDeposit", [revoker.address, secondId]);
    expect(await h.withdrawable(revoker.address)).toBe(deposit);

    // The same human reclaims the same Humanity ID from a new wallet with a new authenticator
    // (and the nullifier key the ID keeps: humanityRegistryNullifier.test.ts).
    const newWallet = await h.person({ identity: rotateAuthenticator(target.identity) });
    await h.register(newWallet, genesis, { id: target.id });
    const reclaimed = await h.humanity(target.id);
    expect(reclaimed.owner).toBe(newWallet.address);
    expect(reclaimed.commitment).toBe(newWallet.identity.commitment);
    expect(await h.read("humanityOf", [newWallet.address])).toBe(target.id);
    await expectEtherConserved();
  });

  it("the owner renounces at once; after expiry a new wallet reclaims and the old wallet is unbound", async () => {
    const genesis = await h.seeded();
    const quitter = await h.person();
    await h.register(quitter, genesis);
    await h.call(quitter.wallet, "renounceHumanity", [await h.siblings(quitter.id)]);
    expect((await h.humanity(quitter.id)).owner).toBe(zeroAddress);
    expect(await h.revert(quitter.wallet, "renounceHumanity", [[]])).toEqual([
      "HumanityRegistry__NotRegistered",
      [quitter.address],
    ]);
    expect((await h.set()).leaves.includes(0n)).toBe(true);

    const lapsed = await h.person();
    const lapsedWallet2 = await h.person({ identity: rotateAuthenticator(lapsed.identity) });
    await h.register(lapsed, genesis);
    const before = await h.humanity(lapsed.id);
    await h.passTime(BigInt(h.parameters.lifespan) + 1n);
    expect(await h.read("isClaimed", [lapsed.id])).toBe(false);
    // The year also ended the first voucher's registration: a fresh one vouches.
    const fresh = await h.person();
    await h.seed(fresh);
    await h.register(lapsedWallet2, fresh, { id: lapsed.id });
    const after = await h.humanity(lapsed.id);
    expect(after.owner).toBe(lapsedWallet2.address);
    expect(await h.read("humanityOf", [lapsed.address])).toBe(zeroAddress);
    const set = await h.set();
    expect(set.has(h.leafOf(before))).toBe(false);
    expect(set.has(h.leafOf(after))).toBe(true);
    // The old wallet is free to claim another Humanity ID.
    await h.claim(lapsed, { id: "0x00000000000000000000000000000000000000aa" });
  });
});

describe("vouchallengers (HIP-58)", () => {
  it("decides the policy's case examples", async () => {
    const rule = (vouches: number, vouchallenges: number, timesRemoved = 0, since = 0) =>
      h.read("vouchallengerRule", [BigInt(vouches), BigInt(vouchallenges), BigInt(timesRemoved), BigInt(since)]);
    // A recently registered profile whose first vouch ends in a challenge: the minimum is 2.
    expect(await rule(1, 1)).toBe(false);
    // 24 vouchallenges of 340 vouches: ratio 0.07.
    expect(await rule(340, 24)).toBe(false);
    // 2 vouchallenges of 3 vouches: ratio 2/3.
    expect(await rule(3, 2)).toBe(true);
    expect(await rule(4, 2)).toBe(true);
    expect(await rule(5, 2)).toBe(false);
    // Previously removed as a vouchallenger, then one vouchallenge more.
    expect(await rule(40, 1, 1, 1)).toBe(true);
    expect(await rule(40, 1, 1, 0)).toBe(false);
  });

  /** `voucher` vouches for a new claim that is challenged and rejected; returns the request. */
  const vouchallenge = (voucher: Person) => h.vouchallenge(voucher);

  it("removes a reported vouchallenger after the grace period and keeps it out for 120 days × removals", async () => {
    const genesis = await h.seeded();
    const voucher = await h.person();
    await h.register(voucher, genesis);
    await vouchallenge(voucher);
    expect(await h.revert(genesis.wallet, "reportVouchallenger", [voucher.id])).toEqual([
      "HumanityRegistry__NotVouchallenger",
      [voucher.id],
    ]);
    await vouchallenge(voucher);
    const stats = await h.humanity(voucher.id);
    expect([stats.vouches, stats.vouchallenges]).toEqual([2, 2]);
    expect(await h.revert(genesis.wallet, "removeVouchallenger", [voucher.id, []])).toEqual([
      "HumanityRegistry__NotReported",
      [voucher.id],
    ]);
    await h.call(genesis.wallet, "reportVouchallenger", [voucher.id]);
    const reportedAt = await h.now();
    expect(await h.revert(genesis.wallet, "removeVouchallenger", [voucher.id, []])).toEqual([
      "HumanityRegistry__GracePeriodRunning",
      [voucher.id, reportedAt + BigInt(h.parameters.challengePeriod)],
    ]);
    await h.passTime(h.parameters.challengePeriod);
    await h.call(genesis.wallet, "removeVouchallenger", [voucher.id, await h.siblings(voucher.id)]);
    let removed = await h.humanity(voucher.id);
    expect([removed.owner, removed.timesRemoved]).toEqual([zeroAddress, 1]);
    expect(removed.inadmissibleUntil).toBe((await h.now()) + 120n * BigInt(DAY));
    // The day after: inadmissible.
    await h.passTime(DAY);
    expect(
      await h.revert(
        voucher.wallet,
        "claimHumanity",
        [voucher.id, "x", voucher.identity.commitment, voucher.identity.nullifierCommitment],
        deposit,
      ),
    ).toEqual(["HumanityRegistry__Inadmissible", [voucher.id, removed.inadmissibleUntil]]);

    // After 120 days it is admitted again; one more vouchallenge makes it removable again,
    // and the second removal keeps it out for 240 days.
    await h.passTime(120 * DAY);
    const fresh = await h.person();
    await h.seed(fresh);
    await h.register(voucher, fresh, { evidence: "ipfs://back" });
    await vouchallenge(voucher);
    expect(await h.read("isVouchallenger", [voucher.id])).toBe(true);
    await h.call(genesis.wallet, "reportVouchallenger", [voucher.id]);
    await h.passTime(h.parameters.challengePeriod);
    await h.call(genesis.wallet, "removeVouchallenger", [voucher.id, await h.siblings(voucher.id)]);
    removed = await h.humanity(voucher.id);
    expect(removed.timesRemoved).toBe(2);
    expect(removed.inadmissibleUntil).toBe((await h.now()) + 240n * BigInt(DAY));
  });

  it("a whitehat refund of the vouchallenged's deposit undoes that vouchallenge", async () => {
    const genesis = await h.seeded();
    const fresh = await h.seeded();
    const voucher = await h.person();
    await h.register(voucher, fresh);
    const first = await vouchallenge(voucher);
    await vouchallenge(voucher);
    await h.call(genesis.wallet, "reportVouchallenger", [voucher.id]);
    const requester = (await h.request(first)).requester;
    expect(await h.revert(fresh.wallet, "refundVouchallenged", [first], deposit)).toEqual([
      "HumanityRegistry__NotVouchallenge",
      [first, fresh.id],
    ]);
    await h.call(voucher.wallet, "refundVouchallenged", [first], deposit);
    expect(await h.withdrawable(requester)).toBe(deposit);
    const stats = await h.humanity(voucher.id);
    expect([stats.vouches, stats.vouchallenges, stats.reportedAt]).toEqual([2, 1, 0n]);
    expect(await h.revert(voucher.wallet, "refundVouchallenged", [first], deposit)).toEqual([
      "HumanityRegistry__NotVouchallenge",
      [first, voucher.id],
    ]);
    await h.passTime(h.parameters.challengePeriod);
    expect(await h.revert(genesis.wallet, "removeVouchallenger", [voucher.id, []])).toEqual([
      "HumanityRegistry__NotVouchallenger",
      [voucher.id],
    ]);
    await expectEtherConserved();
  });
});
