import { InputError } from "@pop/core/errors";
import { expectInteger, expectLiteral, expectObject, expectString, type JsonObject } from "@pop/core/json";
import type { Address } from "viem";

/** A 0x-prefixed 20-byte address, any case. */
export const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The version of every chain file: 2 since protocol v2 (two keys per human; docs/contracts.md).
 * A version-1 file names contracts whose interface this version does not speak.
 */
export const CHAIN_FILE_VERSION = 2;

/** What every pop chain file holds besides its own fields. */
export type ChainFileHeader = { chainId: number; fromBlock: bigint };

/**
 * Reads a pop chain file strictly: exactly version, type, chainId, fromBlock, the `keys` and at
 * most the `optional` keys, with version CHAIN_FILE_VERSION and the given type.
 * @param value the parsed JSON
 * @param params.label what it is ("deployment", "registry"), in messages
 * @param params.type the file's type tag
 * @param params.keys its own required fields
 * @param params.optional its own optional fields
 * @returns its fields, chain id and first block, and a reader of its address fields
 */
export function parseChainFile(
  value: unknown,
  params: { label: string; type: string; keys: readonly string[]; optional?: readonly string[] },
): ChainFileHeader & { object: JsonObject; address(key: string): Address } {
  const { label } = params;
  const object = expectObject(
    value,
    label,
    ["version", "type", "chainId", ...params.keys, "fromBlock"],
    params.optional ?? [],
  );
  if (object.version === 1) {
    throw new InputError(
      `${label}.version is 1: the file names protocol v1 contracts, which this pop cannot use (their leaves have no nullifier commitment); deploy anew`,
    );
  }
  expectLiteral(object.version, `${label}.version`, CHAIN_FILE_VERSION);
  expectLiteral(object.type, `${label}.type`, params.type);
  return {
    object,
    chainId: expectInteger(object.chainId, `${label}.chainId`, 1, Number.MAX_SAFE_INTEGER),
    fromBlock: parseBlock(object.fromBlock, `${label}.fromBlock`),
    address: (key: string) => expectString(object[key], `${label}.${key}`, ADDRESS) as Address,
  };
}

/**
 * A block number written as decimal text.
 * @param value the JSON value
 * @param name the field, in messages
 */
export function parseBlock(value: unknown, name: string): bigint {
  return BigInt(expectString(value, name, /^(0|[1-9][0-9]{0,19})$/));
}

/**
 * Refuses a chain file for another chain than the connected one.
 * @param file the file's chain id and label
 * @param chainId the connected chain's id
 */
export function expectChain(file: { chainId: number; label: string }, chainId: number): void {
  if (file.chainId !== chainId) {
    throw new InputError(`the ${file.label} is on chain ${file.chainId}, the RPC serves chain ${chainId}`);
  }
}
