import { createIssuer } from "@pop/protocol/issuer";
import type { Address, PublicClient } from "viem";
import type { Deployer } from "../deploy.js";
import { chainCall } from "../errors/chainError.js";
import type { DeploymentRecord } from "../files/deploymentFile.js";
import { type RegistryFile, registryFile } from "../files/registryFile.js";
import {
  type CommitteeParameters,
  deployCommitteeArbitrator,
  deployRegistry,
  type RegistryParameters,
} from "../registry.js";

/**
 * Deploys a HumanityRegistry over a pop deployment and registers it as the issuer of kind
 * registry, with its arbitrator: an existing ERC-792 arbitrator, or a CommitteeArbitrator
 * deployed for it.
 * @param clients governance's wallet and a public client
 * @param params.deployment the pop deployment (its humanity set and issuer registry)
 * @param params.issuerId the registry's issuer id (0..1023)
 * @param params.arbitrator an ERC-792 arbitrator's address, or a committee to deploy one
 * @param params.parameters the registry's parameters (default: PoH v2's)
 * @returns the registry file document (its `setFromBlock` is the deployment's first block)
 * @throws ChainError when a deployment or the issuer registration fails
 */
export function deployCuratedRegistry(
  clients: { wallet: Deployer; client: PublicClient },
  params: {
    deployment: DeploymentRecord;
    issuerId: number;
    arbitrator: Address | CommitteeParameters;
    parameters?: Partial<RegistryParameters>;
  },
): Promise<RegistryFile> {
  return chainCall(async () => {
    const { deployment, issuerId } = params;
    const fromBlock = await clients.client.getBlockNumber({ cacheTime: 0 });
    const arbitrator =
      typeof params.arbitrator === "string"
        ? params.arbitrator
        : await deployCommitteeArbitrator({ ...clients, committee: params.arbitrator });
    const registry = await deployRegistry({
      ...clients,
      humanitySet: deployment.humanitySet,
      issuerRegistry: deployment.issuerRegistry,
      issuerId,
      // Registry credentials are backed by the registration event, not a signature: this key
      // only fills the issuer registry's slot and is thrown away.
      issuerPublicKey: createIssuer({ issuerId, name: "registry" }).publicKey,
      arbitrator,
      ...(params.parameters === undefined ? {} : { parameters: params.parameters }),
    });
    return registryFile({
      chainId: deployment.chainId,
      registry,
      arbitrator,
      humanitySet: deployment.humanitySet,
      issuerId,
      fromBlock,
      setFromBlock: deployment.fromBlock,
    });
  });
}
