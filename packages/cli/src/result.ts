import type { PopError } from "@pop/core/errors";

/**
 * What a command prints on stdout (JSON, or `text` as it is when the user asked for text) and
 * the exit code: 0 success, 1 a negative answer. A negative answer also prints one line on
 * stderr: `summary`, or the output's `reason` when it has one.
 */
export type CommandResult = { output: unknown; text?: string; exitCode?: 0 | 1; summary?: string };

/** Writes a progress line on stderr (stdout stays pure JSON). */
export function progress(message: string): void {
  process.stderr.write(`pop: ${message}\n`);
}

/** Collapses a message to one line: the CLI prints exactly one line per failure. */
export function oneLine(message: string): string {
  return message.replace(/\s+/g, " ").trim();
}

/** Detail keys never printed, whatever an error carries: they may name a secret. */
const SECRET_KEY = /private|secret|password|mnemonic|seed|passphrase/i;

/** Details larger than this are left out: stdout carries a short answer, not a dump. */
const MAX_DETAILS_CHARS = 4096;

/**
 * An error's details as JSON text, or undefined when they are empty, cannot be serialised
 * (a cycle, a function) or are too large. Bigints become decimal strings; a key that may name
 * a secret is dropped at any depth.
 */
function detailsJson(details: Record<string, unknown>): string | undefined {
  if (Object.keys(details).length === 0) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(details, (key, value: unknown) => {
      if (SECRET_KEY.test(key)) return undefined;
      if (typeof value === "bigint") return value.toString();
      if (typeof value === "function" || typeof value === "symbol") throw new TypeError("not JSON");
      return value;
    });
  } catch {
    return undefined;
  }
  return text === undefined || text === "{}" || text.length > MAX_DETAILS_CHARS ? undefined : text;
}

/**
 * What stdout carries when a command fails with a PopError that is not bad input (exit 1):
 * `{"error": {"name", "message", "details"?}}`, the message the one stderr line also shows.
 * @param error the error
 * @returns the JSON value
 */
export function errorOutput(error: PopError): { error: { name: string; message: string; details?: unknown } } {
  const details = detailsJson(error.details);
  return {
    error: {
      name: error.name,
      message: oneLine(error.shortMessage),
      ...(details === undefined ? {} : { details: JSON.parse(details) as unknown }),
    },
  };
}

/**
 * The stderr line of a negative answer: the result's summary, or its output's reason.
 * @param result the command's result
 * @param name the command's words, for the fallback
 * @returns the line's text (without "pop: ")
 */
export function negativeSummary(result: CommandResult, name: string): string {
  if (result.summary !== undefined) return oneLine(result.summary);
  const output = result.output as { reason?: unknown } | undefined;
  if (typeof output === "object" && output !== null && typeof output.reason === "string" && output.reason !== "") {
    return oneLine(output.reason);
  }
  return `${name}: a negative answer (exit 1)`;
}
