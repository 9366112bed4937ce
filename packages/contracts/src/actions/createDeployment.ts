import type { PublicClient } from "viem";
import { type Deployer, deployPop } from "../deploy.js";
import { chainCall } from "../errors/chainError.js";
import { type DeploymentFile, deploymentFile } from "../files/deploymentFile.js";

/**
 * Deploys pop's contracts (deployPop) and returns the deployment file document, whose
 * `fromBlock` is the block before the first deployment transaction: the sets' events are read
 * from there.
 * @param clients the deploying wallet and a public client on its chain
 * @param params.rootValidity seconds a superseded humanity-set root stays valid (default 3600)
 * @param params.maxProofAge oldest proof time the verifier accepts, seconds (default 3600)
 * @returns the file document
 * @throws ChainError when a deployment fails
 */
export function createDeployment(
  clients: { wallet: Deployer; client: PublicClient },
  params: { rootValidity?: number; maxProofAge?: number } = {},
): Promise<DeploymentFile> {
  return chainCall(async () => {
    const fromBlock = await clients.client.getBlockNumber({ cacheTime: 0 });
    const deployment = await deployPop({ ...clients, ...params });
    return deploymentFile(deployment, fromBlock);
  });
}
