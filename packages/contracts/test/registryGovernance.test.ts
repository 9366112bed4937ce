import { ARBITRATION_COST, RegistryHarness } from "@pop/test-utils/registryHarness";
import { type Address, getAddress, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDeposit } from "../src/actions/registry/readDeposit.js";
import { readTerms, setTerms } from "../src/actions/registry/setTerms.js";
import { committeeArbitratorAbi } from "../src/generated/committeeArbitrator.js";
import { Party, Reason, Status } from "../src/generated/enums.js";
import { deployCommitteeArbitrator, type RegistryTerms, registryTerms } from "../src/registry.js";

/**
 * Governance changes the terms (arbitrator and extra data, base deposit, durations, vouch count,
 * appeal stakes) for requests opened afterwards; a request keeps the terms it was opened under,
 * and each arbitrator rules only its own disputes (docs/registry.md#governance).
 */

let h: RegistryHarness;
let second: Address;
let next: RegistryTerms;
const SECOND_COST = ARBITRATION_COST * 3n;

beforeAll(async () => {
  h = await RegistryHarness.start();
  second = await deployCommitteeArbitrator({
    wallet: h.governance,
    client: h.client,
    committee: {
      jurors: h.jurors.map((j) => j.account.address),
      arbitrationCost: SECOND_COST,
      baseAppealCost: SECOND_COST,
      appealWindow: 3600,
    },
  });
  next = registryTerms(second, {
    ...h.parameters,
    baseDeposit: h.parameters.baseDeposit * 2n,
    challengePeriod: h.parameters.challengePeriod * 2,
    requiredVouches: 2,
    loserMultiplier: 30_000,
  });
});
afterAll(() => h?.stop());

describe("governance", () => {
  it("only the governor sets terms, and only terms a request can be judged under", async () => {
    const stranger = await h.person();
    expect(await h.revert(stranger.wallet, "setTerms", [next])).toEqual([
      "OwnableUnauthorizedAccount",
      [stranger.address],
    ]);
    for (const bad of [
      { ...next, arbitrator: zeroAddress },
      { ...next, challengePeriod: 0n },
      { ...next, renewalPeriod: next.lifespan },
    ]) {
      expect(await h.revert(h.governance, "setTerms", [bad])).toEqual(["HumanityRegistry__InvalidTerms", []]);
    }
    expect(await h.read("termsCount")).toBe(1n);
  });

  it("a request opened before a change keeps its terms; one opened after takes the new", async () => {
    const genesis = await h.seeded();
    const helper = await h.seeded();
    const before = await h.person();
    const after = await h.person();
    const challenger = await h.person();
    const oldDeposit = await h.deposit();
    // Opened under the first terms, half funded.
    const early = await h.claim(before, { value: oldDeposit / 2n });
    const a = await h.openVouched(await h.person(), genesis);
    const oldDispute = await h.challenge(challenger, a, Reason.IncorrectSubmission);

    await setTerms(h.as(h.governance), next);
    expect(await h.read("termsCount")).toBe(2n);
    expect(await readTerms(h)).toEqual({ ...next, arbitrator: getAddress(second) });
    const newDeposit = next.baseDeposit + SECOND_COST;
    expect(await h.deposit()).toBe(newDeposit);
    // The early request still needs only the old deposit and one vouch.
    expect(await readDeposit(h.client, h.registry, early)).toBe(oldDeposit);
    await h.call(before.wallet, "fundRequest", [early], oldDeposit);
    expect((await h.request(early)).deposit).toBe(oldDeposit);
    expect(await h.withdrawable(before.address)).toBe(oldDeposit / 2n);
    await h.vouch(helper, before);
    await h.advance(before, [helper]);
    expect((await h.request(early)).status).toBe(Status.Resolving);

    // A claim opened now needs the new deposit and two vouches, and is challenged at the new
    // arbitrator's cost, in the new arbitrator.
    const late = await h.claim(after);
    expect((await h.request(late)).deposit).toBe(newDeposit);
    const v1 = await h.seeded();
    const v2 = await h.seeded();
    await h.vouch(v1, after);
    expect(await h.revert(after.wallet, "advanceState", [after.address, [v1.id], []])).toEqual([
      "HumanityRegistry__NotEnoughVouches",
      [late, 1n, 2n],
    ]);
    await h.vouch(v2, after);
    await h.advance(after, [v1, v2]);
    const newDispute = await h.challenge(challenger, late, Reason.Deceased);
    // Both arbitrators number their first dispute 0: each rules only its own.
    expect([oldDispute, newDispute]).toEqual([0n, 0n]);
    await h.rule(newDispute, Party.Challenger, second);
    expect((await h.request(late)).winner).toBe(Party.Challenger);
    expect((await h.request(a)).status).toBe(Status.Disputed);
    await h.rule(oldDispute, Party.Requester);
    const old = await h.request(a);
    expect([old.status, old.challengePeriodStart]).toEqual([Status.Resolving, await h.now()]);

    // The early claim executes after its own (shorter) challenge period.
    const start = (await h.request(early)).challengePeriodStart;
    const now = await h.now();
    await h.passTime(start + BigInt(h.parameters.challengePeriod) - now);
    await h.call(h.governance, "executeRequest", [early, []]);
    expect((await h.humanity(before.id)).owner).toBe(before.address);
    const { balance, owed } = await h.ledger();
    expect(balance).toBe(owed);
  });

  it("an appeal is staked with the request's terms' multipliers", async () => {
    // The current terms (the second) make the loser stake 3× the appeal cost.
    const v1 = await h.seeded();
    const v2 = await h.seeded();
    const claimer = await h.person();
    const challenger = await h.person();
    const requestId = await h.claim(claimer);
    await h.vouch(v1, claimer);
    await h.vouch(v2, claimer);
    await h.advance(claimer, [v1, v2]);
    const disputeId = await h.challenge(challenger, requestId, Reason.IncorrectSubmission);
    await h.vote(disputeId, Party.Requester, second);
    const appealCost = await h.client.readContract({
      address: second,
      abi: committeeArbitratorAbi,
      functionName: "appealCost",
      args: [disputeId, "0x"],
    });
    const loserTotal = appealCost + appealCost * 3n;
    await h.call(challenger.wallet, "fundAppeal", [requestId, 0n, Party.Challenger], loserTotal + 1n);
    const [paid, , , sideFunded] = (await h.read("round", [requestId, 0n, 1n])) as [bigint[], bigint, bigint, number];
    expect([paid[Party.Challenger], sideFunded]).toEqual([loserTotal, Party.Challenger]);
    expect(await h.withdrawable(challenger.address)).toBe(1n);
  });
});
