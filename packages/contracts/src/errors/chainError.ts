import { ChainError, PopError } from "@pop/core/errors";
import { BaseError, ContractFunctionRevertedError } from "viem";

/** A contract's custom error, decoded from a revert. */
export type DecodedRevert = { errorName: string; args: string[] };

/**
 * The custom error a contract call reverted with, or undefined when the failure was not a
 * revert (an unreachable RPC, a bad parameter).
 * @param error what viem threw
 * @returns the error's name and its arguments as text
 */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError)) return undefined;
  if (revert.data?.errorName !== undefined) {
    return { errorName: revert.data.errorName, args: (revert.data.args ?? []).map(String) };
  }
  return { errorName: revert.reason ?? revert.signature ?? "reverted", args: [] };
}

/**
 * Turns anything a chain call threw into a ChainError: a revert names the contract's custom
 * error as `Name(arg, …)` (also in `details`), anything else keeps viem's first line. A
 * PopError passes through unchanged.
 * @param error what was thrown
 * @returns the error to throw
 */
export function toChainError(error: unknown): PopError {
  if (error instanceof PopError) return error;
  const revert = decodeRevert(error);
  if (revert !== undefined) {
    return new ChainError(`the contract refused: ${revert.errorName}(${revert.args.join(", ")})`, {
      details: { ...revert },
      cause: error,
    });
  }
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  return new ChainError(`the chain call failed: ${first}`, { cause: error });
}

/**
 * Runs a chain call so that no raw viem error escapes: every failure is a ChainError (or the
 * PopError the call threw on purpose).
 * @param call the call (a write, a read or a composition of them)
 * @returns what it returned
 */
export async function chainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toChainError(error);
  }
}
