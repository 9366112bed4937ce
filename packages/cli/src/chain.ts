import type { Deployment } from "@pop/contracts/deploy";
import { ChainError, InputError, PopError } from "@pop/core/errors";
import { expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import {
  type Account,
  type Address,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { readJsonFile, writeJsonFile } from "./io.js";
import { progress } from "./result.js";

export { ChainError };

/** The deployment file: chain id, addresses, and the block to read events from. */
export type DeploymentFile = Deployment & { version: 1; type: "pop-deployment"; fromBlock: string };

/** anvil's first development key (public test mnemonic): used only on chain 31337. */
const ANVIL_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/** A 0x-prefixed 20-byte address. */
export const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The RPC URL: the option, else POP_RPC_URL.
 * @param option the --rpc option
 */
export function rpcUrl(option: string | undefined): string {
  const url = option ?? process.env.POP_RPC_URL;
  if (url === undefined || !/^https?:\/\/\S+$/.test(url)) {
    throw new InputError("pass --rpc <http(s) URL> or set POP_RPC_URL");
  }
  return url;
}

/** Clients for a chain; the wallet exists only when asked for. */
export type Connection = {
  client: PublicClient;
  wallet: WalletClient<Transport, Chain, Account>;
  chainId: number;
};

/**
 * Connects to a chain. The signing key comes from POP_PRIVATE_KEY, never from a file; on a
 * local anvil (chain 31337) without it, anvil's first development key is used.
 * @param url the RPC URL
 */
export async function connect(url: string): Promise<Connection> {
  const probe = createPublicClient({ transport: http(url, { retryCount: 0 }) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch {
    throw new InputError(`cannot reach an Ethereum RPC at ${url}`);
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const key = process.env.POP_PRIVATE_KEY ?? (chainId === 31337 ? ANVIL_KEY : undefined);
  if (key === undefined || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new InputError("set POP_PRIVATE_KEY to the 0x-prefixed 32-byte key that signs transactions");
  }
  if (process.env.POP_PRIVATE_KEY === undefined) {
    progress("POP_PRIVATE_KEY is not set: using anvil's first development account (chain 31337 only)");
  }
  const transport = http(url, { retryCount: 0 });
  // viem polls for receipts every 4 s by default; a local chain mines at once.
  const pollingInterval = chainId === 31337 ? 100 : 1000;
  return {
    client: createPublicClient({ chain, transport, pollingInterval }) as PublicClient,
    wallet: createWalletClient({
      account: privateKeyToAccount(key as `0x${string}`),
      chain,
      transport,
      pollingInterval,
    }),
    chainId,
  };
}

/**
 * Reads a pop chain file strictly: exactly version, type, chainId, fromBlock and `keys`, with
 * version 1 and the given type.
 * @param path the file
 * @param label what it is ("deployment", "registry"), in messages
 * @returns its fields, its chain id and first block, and a reader of its address fields
 */
export async function readChainFile(path: string, label: string, type: string, keys: readonly string[]) {
  const object = expectObject(await readJsonFile(path, `${label} file`), label, [
    "version",
    "type",
    "chainId",
    ...keys,
    "fromBlock",
  ]);
  expectLiteral(object.version, `${label}.version`, 1);
  expectLiteral(object.type, `${label}.type`, type);
  return {
    object,
    chainId: expectInteger(object.chainId, `${label}.chainId`, 1, Number.MAX_SAFE_INTEGER),
    fromBlock: BigInt(expectString(object.fromBlock, `${label}.fromBlock`, /^(0|[1-9][0-9]*)$/)),
    address: (key: string) => expectString(object[key], `${label}.${key}`, ADDRESS) as Address,
  };
}

/**
 * Reads and checks a deployment file, and that it is for the connected chain.
 * @param path the file
 * @param chainId the connected chain's id
 */
export async function readDeployment(path: string, chainId: number): Promise<Deployment & { fromBlock: bigint }> {
  const file = await readChainFile(path, "deployment", "pop-deployment", [
    "poseidonT3",
    "poseidonT5",
    "issuerRegistry",
    "humanitySet",
    "personhoodVerifier",
    "personhoodToken",
    "rootValidity",
    "tokenScope",
  ]);
  const { object, address } = file;
  const deployment = {
    chainId: file.chainId,
    poseidonT3: address("poseidonT3"),
    poseidonT5: address("poseidonT5"),
    issuerRegistry: address("issuerRegistry"),
    humanitySet: address("humanitySet"),
    personhoodVerifier: address("personhoodVerifier"),
    personhoodToken: address("personhoodToken"),
    rootValidity: expectInteger(object.rootValidity, "deployment.rootValidity", 0, Number.MAX_SAFE_INTEGER),
    tokenScope: expectString(object.tokenScope, "deployment.tokenScope"),
    fromBlock: file.fromBlock,
  };
  if (deployment.chainId !== chainId) {
    throw new InputError(`the deployment is for chain ${deployment.chainId}, the RPC serves chain ${chainId}`);
  }
  return deployment;
}

/** Writes a deployment file. */
export function writeDeployment(
  path: string,
  deployment: Deployment,
  fromBlock: bigint,
  overwrite: boolean,
): Promise<void> {
  const file: DeploymentFile = { version: 1, type: "pop-deployment", ...deployment, fromBlock: fromBlock.toString() };
  return writeJsonFile(path, file, { overwrite });
}

/**
 * The custom error a contract call reverted with, as `Name(arg, …)`, or undefined when the
 * failure was not a revert.
 * @param error what the call threw
 */
export function revertReason(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError)) return undefined;
  if (revert.data?.errorName !== undefined) {
    return `${revert.data.errorName}(${(revert.data.args ?? []).map(String).join(", ")})`;
  }
  return revert.reason ?? revert.signature ?? "reverted";
}

/**
 * Runs a chain action; a revert becomes a ChainError naming the contract's custom error.
 * @param action the action (a write or a view)
 */
export async function onChain<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof PopError) throw error;
    const reason = revertReason(error);
    throw new ChainError(
      reason === undefined
        ? `the transaction failed: ${(error as Error).message.split("\n")[0]}`
        : `the contract refused: ${reason}`,
    );
  }
}
