import { readHumanitySet } from "@pop/contracts/readHumanitySet";
import { readIssuerSet } from "@pop/contracts/readIssuerSet";
import type { HumanitySet } from "@pop/protocol/humanitySet";
import type { IssuerSet } from "@pop/protocol/issuerSet";
import { connect, readDeployment, rpcUrl } from "../chain.js";

/** Connection, deployment and, on request, the sets rebuilt from the chain's events. */
export async function onchain(options: { rpc: string | undefined; deployment: string }) {
  const connection = await connect(rpcUrl(options.rpc));
  const deployment = await readDeployment(options.deployment, connection.chainId);
  const sets = async (): Promise<{ humanitySet: HumanitySet; issuerSet: IssuerSet }> => ({
    humanitySet: await readHumanitySet({
      client: connection.client,
      address: deployment.humanitySet,
      fromBlock: deployment.fromBlock,
    }),
    issuerSet: await readIssuerSet({
      client: connection.client,
      address: deployment.issuerRegistry,
      fromBlock: deployment.fromBlock,
    }),
  });
  return { connection, deployment, sets };
}

/**
 * The sets for `pop proof create --onchain`, and the chain's time (the latest block's): the
 * verifier contract judges a proof's time by block time, not by this machine's clock.
 */
export async function onchainSets(options: { rpc: string | undefined; deployment: string }) {
  const { connection, sets } = await onchain(options);
  const block = await connection.client.getBlock({ blockTag: "latest" });
  return { ...(await sets()), time: Number(block.timestamp) };
}
