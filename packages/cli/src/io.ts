import { readTextFile } from "@pop/core/files";
import { parseJson } from "@pop/core/json";
import { type FileToWrite, type WriteOptions, writeFilesAtomically } from "@pop/core/writeFiles";

/** Largest JSON file the CLI reads: a 2^20-member set is ~80 MB; refuse anything absurd. */
export const MAX_JSON_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Reads and parses a JSON file strictly: a FIFO, a device or a directory is refused before
 * reading, the size is checked before reading, and duplicate keys are refused (see
 * @pop/core/files and @pop/core/json); errors name the file and never carry a stack trace.
 * @param path the file
 * @param what what the file should hold, for messages ("identity file")
 * @returns the parsed JSON
 */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  const text = await readTextFile(path, { what, maxBytes: MAX_JSON_FILE_BYTES });
  return parseJson(text, `${what} ${path}`);
}

/** The text the CLI writes for a JSON value: two-space indented, one final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes JSON atomically: to a temporary file in the same directory, then renamed over the
 * target, so a crash never leaves a half-written file and a symbolic link at the target is
 * replaced, never written through.
 * @param path the target
 * @param value the JSON value
 * @param options.mode file mode (0o600 for files that hold secrets)
 * @param options.overwrite whether an existing file may be replaced
 */
export async function writeJsonFile(
  path: string,
  value: unknown,
  options: { mode?: number; overwrite: boolean },
): Promise<void> {
  await writeJsonFiles([{ path, value, ...(options.mode === undefined ? {} : { mode: options.mode }) }], {
    overwrite: options.overwrite,
  });
}

/**
 * Writes several JSON files all-or-nothing: every target is checked first, and when any
 * write fails no new file remains (see writeFilesAtomically in @pop/core/files).
 * @param files each file's path, JSON value and mode
 * @param options whether existing files may be replaced, and folders to create first
 */
export async function writeJsonFiles(
  files: readonly { path: string; value: unknown; mode?: number }[],
  options: WriteOptions,
): Promise<void> {
  const texts: FileToWrite[] = files.map(({ path, value, mode }) => ({
    path,
    content: jsonText(value),
    ...(mode === undefined ? {} : { mode }),
  }));
  await writeFilesAtomically(texts, options);
}
