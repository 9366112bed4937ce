import { RegistryHarness } from "@pop/test-utils/registryHarness";
import { zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Party, Reason, Status } from "../src/generated/enums.js";

/**
 * Audit H3: a refusal to arbitrate (ruling 0, a Kleros tie) is not a requester win. As in PoH
 * v2, it resolves a claim without registering it (the deposit back to who paid it) and fails a
 * revocation, whose cooldown then starts; the human stays registered. The jury refuses by
 * voting 0 (two of three jurors).
 */

let h: RegistryHarness;
let deposit: bigint;

beforeAll(async () => {
  h = await RegistryHarness.start();
  deposit = await h.deposit();
});
afterAll(() => h?.stop());

describe("ruling 0 (refuse to arbitrate)", () => {
  it("fails a challenged revocation: the human stays, the cooldown starts, the revoker's deposit goes back", async () => {
    const genesis = await h.seeded();
    const target = await h.person();
    const revoker = await h.person();
    const defender = await h.person();
    await h.register(target, genesis);
    const requestId = await h.requestCount();
    await h.call(revoker.wallet, "revokeHumanity", [target.id, "ipfs://deepfake"], deposit);
    await h.rule(await h.challenge(defender, requestId, Reason.None), Party.None);
    const request = await h.request(requestId);
    expect([request.status, request.winner]).toEqual([Status.Resolved, Party.None]);
    const after = await h.humanity(target.id);
    expect([after.owner, after.pendingRevocation, after.lastFailedRevocationTime]).toEqual([
      target.address,
      false,
      await h.now(),
    ]);
    expect(await h.read("isHuman", [target.address])).toBe(true);
    // A request resolved with no winner cannot be executed into a removal.
    expect(await h.revert(revoker.wallet, "executeRequest", [requestId, []])).toEqual([
      "HumanityRegistry__WrongStatus",
      [requestId, Status.Resolved],
    ]);
    expect(await h.revert(revoker.wallet, "revokeHumanity", [target.id, "x"], deposit)).toEqual([
      "HumanityRegistry__RevocationCooldown",
      [target.id, after.lastFailedRevocationTime + BigInt(h.parameters.revocationCooldown)],
    ]);
    await h.call(revoker.wallet, "withdrawDeposit", [revoker.address, requestId]);
    expect(await h.withdrawable(revoker.address)).toBe(deposit);
    const { balance, owed } = await h.ledger();
    expect(balance).toBe(owed);
  });

  it("resolves a challenged claim unregistered: no leaf, no owner, the claimer's deposit back", async () => {
    const genesis = await h.seeded();
    const claimer = await h.person();
    const challenger = await h.person();
    const leaves = (await h.set()).size;
    const requestId = await h.openVouched(claimer, genesis);
    await h.rule(await h.challenge(challenger, requestId, Reason.IncorrectSubmission), Party.None);
    const request = await h.request(requestId);
    expect([request.status, request.winner]).toEqual([Status.Resolved, Party.None]);
    expect(await h.revert(claimer.wallet, "executeRequest", [requestId, []])).toEqual([
      "HumanityRegistry__WrongStatus",
      [requestId, Status.Resolved],
    ]);
    const humanity = await h.humanity(claimer.id);
    expect([humanity.owner, humanity.pendingRequests]).toEqual([zeroAddress, 0]);
    expect(await h.read("isHuman", [claimer.address])).toBe(false);
    expect((await h.set()).size).toBe(leaves);
    await h.call(claimer.wallet, "withdrawDeposit", [claimer.address, requestId]);
    expect(await h.withdrawable(claimer.address)).toBe(deposit);
    const { balance, owed } = await h.ledger();
    expect(balance).toBe(owed);
  });
});
