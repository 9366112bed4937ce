import { ChainError } from "@pop/core/errors";
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { chainCall } from "./errors/chainError.js";
import { humanitySetAbi, humanitySetBytecode, humanitySetLinkReferences } from "./generated/humanitySet.js";
import { issuerRegistryAbi, issuerRegistryBytecode, issuerRegistryLinkReferences } from "./generated/issuerRegistry.js";
import { personhoodTokenAbi, personhoodTokenBytecode } from "./generated/personhoodToken.js";
import { personhoodVerifierAbi, personhoodVerifierBytecode } from "./generated/personhoodVerifier.js";
import { poseidonT3Abi, poseidonT3Bytecode } from "./generated/poseidonT3.js";
import { poseidonT4Abi, poseidonT4Bytecode } from "./generated/poseidonT4.js";
import { poseidonT5Abi, poseidonT5Bytecode } from "./generated/poseidonT5.js";
import { linkBytecode } from "./link.js";

/** Addresses of a pop deployment. */
export type Deployment = {
  chainId: number;
  poseidonT3: Address;
  poseidonT4: Address;
  poseidonT5: Address;
  issuerRegistry: Address;
  humanitySet: Address;
  personhoodVerifier: Address;
  personhoodToken: Address;
  /** Seconds a superseded humanity-set root stays valid. */
  rootValidity: number;
  /** The token's scope text (its scope is textToField of it). */
  tokenScope: string;
};

/** Defaults of a deployment. */
export const DEFAULT_TOKEN_SCOPE = "pop-personhood-token";
/** A token's default lifetime without a refresh: one year (365 days). */
export const DEFAULT_TOKEN_LIFETIME = 365 * 86_400;

/** A wallet client with an account and chain, as deployments need. */
export type Deployer = WalletClient<Transport, Chain, Account>;

/**
 * Deploys one contract and waits for its receipt.
 * @returns its address
 * @throws ChainError when the deployment transaction fails or the chain cannot be reached
 */
export async function deployContract(params: {
  wallet: Deployer;
  client: PublicClient;
  abi: readonly unknown[];
  bytecode: Hex;
  args?: readonly unknown[];
}): Promise<Address> {
  return chainCall(async () => {
    const hash = await params.wallet.deployContract({
      abi: params.abi,
      bytecode: params.bytecode,
      args: params.args ?? [],
    } as Parameters<Deployer["deployContract"]>[0]);
    const receipt = await params.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || receipt.contractAddress == null) {
      throw new ChainError(`deployment failed in transaction ${hash}`, { details: { hash } });
    }
    return receipt.contractAddress;
  });
}

/**
 * Deploys the Poseidon libraries, the issuer registry (owned by `owner`), the humanity set,
 * the personhood verifier and the soulbound token.
 * @param params.wallet the deploying wallet
 * @param params.client a public client on the same chain
 * @param params.owner governance of the issuer registry (default: the deployer)
 * @param params.rootValidity seconds a superseded humanity-set or issuer-set root stays valid
 *   (default 3600, as World ID; a revoked issuer's roots end at once)
 * @param params.maxProofAge oldest proof time the verifier accepts, seconds (default 3600)
 * @param params.tokenScope the token's scope text (default "pop-personhood-token")
 * @param params.tokenLifetime seconds a token stays valid after its mint or last refresh
 *   (default one year)
 */
export async function deployPop(params: {
  wallet: Deployer;
  client: PublicClient;
  owner?: Address;
  rootValidity?: number;
  maxProofAge?: number;
  tokenScope?: string;
  tokenLifetime?: number;
}): Promise<Deployment> {
  const { wallet, client } = params;
  const rootValidity = params.rootValidity ?? 3600;
  const poseidonT3 = await deployContract({ wallet, client, abi: poseidonT3Abi, bytecode: poseidonT3Bytecode as Hex });
  const poseidonT4 = await deployContract({ wallet, client, abi: poseidonT4Abi, bytecode: poseidonT4Bytecode as Hex });
  const poseidonT5 = await deployContract({ wallet, client, abi: poseidonT5Abi, bytecode: poseidonT5Bytecode as Hex });
  const libraries = { PoseidonT3: poseidonT3, PoseidonT4: poseidonT4, PoseidonT5: poseidonT5 };
  const issuerRegistry = await deployContract({
    wallet,
    client,
    abi: issuerRegistryAbi,
    bytecode: linkBytecode(issuerRegistryBytecode as Hex, issuerRegistryLinkReferences, libraries),
    args: [params.owner ?? wallet.account.address, BigInt(rootValidity)],
  });
  const humanitySet = await deployContract({
    wallet,
    client,
    abi: humanitySetAbi,
    bytecode: linkBytecode(humanitySetBytecode as Hex, humanitySetLinkReferences, libraries),
    args: [issuerRegistry, BigInt(rootValidity)],
  });
  const personhoodVerifier = await deployContract({
    wallet,
    client,
    abi: personhoodVerifierAbi,
    bytecode: personhoodVerifierBytecode as Hex,
    args: [humanitySet, issuerRegistry, BigInt(params.maxProofAge ?? 3600), 300n],
  });
  const tokenScope = params.tokenScope ?? DEFAULT_TOKEN_SCOPE;
  const personhoodToken = await deployContract({
    wallet,
    client,
    abi: personhoodTokenAbi,
    bytecode: personhoodTokenBytecode as Hex,
    args: [
      personhoodVerifier,
      "pop personhood",
      "POP",
      tokenScope,
      BigInt(params.tokenLifetime ?? DEFAULT_TOKEN_LIFETIME),
    ],
  });
  return {
    chainId: await client.getChainId(),
    poseidonT3,
    poseidonT4,
    poseidonT5,
    issuerRegistry,
    humanitySet,
    personhoodVerifier,
    personhoodToken,
    rootValidity,
    tokenScope,
  };
}
