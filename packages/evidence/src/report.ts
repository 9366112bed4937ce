import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";

/** One policy rule's outcome in an evidence report. */
export type RuleStatus = "pass" | "fail" | "warn";

export type RuleResult = {
  /** Short name of the rule, e.g. "photo size". */
  rule: string;
  /** The policy section it enforces, e.g. "v2 2.A". */
  policy: string;
  status: RuleStatus;
  /** What was measured (sizes, scores, angles), so a curator can see why. */
  measured: Record<string, unknown>;
  /** One sentence for people. */
  message: string;
};

/** A three-way threshold: pass at or beyond `pass`, warn at or beyond `warn`, else fail. */
export function grade(value: number, pass: number, warn: number, higherIsBetter = true): RuleStatus {
  const at = (limit: number) => (higherIsBetter ? value >= limit : value <= limit);
  return at(pass) ? "pass" : at(warn) ? "warn" : "fail";
}

/** The worst status of several (fail > warn > pass). */
export function worst(statuses: readonly RuleStatus[]): RuleStatus {
  return statuses.includes("fail") ? "fail" : statuses.includes("warn") ? "warn" : "pass";
}

/** A rule's outcome. */
export function rule(
  name: string,
  policy: string,
  status: RuleStatus,
  message: string,
  measured: Record<string, unknown> = {},
): RuleResult {
  return { rule: name, policy, status, measured, message };
}

/** The median of some measurements (the mean of the middle two for an even count; 0 for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds a measurement to two decimals for the report. */
export const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The size of a media file, or the failed rule that says why it cannot be read (missing,
 * unreadable, not a regular file). The file is opened (O_NONBLOCK, so a FIFO or a device
 * answers at once) and the open handle is asked what it is; nothing is read from it.
 * @param path the file
 * @param what "photo" or "video", for the rule's name
 * @param policy the section the media falls under
 * @returns its size in bytes, or the failed rule
 */
export async function mediaSize(path: string, what: string, policy: string): Promise<number | RuleResult> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const info = await handle.stat();
    return info.isFile() ? info.size : rule(`${what} file`, policy, "fail", `${path} is not a file`);
  } catch (error) {
    return rule(`${what} file`, policy, "fail", `cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`);
  } finally {
    await handle?.close();
  }
}
