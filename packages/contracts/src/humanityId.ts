import { InputError } from "@pop/core/errors";
import type { Hex } from "viem";

/**
 * Parses a Humanity ID: 20 bytes as 0x-hex (any case), returned lowercase.
 * @param value the text
 * @returns the ID, lowercase
 * @throws InputError naming the expected form
 */
export function parseHumanityId(value: string): Hex {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new InputError(`a Humanity ID is 20 bytes as 0x-hex (40 hex digits), not ${JSON.stringify(value)}`);
  }
  return value.toLowerCase() as Hex;
}
