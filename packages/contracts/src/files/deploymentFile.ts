import { expectInteger, expectString } from "@pop/core/json";
import type { Deployment } from "../deploy.js";
import { CHAIN_FILE_VERSION, parseChainFile } from "./chainFile.js";

/** The deployment file `pop contracts deploy` writes: chain id, addresses, and the block to read events from. */
export type DeploymentFile = Omit<Deployment, "chainId"> & {
  version: 2;
  type: "pop-deployment";
  chainId: number;
  fromBlock: string;
};

/** A deployment as read from its file: the addresses and the block its events start at. */
export type DeploymentRecord = Deployment & { fromBlock: bigint };

/**
 * The file document of a deployment.
 * @param deployment the deployed addresses
 * @param fromBlock the block before the first deployment transaction
 */
export function deploymentFile(deployment: Deployment, fromBlock: bigint): DeploymentFile {
  return { version: CHAIN_FILE_VERSION, type: "pop-deployment", ...deployment, fromBlock: fromBlock.toString() };
}

/**
 * Reads a deployment file strictly (every field, no unknown ones).
 * @param value the parsed JSON
 * @returns the deployment and its first block
 */
export function parseDeploymentFile(value: unknown): DeploymentRecord {
  const file = parseChainFile(value, {
    label: "deployment",
    type: "pop-deployment",
    keys: [
      "poseidonT3",
      "poseidonT4",
      "poseidonT5",
      "issuerRegistry",
      "humanitySet",
      "personhoodVerifier",
      "personhoodToken",
      "rootValidity",
      "tokenScope",
    ],
  });
  const { object, address } = file;
  return {
    chainId: file.chainId,
    poseidonT3: address("poseidonT3"),
    poseidonT4: address("poseidonT4"),
    poseidonT5: address("poseidonT5"),
    issuerRegistry: address("issuerRegistry"),
    humanitySet: address("humanitySet"),
    personhoodVerifier: address("personhoodVerifier"),
    personhoodToken: address("personhoodToken"),
    rootValidity: expectInteger(object.rootValidity, "deployment.rootValidity", 0, Number.MAX_SAFE_INTEGER),
    tokenScope: expectString(object.tokenScope, "deployment.tokenScope"),
    fromBlock: file.fromBlock,
  };
}
