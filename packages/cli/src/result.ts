/**
 * What a command prints on stdout (JSON, or `text` as it is when the user asked for text) and
 * the exit code: 0 success, 1 a negative answer.
 */
export type CommandResult = { output: unknown; text?: string; exitCode?: 0 | 1 };

/** Writes a progress line on stderr (stdout stays pure JSON). */
export function progress(message: string): void {
  process.stderr.write(`pop: ${message}\n`);
}
