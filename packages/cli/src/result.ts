/** What a command prints on stdout (JSON) and the exit code: 0 success, 1 a negative answer. */
export type CommandResult = { output: unknown; exitCode?: 0 | 1 };

/** Writes a progress line on stderr (stdout stays pure JSON). */
export function progress(message: string): void {
  process.stderr.write(`pop: ${message}\n`);
}
