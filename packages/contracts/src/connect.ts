import { InputError } from "@pop/core/errors";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEV_CHAIN_ID, DEV_KEYS } from "./devAccounts.js";

/** A public client and a signing wallet on one chain. */
export type ChainClients = {
  client: PublicClient;
  wallet: WalletClient<Transport, Chain, Account>;
  chainId: number;
};

const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;
const RPC_URL = /^https?:\/\/\S+$/;

/**
 * A read-only client for an RPC URL (no retries: a dead RPC fails at once).
 * @param rpcUrl an http(s) URL
 * @returns the client
 * @throws InputError when the URL is not an http(s) URL
 */
export function publicClientFor(rpcUrl: string): PublicClient {
  if (!RPC_URL.test(rpcUrl)) throw new InputError(`the RPC URL must be an http(s) URL, not "${rpcUrl}"`);
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }) as PublicClient;
}

/**
 * Connects to a chain with a signing key. Without a key, a local development chain (chain
 * 31337) signs with anvil's first development key; any other chain needs one.
 * @param params.rpcUrl the RPC URL
 * @param params.privateKey the 0x-prefixed 32-byte key that signs transactions
 * @returns the clients, and whether the development key was used
 * @throws InputError when the RPC cannot be reached or no usable key is given
 */
export async function connectChain(params: {
  rpcUrl: string;
  privateKey?: string | undefined;
}): Promise<ChainClients & { usedDevKey: boolean }> {
  let chainId: number;
  try {
    chainId = await publicClientFor(params.rpcUrl).getChainId();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot reach an Ethereum RPC at ${params.rpcUrl}`, { cause: error });
  }
  const key = params.privateKey ?? (chainId === DEV_CHAIN_ID ? DEV_KEYS[0] : undefined);
  if (key === undefined || !PRIVATE_KEY.test(key)) {
    throw new InputError("set POP_PRIVATE_KEY to the 0x-prefixed 32-byte key that signs transactions");
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [params.rpcUrl] } },
  });
  const transport = http(params.rpcUrl, { retryCount: 0 });
  // viem polls for receipts every 4 s by default; a local chain mines at once.
  const pollingInterval = chainId === DEV_CHAIN_ID ? 100 : 1000;
  return {
    client: createPublicClient({ chain, transport, pollingInterval }) as PublicClient,
    wallet: createWalletClient({ account: privateKeyToAccount(key as Hex), chain, transport, pollingInterval }),
    chainId,
    usedDevKey: params.privateKey === undefined,
  };
}
