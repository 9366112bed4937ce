import { createPublicClient, createWalletClient, defineChain, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type LocalChain, startAnvil } from "./anvil.js";
import type { Deployer } from "./deploy.js";

/** anvil's first six well-known development keys (public test mnemonic). */
export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
] as const;

/**
 * A fresh anvil with a public client and one wallet per development key, polling every
 * 50 ms: for tests and benchmarks.
 * @param options.chainId the chain id (default 31337; two local chains need two ids)
 */
export async function localChain(
  options: { chainId?: number } = {},
): Promise<{ chain: LocalChain; client: PublicClient; wallets: Deployer[] }> {
  const id = options.chainId ?? 31337;
  const chain = await startAnvil({ chainId: id });
  const anvil = defineChain({
    id,
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
