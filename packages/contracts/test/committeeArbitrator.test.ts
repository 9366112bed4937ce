import { localChain, revertOf, send } from "@pop/test-utils/chain";
import { createTestClient, type Hex, http, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalChain } from "../src/anvil.js";
import type { Deployer } from "../src/deploy.js";
import { committeeArbitratorAbi, committeeArbitratorBytecode } from "../src/generated/committeeArbitrator.js";
import { rulingRecorderAbi, rulingRecorderBytecode } from "./generated/rulingRecorder.js";

const COST = 1_000_000_000_000_000n; // 0.001 ether
const APPEAL = 3_000_000_000_000_000n;
const WINDOW = 3600n;
const VOTING_PERIOD = 86_400n;
const WAITING = 0;
const APPEALABLE = 1;
const SOLVED = 2;

let chain: LocalChain;
let client: PublicClient;
let deployer: Deployer;
let jurors: Deployer[];
let party: Deployer;
let arbitrator: Hex;
let recorder: Hex;

async function deploy(abi: readonly unknown[], bytecode: string, args: readonly unknown[]): Promise<Hex> {
  const hash = await deployer.deployContract({ abi, bytecode: bytecode as Hex, args } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  return receipt.contractAddress!;
}

const arbitratorCall = (wallet: Deployer, functionName: string, args: readonly unknown[], value?: bigint) =>
  send({
    client,
    wallet,
    address: arbitrator,
    abi: committeeArbitratorAbi,
    functionName,
    args,
    ...(value ? { value } : {}),
  });
const read = (functionName: string, args: readonly unknown[] = []) =>
  client.readContract({
    address: arbitrator,
    abi: committeeArbitratorAbi,
    functionName,
    args,
  } as never) as Promise<never>;
const recorded = (disputeID: bigint) =>
  Promise.all([
    client.readContract({ address: recorder, abi: rulingRecorderAbi, functionName: "ruled", args: [disputeID] }),
    client.readContract({ address: recorder, abi: rulingRecorderAbi, functionName: "rulings", args: [disputeID] }),
  ]);
const open = async (choices = 2n) => {
  const id = (await read("disputeCount")) as bigint;
  await send({
    client,
    wallet: party,
    address: recorder,
    abi: rulingRecorderAbi,
    functionName: "open",
    args: [choices],
    value: COST,
  });
  return id;
};
const later = async (seconds: bigint) => {
  const test = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
  await test.increaseTime({ seconds: Number(seconds) });
  await test.mine({ blocks: 1 });
};

beforeAll(async () => {
  let wallets: Deployer[];
  ({ chain, client, wallets } = await localChain());
  deployer = wallets[0]!;
  jurors = wallets.slice(1, 4);
  party = wallets[4]!;
  arbitrator = await deploy(committeeArbitratorAbi, committeeArbitratorBytecode, [
    deployer.account.address,
    jurors.map((j) => j.account.address),
    COST,
    APPEAL,
    WINDOW,
    VOTING_PERIOD,
  ]);
  recorder = await deploy(rulingRecorderAbi, rulingRecorderBytecode, [arbitrator]);
});
afterAll(async () => {
  await chain?.stop();
});

describe("CommitteeArbitrator (ERC-792)", () => {
  it("a majority rules; after the appeal period anyone executes the ruling and the arbitrable gets it", async () => {
    const id = await open();
    expect(await read("disputeStatus", [id])).toBe(WAITING);
    await arbitratorCall(jurors[0]!, "vote", [id, 1n]);
    expect(await read("disputeStatus", [id])).toBe(WAITING); // one of three is not a majority
    await arbitratorCall(jurors[1]!, "vote", [id, 1n]);
    expect(await read("disputeStatus", [id])).toBe(APPEALABLE);
    expect(await read("currentRuling", [id])).toBe(1n);
    const [start, end] = (await read("appealPeriod", [id])) as unknown as [bigint, bigint];
    expect(end - start).toBe(WINDOW);
    expect(await revertOf(arbitratorCall(party, "executeRuling", [id]))).toEqual([
      "CommitteeArbitrator__AppealPeriodRunning",
      [id, end],
    ]);
    await later(WINDOW);
    await arbitratorCall(party, "executeRuling", [id]);
    expect(await read("disputeStatus", [id])).toBe(SOLVED);
    expect(await recorded(id)).toEqual([true, 1n]);
    expect(await revertOf(arbitratorCall(party, "appeal", [id, "0x"], APPEAL))).toEqual([
      "CommitteeArbitrator__NotAppealable",
      [id],
    ]);
  });

  it("an appeal (paid, doubling each round) reopens the vote; the new ruling is the one executed", async () => {
    const id = await open();
    await arbitratorCall(jurors[0]!, "vote", [id, 1n]);
    await arbitratorCall(jurors[2]!, "vote", [id, 1n]);
    expect(await read("appealCost", [id, "0x"])).toBe(APPEAL);
    expect(await revertOf(arbitratorCall(party, "appeal", [id, "0x"], APPEAL - 1n))).toEqual([
      "CommitteeArbitrator__Underpaid",
      [APPEAL - 1n, APPEAL],
    ]);
    await arbitratorCall(party, "appeal", [id, "0x"], APPEAL);
    expect(await read("disputeStatus", [id])).toBe(WAITING);
    expect(((await read("dispute", [id])) as { round: bigint }).round).toBe(1n);
    // Jurors vote again in the new round (their earlier votes do not carry over).
    await arbitratorCall(jurors[0]!, "vote", [id, 2n]);
    await arbitratorCall(jurors[1]!, "vote", [id, 2n]);
    expect(await read("currentRuling", [id])).toBe(2n);
    expect(await read("appealCost", [id, "0x"])).toBe(APPEAL * 2n);
    await later(WINDOW);
    expect(await revertOf(arbitratorCall(party, "appeal", [id, "0x"], APPEAL * 2n))).toEqual([
      "CommitteeArbitrator__NotAppealable",
      [id],
    ]);
    await arbitratorCall(party, "executeRuling", [id]);
    expect(await recorded(id)).toEqual([true, 2n]);
  });

  it("no majority once everyone has voted: ruling 0 (refuse to arbitrate)", async () => {
    const id = await open(3n);
    await arbitratorCall(jurors[0]!, "vote", [id, 1n]);
    await arbitratorCall(jurors[1]!, "vote", [id, 2n]);
    expect(await read("disputeStatus", [id])).toBe(WAITING);
    await arbitratorCall(jurors[2]!, "vote", [id, 3n]);
    expect(await read("disputeStatus", [id])).toBe(APPEALABLE);
    expect(await read("currentRuling", [id])).toBe(0n);
  });

  it("refuses strangers, double votes, choices out of range, underpaid disputes, unknown disputes, direct rule calls", async () => {
    const id = await open();
    const stranger = party;
    expect(await revertOf(arbitratorCall(stranger, "vote", [id, 1n]))).toEqual([
      "CommitteeArbitrator__NotJuror",
      [stranger.account.address],
    ]);
    await arbitratorCall(jurors[0]!, "vote", [id, 1n]);
    expect(await revertOf(arbitratorCall(jurors[0]!, "vote", [id, 2n]))).toEqual([
      "CommitteeArbitrator__AlreadyVoted",
      [id, jurors[0]!.account.address],
    ]);
    expect(await revertOf(arbitratorCall(jurors[1]!, "vote", [id, 3n]))).toEqual([
      "CommitteeArbitrator__InvalidChoice",
      [3n, 2n],
    ]);
    expect(await revertOf(arbitratorCall(jurors[1]!, "vote", [999n, 1n]))).toEqual([
      "CommitteeArbitrator__NoSuchDispute",
      [999n],
    ]);
    // The arbitrator's error comes back through the recorder: decode it with both ABIs.
    const bothAbis = [...rulingRecorderAbi, ...committeeArbitratorAbi.filter((item) => item.type === "error")];
    expect(
      await revertOf(
        send({
          client,
          wallet: party,
          address: recorder,
          abi: bothAbis,
          functionName: "open",
          args: [2n],
          value: COST - 1n,
        }),
      ),
    ).toEqual(["CommitteeArbitrator__Underpaid", [COST - 1n, COST]]);
    expect(await revertOf(arbitratorCall(party, "createDispute", [0n, "0x"], COST))).toEqual([
      "CommitteeArbitrator__TooFewChoices",
      [],
    ]);
    expect(
      await revertOf(
        send({
          client,
          wallet: party,
          address: recorder,
          abi: rulingRecorderAbi,
          functionName: "rule",
          args: [id, 1n],
        }),
      ),
    ).toEqual(["RulingRecorder__NotArbitrator", [party.account.address]]);
  });

  it("fees go to the jurors who voted, overpayments back to the payer; the balance always covers them", async () => {
    const before = await client.getBalance({ address: arbitrator });
    const id = await open();
    const shares = await Promise.all(jurors.map((j) => read("withdrawable", [j.account.address]) as Promise<bigint>));
    await arbitratorCall(jurors[1]!, "vote", [id, 2n]);
    await arbitratorCall(jurors[2]!, "vote", [id, 2n]);
    const after = await Promise.all(jurors.map((j) => read("withdrawable", [j.account.address]) as Promise<bigint>));
    expect(after.map((a, i) => a - shares[i]!)).toEqual([0n, COST / 2n, COST / 2n]);
    // Overpaying an appeal leaves the excess withdrawable by the payer.
    await arbitratorCall(party, "appeal", [id, "0x"], APPEAL + 5n);
    expect(await read("withdrawable", [party.account.address])).toBe(5n);
    expect(await client.getBalance({ address: arbitrator })).toBe(before + COST + APPEAL + 5n);
    // Withdrawals pay out exactly what is owed, then nothing more.
    const juror = jurors[1]!;
    const share = (await read("withdrawable", [juror.account.address])) as bigint;
    const balance = await client.getBalance({ address: arbitrator });
    await arbitratorCall(juror, "withdraw", []);
    expect(await client.getBalance({ address: arbitrator })).toBe(balance - share);
    expect(await revertOf(arbitratorCall(juror, "withdraw", []))).toEqual([
      "CommitteeArbitrator__NothingToWithdraw",
      [juror.account.address],
    ]);
    // The balance is exactly what is withdrawable plus the fees of rounds still being voted on.
    const accounts = [...jurors, party, deployer].map((w) => w.account.address);
    const owed = (await Promise.all(accounts.map((a) => read("withdrawable", [a]) as Promise<bigint>))).reduce(
      (a, b) => a + b,
      0n,
    );
    expect(await client.getBalance({ address: arbitrator })).toBe(owed + (await pendingFees()));
  });
});

/** Fees of the rounds not decided yet, over every dispute. */
async function pendingFees(): Promise<bigint> {
  const count = (await read("disputeCount")) as bigint;
  let total = 0n;
  for (let id = 0n; id < count; id++) {
    total += ((await read("dispute", [id])) as { roundFee: bigint }).roundFee;
  }
  return total;
}
