/**
 * A local chain for tests and benchmarks: a fresh anvil with a public client and one funded
 * wallet per development key, plus the two contract-call helpers every chain test uses.
 */
import { type LocalChain, startAnvil } from "@pop/contracts/anvil";
import type { Deployer } from "@pop/contracts/deploy";
import { DEV_KEYS } from "@pop/contracts/devAccounts";
import { ChainError } from "@pop/core/errors";
import {
  type BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** A started local chain: the anvil process, a public client and the development wallets. */
export type TestChain = { chain: LocalChain; client: PublicClient; wallets: Deployer[] };

/**
 * Starts a fresh anvil with a public client and one wallet per development key, polling
 * every 50 ms (viem polls for receipts every 4 s by default; anvil mines at once).
 * @param options.chainId the chain id (default 31337; two local chains need two ids)
 * @returns the chain, its client and the wallets in DEV_KEYS order; stop it with chain.stop()
 */
export async function localChain(options: { chainId?: number } = {}): Promise<TestChain> {
  const id = options.chainId ?? 31337;
  const chain = await startAnvil({ chainId: id });
  const anvil = defineChain({
    id,
    name: "anvil",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
  const transport = http(chain.rpcUrl);
  const pollingInterval = 50;
  const client = createPublicClient({ chain: anvil, transport, pollingInterval }) as PublicClient;
  const wallets = DEV_KEYS.map((key) =>
    createWalletClient({ account: privateKeyToAccount(key), chain: anvil, transport, pollingInterval }),
  );
  return { chain, client, wallets };
}

/**
 * Simulates then sends a contract call and waits for its receipt.
 * @param params the client, the sending wallet and the call (address, abi, function, args, value)
 * @returns once the transaction is mined successfully
 * @throws the simulation's viem error when the call reverts; ChainError when the mined
 *   transaction reverted
 */
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
  if (receipt.status !== "success") {
    throw new ChainError(`${call.functionName} reverted in ${hash}`, { details: { hash } });
  }
}

/**
 * Runs a call for a property test, where a refusal is an outcome.
 * @param call the call (e.g. a harness action)
 * @returns true when it ran, false when the contract reverted
 * @throws the call's error when it is not a revert
 */
export async function ranOrReverted(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if ((error as BaseError).walk?.((e) => e instanceof ContractFunctionRevertedError)) return false;
    throw error;
  }
}

/**
 * The custom error a call reverts with.
 * @param promise the call (e.g. a `send`)
 * @returns the error's name and arguments
 * @throws the call's error when it is not a revert; ChainError when the call succeeded
 */
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
  throw new ChainError("expected a revert, but the call succeeded");
}
