import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Party, Reason } from "../src/generated/enums.js";

/**
 * The registry audit's low findings on one chain (docs/registry.md), each a transaction
 * sequence the old registry allowed.
 */

let h: RegistryHarness;

beforeAll(async () => {
  h = await RegistryHarness.start();
});
afterAll(() => h?.stop());

/** A claim the voucher backs, challenged and lost by the claimer: one vouchallenge. */
async function vouchallenge(voucher: Person): Promise<void> {
  const claimer = await h.person();
  const challenger = await h.person();
  const requestId = await h.openVouched(claimer, voucher);
  await h.rule(await h.challenge(challenger, requestId, Reason.IncorrectSubmission), Party.Challenger);
  await h.release(requestId);
}

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
