import type { PublicClient } from "viem";
import { type Deployer, deployPop } from "../deploy.js";
import { chainCall } from "../errors/chainError.js";
import { type DeploymentFile, deploymentFile } from "../files/deploymentFile.js";
import { checkTrustedSetup } from "../setupGuard.js";

/**
 * Deploys pop's contracts (deployPop) and returns the deployment file document, whose
 * `fromBlock` is the block before the first deployment transaction: the sets' events are read
 * from there. The verifier's keys from a development trusted setup are refused, before any
 * transaction, on every chain but a local development chain unless `allowDevSetup` is set
 * (checkTrustedSetup).
 * @param clients the deploying wallet and a public client on its chain
 * @param params.rootValidity seconds a superseded humanity-set root stays valid (default 3600)
 * @param params.maxProofAge oldest proof time the verifier accepts, seconds (default 3600)
 * @param params.allowDevSetup deploy development-setup keys on a chain other than 31337
 * @param params.onProgress told when the deployment starts (after the checks)
 * @returns the file document
 * @throws InputError when the keys are a development setup and the chain is not 31337
 * @throws ChainError when a deployment fails
 */
export function createDeployment(
  clients: { wallet: Deployer; client: PublicClient },
  params: {
    rootValidity?: number;
    maxProofAge?: number;
    allowDevSetup?: boolean;
    onProgress?: (message: string) => void;
  } = {},
): Promise<DeploymentFile> {
  const { allowDevSetup, onProgress, ...deployParams } = params;
  return chainCall(async () => {
    // The chain's own answer, not the wallet's configured chain: that is where the keys go.
    const chainId = await clients.client.getChainId();
    checkTrustedSetup({ chainId, ...(allowDevSetup === undefined ? {} : { allowDevSetup }) });
    const fromBlock = await clients.client.getBlockNumber({ cacheTime: 0 });
    onProgress?.("deploying Poseidon libraries, IssuerRegistry, HumanitySet, PersonhoodVerifier, PersonhoodToken…");
    const deployment = await deployPop({ ...clients, ...deployParams });
    return deploymentFile(deployment, fromBlock);
  });
}
