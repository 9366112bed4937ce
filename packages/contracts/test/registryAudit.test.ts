import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
