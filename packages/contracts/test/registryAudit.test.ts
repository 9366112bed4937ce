import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { getAddress, type Hex, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signVouch } from "../src/actions/registry/vouchTypedData.js";
import { Party, Reason } from "../src/generated/enums.js";
import { humanityRegistryAbi } from "../src/generated/humanityRegistry.js";
import { readEvents } from "../src/readEvents.js";

/**
 * The registry audit's low findings on one chain (docs/registry.md), each a transaction
 * sequence the old registry allowed.
 */

let h: RegistryHarness;

beforeAll(async () => {
  h = await RegistryHarness.start();
});
afterAll(() => h?.stop());

const vouchallenge = (voucher: Person) => h.vouchallenge(voucher);

describe("a stale vouchallenger report", () => {
  it("goes when the humanity stops being a vouchallenger, so a later vouchallenge needs a new report", async () => {
    const genesis = await h.seeded();
    const voucher = await h.person();
    await h.register(voucher, genesis);
    await vouchallenge(voucher);
    await vouchallenge(voucher);
    await h.call(genesis.wallet, "reportVouchallenger", [voucher.id]);
    expect((await h.humanity(voucher.id)).reportedAt).toBe(await h.now());
    // Three good vouches bring its ratio to 2 of 5: no vouchallenger, and the report goes.
    for (let i = 0; i < 3; i++) await h.register(await h.person(), voucher);
    const cleared = await h.humanity(voucher.id);
    expect([cleared.vouches, cleared.vouchallenges, cleared.reportedAt]).toEqual([5, 2, 0n]);
    // One more vouchallenge (3 of 6) makes it a vouchallenger again, but the old report, whose
    // grace period ended long ago, does not let anyone remove it at once.
    await vouchallenge(voucher);
    expect(await h.read("isVouchallenger", [voucher.id])).toBe(true);
    expect(await h.revert(genesis.wallet, "removeVouchallenger", [voucher.id, await h.siblings(voucher.id)])).toEqual([
      "HumanityRegistry__NotReported",
      [voucher.id],
    ]);
  });
});

describe("a revocation not yet executed", () => {
  it("keeps the humanity from being claimed again until it is final, so it cannot remove the new registration", async () => {
    const genesis = await h.seeded();
    const person = await h.person();
    const revoker = await h.person();
    await h.register(person, genesis);
    const revocation = await h.requestCount();
    await h.call(revoker.wallet, "revokeHumanity", [person.id, "ipfs://revocation"], await h.deposit());
    // The registration expires while the revocation waits, unexecuted.
    const { expirationTime } = await h.humanity(person.id);
    await h.passTime(expirationTime - (await h.now()));
    expect(
      await h.revert(
        person.wallet,
        "claimHumanity",
        [person.id, "ipfs://reclaim", person.identity.commitment, person.identity.nullifierCommitment],
        await h.deposit(),
      ),
    ).toEqual(["HumanityRegistry__RevocationPending", [person.id]]);
    // Once the revocation is final the human may claim again, and stays.
    await h.call(revoker.wallet, "executeRequest", [revocation, await h.siblings(person.id)]);
    await h.register(person, await h.seeded(), { evidence: "ipfs://reclaim" });
    expect(await h.read("isHuman", [person.address])).toBe(true);
  });
});

describe("M2: vouchallenger rules that could be gamed", () => {
  it("counts as a vouchallenge only a challenge the challenger won: two cheap lost challenges bar no honest voucher", async () => {
    const genesis = await h.seeded();
    const voucher = await h.person();
    await h.register(voucher, genesis);
    for (let i = 0; i < 2; i++) {
      const claimer = await h.person();
      const requestId = await h.openVouched(claimer, voucher);
      await h.rule(await h.challenge(await h.person(), requestId, Reason.IncorrectSubmission), Party.Requester);
      await h.execute(requestId);
    }
    const stats = await h.humanity(voucher.id);
    expect([stats.vouches, stats.vouchallenges]).toEqual([2, 0]);
    expect(await h.revert(genesis.wallet, "reportVouchallenger", [voucher.id])).toEqual([
      "HumanityRegistry__NotVouchallenger",
      [voucher.id],
    ]);
  });

  it("lets a voucher revoke its signed vouch on chain before it is used", async () => {
    const voucher = await h.seeded();
    const claimer = await h.person();
    const requestId = await h.claim(claimer);
    const expirationTimestamp = (await h.now()) + 3600n;
    const signed = await signVouch(voucher.wallet, {
      registry: h.registry,
      chainId: await h.client.getChainId(),
      claimer: claimer.address,
      humanityId: claimer.id,
      expirationTimestamp,
    });
    await h.call(voucher.wallet, "revokeSignedVouch", [claimer.address, claimer.id, expirationTimestamp]);
    expect(await h.revert(claimer.wallet, "advanceState", [claimer.address, [], [signed]])).toEqual([
      "HumanityRegistry__NotEnoughVouches",
      [requestId, 0n, 1n],
    ]);
  });
});

/** A registered voucher with two vouchallenges, reported by a genesis human; `first` is the first vouchallenged request. */
async function reportedVouchallenger() {
  const genesis = await h.seeded();
  const voucher = await h.person();
  await h.register(voucher, genesis);
  const first = await h.vouchallenge(voucher);
  await h.vouchallenge(voucher);
  await h.call(genesis.wallet, "reportVouchallenger", [voucher.id]);
  return { genesis, voucher, first };
}

describe("M3: a whitehat refund of a vouchallenge from before a removal", () => {
  it("does not lower the count of vouchallenges since the removal", async () => {
    const DAY = 86_400;
    const { genesis, voucher, first: before } = await reportedVouchallenger();
    await h.passTime(h.parameters.challengePeriod);
    await h.call(genesis.wallet, "removeVouchallenger", [voucher.id, await h.siblings(voucher.id)]);
    // Back after its inadmissibility, one vouchallenge makes it a vouchallenger again.
    await h.passTime(120 * DAY);
    await h.register(voucher, await h.seeded(), { evidence: "ipfs://back" });
    await h.vouchallenge(voucher);
    expect((await h.humanity(voucher.id)).vouchallengesSinceRemoval).toBe(1);
    // Refunding the old one cannot undo the new one.
    await h.call(voucher.wallet, "refundVouchallenged", [before], await h.deposit());
    const after = await h.humanity(voucher.id);
    expect([after.vouchallenges, after.vouchallengesSinceRemoval]).toEqual([2, 1]);
    expect(await h.read("isVouchallenger", [voucher.id])).toBe(true);
  });
});

describe("M3: a refund after the grace period", () => {
  it("cannot save a reported vouchallenger whose removal is due", async () => {
    const { genesis, voucher, first } = await reportedVouchallenger();
    const end = (await h.humanity(voucher.id)).reportedAt + BigInt(h.parameters.challengePeriod);
    await h.passTime(h.parameters.challengePeriod);
    expect(await h.revert(voucher.wallet, "refundVouchallenged", [first], await h.deposit())).toEqual([
      "HumanityRegistry__GracePeriodOver",
      [voucher.id, end],
    ]);
    await h.call(genesis.wallet, "removeVouchallenger", [voucher.id, await h.siblings(voucher.id)]);
    expect((await h.humanity(voucher.id)).owner).toBe(zeroAddress);
  });
});

describe("ERC-1497 evidence", () => {
  it("emits each claim's and revocation's own evidence as Evidence in the request's evidence group", async () => {
    const genesis = await h.seeded();
    const claimer = await h.person();
    const revoker = await h.person();
    const claim = await h.claim(claimer, { evidence: "ipfs://bafy-claim-bundle" });
    const revocation = await h.requestCount();
    await h.call(revoker.wallet, "revokeHumanity", [genesis.id, "ipfs://bafy-revocation"], await h.deposit());
    const logs = await readEvents({ client: h.client, address: h.registry, abi: humanityRegistryAbi });
    const evidence = logs
      .filter((log) => log.eventName === "Evidence")
      .map((log) => log.args as { arbitrator: Hex; evidenceGroupID: bigint; party: Hex; evidence: string })
      .filter((e) => e.evidenceGroupID === claim || e.evidenceGroupID === revocation)
      .map((e) => [getAddress(e.arbitrator), e.evidenceGroupID, e.party, e.evidence]);
    expect(evidence).toEqual([
      [getAddress(h.arbitrator), claim, claimer.address, "ipfs://bafy-claim-bundle"],
      [getAddress(h.arbitrator), revocation, revoker.address, "ipfs://bafy-revocation"],
    ]);
  });
});
