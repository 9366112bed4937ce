import { send } from "@pop/test-utils/chain";
import { type Person, RegistryHarness, VOTING_PERIOD } from "@pop/test-utils/registryHarness";
import { zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeVoting } from "../src/actions/closeVoting.js";
import { committeeArbitratorAbi } from "../src/generated/committeeArbitrator.js";
import { Party, Reason, Status } from "../src/generated/enums.js";
import {
  APPEAL,
  APPEALABLE,
  COST,
  type Committee,
  PERIOD,
  SOLVED,
  startCommittee,
  WAITING,
  WINDOW,
} from "./committeeFixture.js";

/**
 * Audit M4: a committee round without a majority had no deadline, so one vote cast and two
 * jurors gone left the dispute (and the registry's deposits and vouchers) waiting forever. Now,
 * after the voting period, anyone closes the round: the choice with strictly the most votes
 * cast rules, a tie or no vote rules 0, and the appeal period starts.
 */

let c: Committee;

beforeAll(async () => {
  c = await startCommittee();
});
afterAll(() => c?.chain.stop());

describe("the committee's voting deadline", () => {
  it("one of three jurors votes and the others never do: after the period anyone closes the round with that vote", async () => {
    const [a, b] = c.jurors;
    const id = await c.open();
    const opened = await c.now();
    expect((await c.dispute(id)).votingEnd).toBe(opened + PERIOD);
    await c.call(a!, "vote", [id, 2n]);
    expect(await c.revert(c.party, "closeVoting", [id])).toEqual([
      "CommitteeArbitrator__VotingRunning",
      [id, opened + PERIOD],
    ]);
    await c.later(PERIOD);
    // The period is over for the late jurors too: the round is decided by the votes cast in it.
    expect(await c.revert(b!, "vote", [id, 1n])).toEqual(["CommitteeArbitrator__VotingEnded", [id, opened + PERIOD]]);
    const share = await c.read<bigint>("withdrawable", [a!.account.address]);
    await c.call(c.party, "closeVoting", [id]);
    const closed = await c.now();
    expect(await c.read("disputeStatus", [id])).toBe(APPEALABLE);
    expect(await c.read("currentRuling", [id])).toBe(2n);
    expect(await c.read("appealPeriod", [id])).toEqual([closed, closed + WINDOW]);
    expect((await c.read<bigint>("withdrawable", [a!.account.address])) - share).toBe(COST);
    expect(await c.revert(c.party, "closeVoting", [id])).toEqual(["CommitteeArbitrator__NotWaiting", [id]]);
    await c.later(WINDOW);
    await c.call(c.party, "executeRuling", [id]);
    expect(await c.read("disputeStatus", [id])).toBe(SOLVED);
    expect(await c.recorded(id)).toEqual([true, 2n]);
  });

  it("a 1-1 tie among the votes cast rules 0; the two voters share the fee", async () => {
    const [a, b] = c.jurors;
    const id = await c.open();
    const before = await Promise.all([a!, b!].map((j) => c.read<bigint>("withdrawable", [j.account.address])));
    await c.call(a!, "vote", [id, 1n]);
    await c.call(b!, "vote", [id, 2n]);
    expect(await c.read("disputeStatus", [id])).toBe(WAITING); // the third juror may still break the tie
    await c.later(PERIOD);
    await c.call(c.party, "closeVoting", [id]);
    expect([await c.read("disputeStatus", [id]), await c.read("currentRuling", [id])]).toEqual([APPEALABLE, 0n]);
    const after = await Promise.all([a!, b!].map((j) => c.read<bigint>("withdrawable", [j.account.address])));
    expect(after.map((x, i) => x - before[i]!)).toEqual([COST / 2n, COST / 2n]);
  });

  it("two of three voting the same is a majority before the deadline: nothing is left to close", async () => {
    const [a, b] = c.jurors;
    const id = await c.open();
    await c.call(a!, "vote", [id, 1n]);
    await c.call(b!, "vote", [id, 1n]);
    expect([await c.read("disputeStatus", [id]), await c.read("currentRuling", [id])]).toEqual([APPEALABLE, 1n]);
    await c.later(PERIOD);
    expect(await c.revert(c.party, "closeVoting", [id])).toEqual(["CommitteeArbitrator__NotWaiting", [id]]);
  });

  it("no vote rules 0 and the fee goes to the owner; the balance stays what is owed", async () => {
    const id = await c.open();
    const ownerShare = await c.read<bigint>("withdrawable", [c.owner.account.address]);
    await c.later(PERIOD);
    await c.call(c.jurors[2]!, "closeVoting", [id]); // anyone closes, a juror too
    expect([await c.read("disputeStatus", [id]), await c.read("currentRuling", [id])]).toEqual([APPEALABLE, 0n]);
    expect((await c.read<bigint>("withdrawable", [c.owner.account.address])) - ownerShare).toBe(COST);
    expect((await c.dispute(id)).roundFee).toBe(0n);
    expect(await c.client.getBalance({ address: c.arbitrator })).toBe(await c.owed());
    const balance = await c.client.getBalance({ address: c.arbitrator });
    await c.call(c.owner, "withdraw", []);
    expect(await c.client.getBalance({ address: c.arbitrator })).toBe(balance - ownerShare - COST);
    expect(await c.client.getBalance({ address: c.arbitrator })).toBe(await c.owed());
  });

  it("an appeal opens a round with its own deadline; the one vote in it rules after the period", async () => {
    const [a, b, j3] = c.jurors;
    const id = await c.open();
    await c.call(a!, "vote", [id, 1n]);
    await c.call(b!, "vote", [id, 1n]);
    await c.later(WINDOW / 2n);
    await c.call(c.party, "appeal", [id, "0x"], APPEAL);
    const appealed = await c.now();
    const round = await c.dispute(id);
    expect([round.round, round.status, round.votingEnd, round.roundFee]).toEqual([
      1n,
      WAITING,
      appealed + PERIOD,
      APPEAL,
    ]);
    // The open round's fee is pending: still part of what the balance owes.
    expect(await c.client.getBalance({ address: c.arbitrator })).toBe(await c.owed());
    await c.call(j3!, "vote", [id, 2n]);
    await c.later(PERIOD - 60n);
    expect(await c.revert(c.party, "closeVoting", [id])).toEqual([
      "CommitteeArbitrator__VotingRunning",
      [id, appealed + PERIOD],
    ]);
    await c.later(60n);
    const share = await c.read<bigint>("withdrawable", [j3!.account.address]);
    await c.call(c.party, "closeVoting", [id]);
    expect(await c.read("currentRuling", [id])).toBe(2n);
    expect((await c.read<bigint>("withdrawable", [j3!.account.address])) - share).toBe(APPEAL);
    expect(await c.client.getBalance({ address: c.arbitrator })).toBe(await c.owed());
  });

  it("refuses a deployment without a voting period", async () => {
    expect(await c.deployRevert(c.constructorArgs(undefined, 0n))).toEqual(["CommitteeArbitrator__NoVotingPeriod", []]);
  });
});

describe("a registry dispute past the committee's deadline", () => {
  let h: RegistryHarness;

  beforeAll(async () => {
    h = await RegistryHarness.start();
  });
  afterAll(() => h?.stop());

  /** Two jurors split 1-1, the third never votes; after the period the round closes on 0 and the ruling is executed. */
  async function tie(disputeId: bigint, closer: Person): Promise<void> {
    for (const [juror, choice] of [
      [h.jurors[0]!, Party.Requester],
      [h.jurors[1]!, Party.Challenger],
    ] as const) {
      await send({
        client: h.client,
        wallet: juror,
        address: h.arbitrator,
        abi: committeeArbitratorAbi,
        functionName: "vote",
        args: [disputeId, BigInt(choice)],
      });
    }
    await h.passTime(VOTING_PERIOD);
    await closeVoting({ client: h.client, wallet: closer.wallet }, { arbitrator: h.arbitrator, disputeId });
    const ruling = h.client.readContract({
      address: h.arbitrator,
      abi: committeeArbitratorAbi,
      functionName: "currentRuling",
      args: [disputeId],
    });
    expect(await ruling).toBe(0n);
    await h.executeRuling(disputeId);
  }

  it("jurors split 1-1 on a challenged claim and the third never votes: ruling 0, the claim is not registered", async () => {
    const genesis = await h.seeded();
    const claimer = await h.person();
    const challenger = await h.person();
    const leaves = (await h.set()).size;
    const requestId = await h.openVouched(claimer, genesis);
    await tie(await h.challenge(challenger, requestId, Reason.IncorrectSubmission), challenger);
    const request = await h.request(requestId);
    expect([request.status, request.winner]).toEqual([Status.Resolved, Party.None]);
    const after = await h.humanity(claimer.id);
    expect([after.owner, after.commitment, (await h.set()).size]).toEqual([zeroAddress, 0n, leaves]);
    expect(await h.revert(challenger.wallet, "executeRequest", [requestId, []])).toEqual([
      "HumanityRegistry__WrongStatus",
      [requestId, Status.Resolved],
    ]);
    await h.call(claimer.wallet, "withdrawDeposit", [claimer.address, requestId]);
    expect(await h.withdrawable(claimer.address)).toBe(await h.deposit());
    const { balance, owed } = await h.ledger();
    expect(balance).toBe(owed);
  });

  it("jurors split 1-1 on a challenged revocation and the third never votes: ruling 0, the revocation fails", async () => {
    const deposit = await h.deposit();
    const genesis = await h.seeded();
    const target = await h.person();
    const revoker = await h.person();
    const defender = await h.person();
    await h.register(target, genesis);
    const requestId = await h.requestCount();
    await h.call(revoker.wallet, "revokeHumanity", [target.id, "ipfs://deepfake"], deposit);
    const disputeId = await h.challenge(defender, requestId, Reason.None);
    await tie(disputeId, revoker);
    const request = await h.request(requestId);
    expect([request.status, request.winner]).toEqual([Status.Resolved, Party.None]);
    const after = await h.humanity(target.id);
    expect([after.owner, after.pendingRevocation, after.lastFailedRevocationTime]).toEqual([
      target.address,
      false,
      await h.now(),
    ]);
    expect(await h.read("isHuman", [target.address])).toBe(true);
    const { balance, owed } = await h.ledger();
    expect(balance).toBe(owed);
  });
});
