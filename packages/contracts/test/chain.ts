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
import { type LocalChain, startAnvil } from "../src/anvil.js";
import type { Deployer } from "../src/deploy.js";

/** anvil's first three well-known development keys (public test mnemonic). */
export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
] as const;

/** A fresh anvil with a public client and one wallet per development key. */
export async function localChain(): Promise<{ chain: LocalChain; client: PublicClient; wallets: Deployer[] }> {
  const chain = await startAnvil();
  const anvil = defineChain({
    id: 31337,
    name: "anvil",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
  const transport = http(chain.rpcUrl);
  // viem polls for receipts every 4 s by default; anvil mines at once.
  const pollingInterval = 50;
  const client = createPublicClient({ chain: anvil, transport, pollingInterval }) as PublicClient;
  const wallets = DEV_KEYS.map((key) =>
    createWalletClient({ account: privateKeyToAccount(key), chain: anvil, transport, pollingInterval }),
  );
  return { chain, client, wallets };
}

/** Simulates then sends a contract call and expects it to succeed. */
export async function send(params: {
  client: PublicClient;
  wallet: Deployer;
  address: `0x${string}`;
  abi: readonly unknown[];
  functionName: string;
  args: readonly unknown[];
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
