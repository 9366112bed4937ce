import { ChainError, InputError } from "@pop/core/errors";
import { formatIsoTime } from "@pop/core/time";
import {
  type Address,
  type Block,
  BlockNotFoundError,
  getAddress,
  type Hex,
  isAddress,
  isHex,
  keccak256,
  type PublicClient,
  recoverMessageAddress,
} from "viem";

/**
 * The renewal validation block (renewal proposal): the renewal video shows a recent block's
 * hash (a prefix of it) and its time, and the submission must come within a window after that
 * block, so a video cannot be recorded long in advance. The signed variant: the submitter
 * signs the block hash (EIP-191 personal message over its 32 bytes), the metadata carries the
 * block hash and the signature, and the sign may show the hash of the signature.
 */

/** Hex digits of the shown hash that a check needs at least. */
export const MIN_PREFIX_DIGITS = 8;
/** How far a block's time may be from the time shown on the sign (signs show minutes at best). */
export const DEFAULT_TOLERANCE_S = 60;
/** The default window between the block and the submission (the proposal's "1 month"). */
export const DEFAULT_WINDOW = "30d";
/** Blocks examined around the shown time at most (a chain with blocks every second has 121). */
const MAX_SCAN = 2_000;

export type BlockSummary = { number: number; hash: Hex; time: string };

export type RenewalBlockCheck = {
  ok: boolean;
  /** Why it failed, in words; absent when ok. */
  reason?: string;
  /** The validation block found. */
  block?: BlockSummary;
  /** Seconds from the block to the submission. */
  age?: number;
  /** The window, in seconds. */
  window: number;
};

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Parses a window such as `30d`, `2w`, `12h`, `90m` or `3600s` into seconds. */
export function parseWindow(text: string): number {
  const match = /^([1-9][0-9]{0,5})([smhdw])$/.exec(text);
  if (match === null) {
    throw new InputError(`window must be a whole number and a unit (s, m, h, d or w), such as 30d, not ${text}`);
  }
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** Checks a shown hash prefix: at least 8 hex digits, with or without 0x; returns it in lower case without 0x. */
export function parseHashPrefix(text: string, name: string): string {
  const digits = text.trim().toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]+$/.test(digits) || digits.length < MIN_PREFIX_DIGITS || digits.length > 64) {
    throw new InputError(`${name} must be ${MIN_PREFIX_DIGITS} to 64 hex digits (a prefix of a hash), not ${text}`);
  }
  return digits;
}

function summary(block: Block): BlockSummary {
  return { number: Number(block.number), hash: block.hash!, time: formatIsoTime(Number(block.timestamp)) };
}

async function blockAt(client: PublicClient, number: bigint): Promise<Block> {
  try {
    return await client.getBlock({ blockNumber: number });
  } catch (error) {
    throw new ChainError(`cannot read block ${number} from the chain: ${(error as Error).message.split("\n")[0]}`, {
      cause: error,
    });
  }
}

/** The highest block whose time is at most `time` (binary search; block times never decrease), or -1n. */
async function lastBlockAtOrBefore(client: PublicClient, time: number): Promise<bigint> {
  let latest: bigint;
  try {
    latest = await client.getBlockNumber();
  } catch (error) {
    throw new ChainError(`the chain is unreachable: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
  let low = 0n;
  let high = latest;
  if (Number((await blockAt(client, 0n)).timestamp) > time) return -1n;
  while (low < high) {
    const middle = (low + high + 1n) / 2n;
    if (Number((await blockAt(client, middle)).timestamp) <= time) low = middle;
    else high = middle - 1n;
  }
  return low;
}

/** Whether the submission came within the window after the block; the common end of both checks. */
function timing(block: Block, submitted: number, window: number): RenewalBlockCheck {
  const age = submitted - Number(block.timestamp);
  const base = { block: summary(block), age, window };
  if (age < 0) {
    return { ok: false, reason: "the submission is dated before the validation block", ...base };
  }
  if (age > window) {
    return {
      ok: false,
      reason: `the submission came ${age} s after the validation block, over the ${window} s window`,
      ...base,
    };
  }
  return { ok: true, ...base };
}

/**
 * The shown-hash variant: a block whose hash starts with the shown prefix and whose time is
 * within `tolerance` seconds of the shown time must exist, and the submission must come
 * within `window` seconds after it.
 */
export async function checkRenewalBlock(options: {
  client: PublicClient;
  shownHash: string;
  shownTime: number;
  submitted: number;
  window: number;
  tolerance?: number;
}): Promise<RenewalBlockCheck> {
  const prefix = parseHashPrefix(options.shownHash, "shown hash");
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE_S;
  let number = await lastBlockAtOrBefore(options.client, options.shownTime + tolerance);
  for (let scanned = 0; number >= 0n && scanned < MAX_SCAN; number--, scanned++) {
    const block = await blockAt(options.client, number);
    if (Number(block.timestamp) < options.shownTime - tolerance) break;
    if (block.hash!.slice(2).startsWith(prefix)) {
      return timing(block, options.submitted, options.window);
    }
  }
  return {
    ok: false,
    reason: `no block with a hash starting ${prefix} within ${tolerance} s of ${formatIsoTime(options.shownTime)}`,
    window: options.window,
  };
}

/**
 * The signed variant: the signature over the block hash must recover to the submitting
 * address, the block must exist, the submission must come within the window, and when the
 * sign's value is given it must be a prefix of keccak256(signature).
 */
export async function checkSignedRenewalBlock(options: {
  client: PublicClient;
  blockHash: string;
  signature: string;
  submitter: string;
  submitted: number;
  window: number;
  shownHash?: string;
}): Promise<RenewalBlockCheck & { signer?: Address }> {
  if (!isHex(options.blockHash, { strict: true }) || options.blockHash.length !== 66) {
    throw new InputError(`block hash must be 0x and 64 hex digits, not ${options.blockHash}`);
  }
  if (!isHex(options.signature, { strict: true }) || options.signature.length !== 132) {
    throw new InputError("signature must be 0x and 130 hex digits (r, s, v)");
  }
  if (!isAddress(options.submitter, { strict: true })) {
    throw new InputError(`submitter ${options.submitter} is not an address (or its EIP-55 checksum is wrong)`);
  }
  const blockHash = options.blockHash.toLowerCase() as Hex;
  const signature = options.signature as Hex;
  let signer: Address;
  try {
    signer = await recoverMessageAddress({ message: { raw: blockHash }, signature });
  } catch {
    return { ok: false, reason: "the signature does not recover to any address", window: options.window };
  }
  if (signer !== getAddress(options.submitter)) {
    return {
      ok: false,
      reason: `the block hash was signed by ${signer}, not by the submitter`,
      signer,
      window: options.window,
    };
  }
  if (options.shownHash !== undefined) {
    const prefix = parseHashPrefix(options.shownHash, "shown hash");
    if (!keccak256(signature).slice(2).startsWith(prefix)) {
      return { ok: false, reason: "the sign does not show the hash of the signature", signer, window: options.window };
    }
  }
  let block: Block;
  try {
    block = await options.client.getBlock({ blockHash });
  } catch (error) {
    if (error instanceof BlockNotFoundError) {
      return { ok: false, reason: `no block ${blockHash} on this chain`, signer, window: options.window };
    }
    throw new ChainError(`the chain is unreachable: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
  return { ...timing(block, options.submitted, options.window), signer };
}
