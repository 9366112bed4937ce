import { type BaseError, ContractFunctionRevertedError, type PublicClient } from "viem";
import type { Deployer } from "../src/deploy.js";

export { DEV_KEYS, localChain } from "../src/localChain.js";

/** Simulates then sends a contract call and expects it to succeed. */
export async function send(params: {
  client: PublicClient;
  wallet: Deployer;
  address: `0x${string}`;
  abi: readonly unknown[];
  functionName: string;
  args: readonly unknown[];
  value?: bigint;
}): Promise<void> {
  const { client, wallet, ...call } = params;
  const { request } = await client.simulateContract({ ...call, account: wallet.account } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted in ${hash}`);
}

/** The custom error a call reverts with: its name and arguments. */
export async function revertOf(promise: Promise<unknown>): Promise<[string, readonly unknown[]]> {
  try {
    await promise;
  } catch (error) {
    const revert = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      return [revert.data?.errorName ?? "", revert.data?.args ?? []];
    }
    throw error;
  }
  throw new Error("expected a revert");
}
