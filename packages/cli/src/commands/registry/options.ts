import { ADDRESS } from "@pop/contracts/files/chainFile";
import { InputError } from "@pop/core/errors";
import { type Address, isAddress, parseEther } from "viem";
import { parseIntegerOption } from "../../args.js";

/** The options every registry command takes. */
export const registryOptions = { rpc: { type: "string" }, registry: { type: "string", required: true } } as const;

/**
 * An amount option: wei (an integer) or ether with an "eth" suffix (0.05eth).
 * @param value the option's text
 * @param name the option, in messages
 */
export function wei(value: string, name: string): bigint {
  const match = /^(0|[1-9][0-9]{0,59})(\.[0-9]{1,18})?(eth)?$/.exec(value);
  if (match === null || (match[2] !== undefined && match[3] === undefined)) {
    throw new InputError(`--${name} takes wei (an integer) or ether with an "eth" suffix (0.05eth)`);
  }
  const amount = match[3] === undefined ? BigInt(value) : parseEther(value.slice(0, -3));
  if (amount >= 2n ** 256n) throw new InputError(`--${name} is more than a uint256 can hold`);
  return amount;
}

/** An optional amount option. */
export function optionalWei(value: string | undefined, name: string): bigint | undefined {
  return value === undefined ? undefined : wei(value, name);
}

/**
 * A request, dispute or challenge number option.
 * @param value the option's text
 * @param name the option, in messages
 */
export function indexOption(value: string, name: string): bigint {
  return BigInt(parseIntegerOption(value, name, 0, Number.MAX_SAFE_INTEGER));
}

/**
 * An address option.
 * @param value the option's text
 * @param name the option, in messages
 */
export function addressOption(value: string, name: string): Address {
  if (!ADDRESS.test(value)) throw new InputError(`--${name} must be a 0x-prefixed 20-byte address`);
  // Mixed case is an EIP-55 checksum: a wrong one is a typo, refused before anything is sent.
  if (!isAddress(value, { strict: true })) throw new InputError(`--${name} ${value} has a bad EIP-55 checksum`);
  return value as Address;
}

/** An optional duration option, in seconds (`min` to ten years). */
export function secondsOption(value: string | undefined, name: string, min = 0): number | undefined {
  return value === undefined ? undefined : parseIntegerOption(value, name, min, 10 * 365 * 86_400);
}
