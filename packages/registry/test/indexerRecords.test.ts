import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeRequest } from "@pop/contracts/actions/registry/executeRequest";
import { Party, Reason } from "@pop/contracts/generated/enums";
import { type Person, RegistryHarness } from "@pop/test-utils/registryHarness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryIndexer } from "../src/indexer.js";
import { expectIndexMatchesChain } from "./indexMatchesChain.js";

/**
 * The parts of a humanity's record the index follows beyond its owner and leaf: whether it is
 * vouching, its vouchallenger report and inadmissibility, and whether it is away. Two vouches
 * per request, so a request's vouchers can be processed one at a time. After each step the
 * index is synced and compared with the contract's records.
 */

let h: RegistryHarness;
let dir: string;
let indexer: RegistryIndexer;
let g1: Person;
let g2: Person;
const DAY = 86_400;

beforeAll(async () => {
  h = await RegistryHarness.start({ requiredVouches: 2 });
  dir = mkdtempSync(join(tmpdir(), "pop-index-records-"));
  indexer = await RegistryIndexer.open({ path: join(dir, "index.sqlite"), client: h.client, registry: h.registry });
  g1 = await h.seeded();
  g2 = await h.seeded();
});
afterAll(async () => {
  indexer?.close();
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Syncs the index and expects it to equal the contract's records; returns the chain's time. */
async function synced(): Promise<number> {
  await indexer.sync();
  await expectIndexMatchesChain(indexer, h);
  return Number(await h.now());
}

/** A claim by `claimer` in its challenge period, backed by `vouchers` in that order. */
async function backed(claimer: Person, vouchers: Person[]): Promise<bigint> {
  const requestId = await h.claim(claimer);
  for (const voucher of vouchers) await h.vouch(voucher, claimer);
  await h.advance(claimer, vouchers);
  return requestId;
}

/** A claim backed by `voucher` (and a new human), challenged and lost, its vouchers released: one vouchallenge. */
async function vouchallenge(voucher: Person): Promise<bigint> {
  const requestId = await backed(await h.person(), [voucher, await h.seeded()]);
  await h.rule(await h.challenge(await h.person(), requestId, Reason.IncorrectSubmission), Party.Challenger);
  await h.release(requestId);
  return requestId;
}

describe("the index follows a humanity's whole record", () => {
  it("a voucher is vouching until its position in the request's vouch list is processed", async () => {
    const request = await backed(await h.person(), [g1, g2]);
    let now = await synced();
    expect([indexer.humanity(g1.id, now).vouching, indexer.humanity(g2.id, now).vouching]).toEqual([true, true]);
    // Final, but its vouchers not processed yet: both still back it.
    await h.passTime(h.parameters.challengePeriod);
    await executeRequest(h.as(h.governance), { requestId: request });
    now = await synced();
    expect([indexer.humanity(g1.id, now).vouching, indexer.humanity(g2.id, now).vouching]).toEqual([true, true]);
    // One voucher processed: the first in the vouch list is released, the second is not.
    await h.call(h.governance, "processVouches", [request, [[]]]);
    now = await synced();
    expect([indexer.humanity(g1.id, now).vouching, indexer.humanity(g2.id, now).vouching]).toEqual([false, true]);
    await h.call(h.governance, "processVouches", [request, [[]]]);
    now = await synced();
    expect([indexer.humanity(g1.id, now).vouching, indexer.humanity(g2.id, now).vouching]).toEqual([false, false]);
    // Released, g2 backs a new request: vouching again, whatever the old request says.
    await backed(await h.person(), [g2, g1]);
    now = await synced();
    expect([indexer.humanity(g1.id, now).vouching, indexer.humanity(g2.id, now).vouching]).toEqual([true, true]);
  });

  it("a vouchallenger's report: set when reported, cleared by a refund, ended by its removal, which makes it inadmissible", async () => {
    const voucher = await h.person();
    const registration = await backed(voucher, [await h.seeded(), await h.seeded()]);
    await h.execute(registration);
    const first = await vouchallenge(voucher);
    await vouchallenge(voucher);
    await h.call(g2.wallet, "reportVouchallenger", [voucher.id]);
    const reportedAt = Number(await h.now());
    let now = await synced();
    expect(indexer.humanity(voucher.id, now)).toMatchObject({ reportedAt, inadmissibleUntil: 0 });
    // A whitehat refund: 1 vouchallenge of 2 vouches, no vouchallenger, and the report goes.
    await h.call(voucher.wallet, "refundVouchallenged", [first], await h.deposit());
    now = await synced();
    expect(indexer.humanity(voucher.id, now).reportedAt).toBe(null);
    // A vouchallenge more (2 of 3), a new report, and after its grace period the removal.
    await vouchallenge(voucher);
    await h.call(g2.wallet, "reportVouchallenger", [voucher.id]);
    now = await synced();
    expect(indexer.humanity(voucher.id, now).reportedAt).toBe(now);
    await h.passTime(h.parameters.challengePeriod);
    await h.call(g2.wallet, "removeVouchallenger", [voucher.id, await h.siblings(voucher.id)]);
    now = await synced();
    expect(indexer.humanity(voucher.id, now)).toMatchObject({
      state: "none",
      lastRemoval: "vouchallenger",
      reportedAt: null,
      inadmissibleUntil: now + 120 * DAY,
    });
  });

  it("away: set when the humanity's home leaves the chain or a mirror arrives, cleared when it comes back", async () => {
    // Governance plays the cross-chain gateway, whose calls emit HumanityAway.
    await h.call(h.governance, "setCrossChain", [h.governance.account.address]);
    const traveller = await h.seeded();
    const home = await h.humanity(traveller.id);
    await h.call(h.governance, "ccDischargeHumanity", [traveller.id, await h.siblings(traveller.id)]);
    let now = await synced();
    expect(indexer.humanity(traveller.id, now)).toMatchObject({ away: true, owner: null, lastRemoval: "transferred" });
    const { commitment, nullifierCommitment } = traveller.identity;
    const record = [traveller.address, home.expirationTime, commitment, nullifierCommitment];
    // A transfer's standing as the gateway sends it: the record's vouchallenger counts.
    const standing = {
      inadmissibleUntil: home.inadmissibleUntil,
      reportedAt: home.reportedAt,
      vouches: home.vouches,
      vouchallenges: home.vouchallenges,
      vouchallengesSinceRemoval: home.vouchallengesSinceRemoval,
      timesRemoved: home.timesRemoved,
    };
    await h.call(h.governance, "ccSetHumanity", [traveller.id, ...record, true, standing, []]);
    now = await synced();
    expect(indexer.humanity(traveller.id, now)).toMatchObject({ away: false, state: "registered" });
    // A mirror of another chain's humanity: away here from the start.
    const mirrored = await h.person();
    const mirror = [
      mirrored.address,
      home.expirationTime,
      mirrored.identity.commitment,
      mirrored.identity.nullifierCommitment,
    ];
    await h.call(h.governance, "ccSetHumanity", [mirrored.id, ...mirror, false, standing, []]);
    now = await synced();
    expect(indexer.humanity(mirrored.id, now)).toMatchObject({ away: true, state: "registered" });
  });
});
