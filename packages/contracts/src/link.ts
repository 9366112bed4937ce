import { InputError } from "@pop/core/errors";
import type { Address, Hex } from "viem";

/** Solidity's link references: file → library → byte ranges to patch. */
export type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>;

/**
 * Writes library addresses into bytecode at the placeholders solc left.
 * @param bytecode the unlinked bytecode
 * @param references solc's link references
 * @param libraries library name → deployed address
 * @returns the linked bytecode
 * @throws InputError when a library has no address
 */
export function linkBytecode(bytecode: Hex, references: LinkReferences, libraries: Record<string, Address>): Hex {
  let code = bytecode.slice(2);
  for (const file of Object.values(references)) {
    for (const [name, ranges] of Object.entries(file)) {
      const address = libraries[name];
      if (address === undefined) throw new InputError(`library ${name} has no address to link`);
      for (const { start, length } of ranges) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  if (code.includes("__$")) throw new InputError("bytecode still has unlinked libraries");
  return `0x${code}`;
}
