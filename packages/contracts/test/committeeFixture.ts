/**
 * A CommitteeArbitrator on a fresh anvil, with a RulingRecorder as the arbitrable, for the
 * committee's deadline and juror-set tests: wallet 0 owns the committee, wallets 1–3 are its
 * jurors, wallet 4 opens disputes.
 */
import { localChain, revertOf, send } from "@pop/test-utils/chain";
import {
  type BaseError,
  createTestClient,
  decodeErrorResult,
  encodeDeployData,
  type Hex,
  http,
  type PublicClient,
} from "viem";
import type { LocalChain } from "../src/anvil.js";
import type { Deployer } from "../src/deploy.js";
import { committeeArbitratorAbi, committeeArbitratorBytecode } from "../src/generated/committeeArbitrator.js";
import { rulingRecorderAbi, rulingRecorderBytecode } from "./generated/rulingRecorder.js";

export const COST = 1_000_000_000_000_000n; // 0.001 ether
export const APPEAL = 3_000_000_000_000_000n;
export const WINDOW = 3600n;
/** The voting period: a day. */
export const PERIOD = 86_400n;
export const WAITING = 0;
export const APPEALABLE = 1;
export const SOLVED = 2;

/** A dispute as CommitteeArbitrator.dispute returns it. */
export type DisputeRecord = {
  round: bigint;
  status: number;
  jurorCount: bigint;
  jurorEpoch: bigint;
  ruling: bigint;
  appealStart: bigint;
  appealEnd: bigint;
  votingEnd: bigint;
  roundFee: bigint;
};

/** The deployed committee and the calls its tests make. */
export type Committee = Awaited<ReturnType<typeof startCommittee>>;

/**
 * Starts anvil and deploys a three-juror committee owned by wallet 0 and a recorder.
 * @returns the chain, wallets, addresses and call helpers; stop with chain.stop()
 */
export async function startCommittee() {
  const { chain, client, wallets } = await localChain();
  const owner = wallets[0]!;
  const jurors = wallets.slice(1, 4);
  const party = wallets[4]!;
  const constructorArgs = (jurorList: Hex[] = jurors.map((j) => j.account.address), period = PERIOD) =>
    [owner.account.address, jurorList, COST, APPEAL, WINDOW, period] as const;
  const deploy = async (abi: readonly unknown[], bytecode: string, args: readonly unknown[]) => {
    const hash = await owner.deployContract({ abi, bytecode: bytecode as Hex, args } as never);
    return (await client.waitForTransactionReceipt({ hash })).contractAddress!;
  };
  const arbitrator = await deploy(committeeArbitratorAbi, committeeArbitratorBytecode, constructorArgs());
  const recorder = await deploy(rulingRecorderAbi, rulingRecorderBytecode, [arbitrator]);
  const call = (wallet: Deployer, functionName: string, args: readonly unknown[], value?: bigint) =>
    send({
      client,
      wallet,
      address: arbitrator,
      abi: committeeArbitratorAbi,
      functionName,
      args,
      ...(value ? { value } : {}),
    });
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({
      address: arbitrator,
      abi: committeeArbitratorAbi,
      functionName,
      args,
    } as never) as Promise<T>;
  return {
    chain: chain as LocalChain,
    client: client as PublicClient,
    wallets,
    owner,
    jurors,
    party,
    arbitrator,
    recorder,
    call,
    read,
    /** The custom error a committee call reverts with. */
    revert: (wallet: Deployer, functionName: string, args: readonly unknown[], value?: bigint) =>
      revertOf(call(wallet, functionName, args, value)),
    /** The custom error a committee's deployment reverts with (simulated, as the owner). */
    async deployRevert(args: readonly unknown[]): Promise<[string, readonly unknown[]]> {
      const data = encodeDeployData({
        abi: committeeArbitratorAbi,
        bytecode: committeeArbitratorBytecode as Hex,
        args,
      } as never);
      try {
        await client.call({ account: owner.account, data });
      } catch (error) {
        const raw = (error as BaseError).walk((e) => typeof (e as { data?: unknown }).data === "string") as {
          data: Hex;
        } | null;
        if (raw === null) throw error;
        const decoded = decodeErrorResult({ abi: committeeArbitratorAbi, data: raw.data });
        return [decoded.errorName, decoded.args ?? []];
      }
      throw new Error("expected the deployment to revert");
    },
    constructorArgs,
    /** Deploys another committee (owned by wallet 0) with these jurors. */
    deployArbitrator: (jurorList: Hex[]) =>
      deploy(committeeArbitratorAbi, committeeArbitratorBytecode, constructorArgs(jurorList)),
    dispute: (id: bigint) => read<DisputeRecord>("dispute", [id]),
    /** The recorder opens a dispute with `choices` rulings; returns its id. */
    async open(choices = 2n): Promise<bigint> {
      const id = await read<bigint>("disputeCount");
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
    },
    /** What the recorder was told: whether the dispute was ruled, and the ruling. */
    recorded: (id: bigint) =>
      Promise.all([
        client.readContract({ address: recorder, abi: rulingRecorderAbi, functionName: "ruled", args: [id] }),
        client.readContract({ address: recorder, abi: rulingRecorderAbi, functionName: "rulings", args: [id] }),
      ]),
    /** Moves the clock forward and mines a block. */
    async later(seconds: bigint): Promise<void> {
      const test = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
      await test.increaseTime({ seconds: Number(seconds) });
      await test.mine({ blocks: 1 });
    },
    async now(): Promise<bigint> {
      return (await client.getBlock({ blockTag: "latest" })).timestamp;
    },
    /**
     * The balance invariant of CommitteeArbitrator's notice: what every account may withdraw
     * plus the fees of the rounds not decided yet, over every dispute.
     */
    async owed(): Promise<bigint> {
      let total = 0n;
      for (const w of wallets) total += await read<bigint>("withdrawable", [w.account.address]);
      const count = await read<bigint>("disputeCount");
      for (let id = 0n; id < count; id++) total += (await read<DisputeRecord>("dispute", [id])).roundFee;
      return total;
    },
  };
}
