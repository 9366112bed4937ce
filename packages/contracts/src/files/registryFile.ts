import { expectInteger } from "@pop/core/json";
import type { Address } from "viem";
import { CHAIN_FILE_VERSION, parseBlock, parseChainFile } from "./chainFile.js";

/**
 * The registry file `pop registry deploy` writes. `fromBlock` is the registry's deployment
 * block (its events start there); `setFromBlock` is the humanity set's (the set's events start
 * there: members added before the registry existed are part of the set's tree).
 */
export type RegistryFile = {
  version: 2;
  type: "pop-registry";
  chainId: number;
  registry: Address;
  arbitrator: Address;
  humanitySet: Address;
  issuerId: number;
  fromBlock: string;
  setFromBlock: string;
};

/** A registry as read from its file. */
export type RegistryRecord = {
  chainId: number;
  registry: Address;
  arbitrator: Address;
  humanitySet: Address;
  issuerId: number;
  /** Where the registry's events start. */
  fromBlock: bigint;
  /** Where the humanity set's events start. */
  setFromBlock: bigint;
};

/**
 * The file document of a registry deployment.
 * @param record the registry's addresses and blocks
 */
export function registryFile(record: RegistryRecord): RegistryFile {
  return {
    version: CHAIN_FILE_VERSION,
    type: "pop-registry",
    chainId: record.chainId,
    registry: record.registry,
    arbitrator: record.arbitrator,
    humanitySet: record.humanitySet,
    issuerId: record.issuerId,
    fromBlock: record.fromBlock.toString(),
    setFromBlock: record.setFromBlock.toString(),
  };
}

/**
 * Reads a registry file strictly. A file written before `setFromBlock` existed reads the set's
 * events from block 0, which is always complete (only slower).
 * @param value the parsed JSON
 * @returns the registry record
 */
export function parseRegistryFile(value: unknown): RegistryRecord {
  const file = parseChainFile(value, {
    label: "registry",
    type: "pop-registry",
    keys: ["registry", "arbitrator", "humanitySet", "issuerId"],
    optional: ["setFromBlock"],
  });
  return {
    chainId: file.chainId,
    registry: file.address("registry"),
    arbitrator: file.address("arbitrator"),
    humanitySet: file.address("humanitySet"),
    issuerId: expectInteger(file.object.issuerId, "registry.issuerId", 0, 1023),
    fromBlock: file.fromBlock,
    setFromBlock:
      file.object.setFromBlock === undefined ? 0n : parseBlock(file.object.setFromBlock, "registry.setFromBlock"),
  };
}
