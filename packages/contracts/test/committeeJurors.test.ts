import { revertOf, send } from "@pop/test-utils/chain";
import { parseEventLogs, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployer } from "../src/deploy.js";
import { committeeArbitratorAbi } from "../src/generated/committeeArbitrator.js";
import { APPEAL, APPEALABLE, type Committee, startCommittee, WAITING } from "./committeeFixture.js";

/**
 * Audit M4: the committee was fixed at deployment, so a lost or unwilling juror could never be
 * replaced. Now its owner adds and removes jurors; a change applies to the rounds opened after
 * it, each round keeping the jury (and the majority) it opened with.
 */

let c: Committee;
let j1: Deployer;
let j2: Deployer;
let j3: Deployer;
let newcomer: Deployer;

beforeAll(async () => {
  c = await startCommittee();
  [j1, j2, j3] = c.jurors as [Deployer, Deployer, Deployer];
  newcomer = c.wallets[5]!;
});
afterAll(() => c?.chain.stop());

const address = (w: Deployer) => w.account.address;
/** The committee's juror events in the receipt of the last change. */
async function jurorEvents(fromBlock: bigint) {
  const logs = await c.client.getLogs({ address: c.arbitrator, fromBlock });
  return parseEventLogs({ abi: committeeArbitratorAbi, logs }).map((l) => [l.eventName, l.args]);
}

describe("the committee's jurors", () => {
  it("the owner replaces a juror: the new committee judges the rounds opened afterwards", async () => {
    const from = (await c.client.getBlockNumber({ cacheTime: 0 })) + 1n;
    await c.call(c.owner, "removeJuror", [address(j3)]);
    await c.call(c.owner, "addJuror", [address(newcomer)]);
    expect(await jurorEvents(from)).toEqual([
      ["JurorRemoved", { juror: address(j3), epoch: 1n }],
      ["JurorAdded", { juror: address(newcomer), epoch: 2n }],
    ]);
    expect(await c.read("jurors")).toEqual([address(j1), address(j2), address(newcomer)]);
    expect([await c.read("isJuror", [address(j3)]), await c.read("isJuror", [address(newcomer)])]).toEqual([
      false,
      true,
    ]);
    const id = await c.open();
    expect(await c.revert(j3, "vote", [id, 1n])).toEqual(["CommitteeArbitrator__NotJuror", [address(j3)]]);
    await c.call(newcomer, "vote", [id, 1n]);
    await c.call(j1, "vote", [id, 1n]);
    expect([await c.read("disputeStatus", [id]), await c.read("currentRuling", [id])]).toEqual([APPEALABLE, 1n]);
    // The committee is back to what it was, for the tests after this one.
    await c.call(c.owner, "removeJuror", [address(newcomer)]);
    await c.call(c.owner, "addJuror", [address(j3)]);
  });

  it("a round opened before a change keeps its jury and its count; an appeal takes the new committee", async () => {
    const before = await c.open();
    expect((await c.dispute(before)).jurorCount).toBe(3n);
    await c.call(c.owner, "removeJuror", [address(j3)]);
    await c.call(c.owner, "removeJuror", [address(j2)]);
    // One vote is not more than half of the earlier round's three jurors, though the committee is one now.
    await c.call(j1, "vote", [before, 1n]);
    expect(await c.read("disputeStatus", [before])).toBe(WAITING);
    await c.call(c.owner, "addJuror", [address(newcomer)]);
    const after = await c.open(); // jury: j1, newcomer
    expect((await c.dispute(after)).jurorCount).toBe(2n);
    expect(await Promise.all([j1, j2, j3, newcomer].map((j) => c.read("isRoundJuror", [before, address(j)])))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(await Promise.all([j1, j2, j3, newcomer].map((j) => c.read("isRoundJuror", [after, address(j)])))).toEqual([
      true,
      false,
      false,
      true,
    ]);
    // The earlier round: two votes of three cast, no majority of its three jurors yet.
    await c.call(j2, "vote", [before, 2n]);
    expect(await c.read("disputeStatus", [before])).toBe(WAITING);
    expect(await c.revert(newcomer, "vote", [before, 1n])).toEqual([
      "CommitteeArbitrator__NotJuror",
      [address(newcomer)],
    ]);
    await c.call(j3, "vote", [before, 2n]); // removed since, still on this round's jury
    expect([await c.read("disputeStatus", [before]), await c.read("currentRuling", [before])]).toEqual([
      APPEALABLE,
      2n,
    ]);
    // The later round: its whole jury of two has voted, 1-1, so it closes at once with 0.
    expect(await c.revert(j2, "vote", [after, 1n])).toEqual(["CommitteeArbitrator__NotJuror", [address(j2)]]);
    await c.call(j1, "vote", [after, 1n]);
    await c.call(newcomer, "vote", [after, 2n]);
    expect([await c.read("disputeStatus", [after]), await c.read("currentRuling", [after])]).toEqual([APPEALABLE, 0n]);
    // An appeal of the earlier dispute opens a round judged by the current committee.
    await c.call(c.party, "appeal", [before, "0x"], APPEAL);
    expect((await c.dispute(before)).jurorCount).toBe(2n);
    expect(await c.revert(j3, "vote", [before, 1n])).toEqual(["CommitteeArbitrator__NotJuror", [address(j3)]]);
    await c.call(newcomer, "vote", [before, 1n]);
    expect(await c.read("disputeStatus", [before])).toBe(WAITING); // one of two is not more than half
    await c.call(j1, "vote", [before, 1n]);
    expect([await c.read("disputeStatus", [before]), await c.read("currentRuling", [before])]).toEqual([
      APPEALABLE,
      1n,
    ]);
    expect(await c.client.getBalance({ address: c.arbitrator })).toBe(await c.owed());
  });

  it("refuses strangers, duplicates, the zero address, unknown jurors and removing the last one", async () => {
    const stranger = c.party;
    for (const fn of ["addJuror", "removeJuror"]) {
      expect(await c.revert(stranger, fn, [address(j1)])).toEqual(["OwnableUnauthorizedAccount", [address(stranger)]]);
    }
    expect(await c.revert(c.owner, "addJuror", [address(j1)])).toEqual([
      "CommitteeArbitrator__DuplicateJuror",
      [address(j1)],
    ]);
    expect(await c.revert(c.owner, "addJuror", [zeroAddress])).toEqual(["CommitteeArbitrator__ZeroJuror", []]);
    expect(await c.revert(c.owner, "removeJuror", [address(stranger)])).toEqual([
      "CommitteeArbitrator__NotJuror",
      [address(stranger)],
    ]);
    expect(await c.revert(c.owner, "renounceOwnership", [])).toEqual(["CommitteeArbitrator__OwnerRequired", []]);
    const alone = await c.deployArbitrator([address(j1)]);
    const removeAlone = send({
      client: c.client,
      wallet: c.owner,
      address: alone,
      abi: committeeArbitratorAbi,
      functionName: "removeJuror",
      args: [address(j1)],
    });
    expect(await revertOf(removeAlone)).toEqual(["CommitteeArbitrator__LastJuror", [address(j1)]]);
    expect(await c.deployRevert(c.constructorArgs([]))).toEqual(["CommitteeArbitrator__NoJurors", []]);
    expect(await c.deployRevert(c.constructorArgs([address(j1), address(j1)]))).toEqual([
      "CommitteeArbitrator__DuplicateJuror",
      [address(j1)],
    ]);
    expect(await c.deployRevert(c.constructorArgs([address(j1), zeroAddress]))).toEqual([
      "CommitteeArbitrator__ZeroJuror",
      [],
    ]);
  });

  it("ownership moves in two steps; only the new owner then changes the committee", async () => {
    const next = c.wallets[6]!;
    await c.call(c.owner, "transferOwnership", [address(next)]);
    expect(await c.read("owner")).toBe(address(c.owner)); // not until accepted
    await c.call(next, "acceptOwnership", []);
    expect(await c.revert(c.owner, "addJuror", [address(j2)])).toEqual([
      "OwnableUnauthorizedAccount",
      [address(c.owner)],
    ]);
    await c.call(next, "addJuror", [address(j2)]);
    expect(await c.read("isJuror", [address(j2)])).toBe(true);
  });
});
