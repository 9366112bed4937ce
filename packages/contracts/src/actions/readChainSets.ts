import type { HumanitySet } from "@pop/protocol/humanitySet";
import type { IssuerSet } from "@pop/protocol/issuerSet";
import type { PublicClient } from "viem";
import type { DeploymentRecord } from "../files/deploymentFile.js";
import { readHumanitySet } from "../readHumanitySet.js";
import { readIssuerSet } from "../readIssuerSet.js";
import { chainTime } from "./chainTime.js";

/** A deployment's two sets, rebuilt from the chain's events, and the chain's time. */
export type ChainSets = { humanitySet: HumanitySet; issuerSet: IssuerSet; time: number };

/**
 * Rebuilds a deployment's humanity set and issuer set from their events, and reads the latest
 * block's time: the verifier contract judges a proof's time by block time, not by this
 * machine's clock.
 * @param client a public client on the deployment's chain
 * @param deployment the deployment, with the block its events start at
 * @returns the sets and the chain's time (Unix seconds)
 */
export async function readChainSets(client: PublicClient, deployment: DeploymentRecord): Promise<ChainSets> {
  // Each read throws only typed errors (readEvents and chainTime wrap the chain's).
  const range = { client, fromBlock: deployment.fromBlock };
  const humanitySet = await readHumanitySet({ ...range, address: deployment.humanitySet });
  const issuerSet = await readIssuerSet({ ...range, address: deployment.issuerRegistry });
  return { humanitySet, issuerSet, time: Number(await chainTime(client)) };
}
