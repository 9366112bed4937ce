import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { open, readFile, rename, rm, stat } from "node:fs/promises";
import { InputError } from "@pop/core/errors";
import { parseJson } from "@pop/core/json";

/** Largest JSON file the CLI reads: a 2^20-member set is ~80 MB; refuse anything absurd. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Reads and parses a JSON file, with errors that name the file and never a stack trace.
 * @param path the file
 * @param what what the file should hold, for messages ("identity file")
 */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new InputError(`${what} ${path} is not a file`);
    }
    if (info.size > MAX_FILE_BYTES) {
      throw new InputError(`${what} ${path} is too large`);
    }
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? `${what} ${path} does not exist` : `cannot read ${what} ${path} (${code ?? "error"})`,
    );
  }
  return parseJson(text, `${what} ${path}`);
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes JSON atomically: to a temporary file in the same directory, then renamed over the
 * target, so a crash never leaves a half-written file.
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
  if (!options.overwrite && (await exists(path))) {
    throw new InputError(`${path} already exists (pass --force to replace it)`);
  }
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const mode = options.mode ?? 0o644;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close();
    await rm(temporary, { force: true });
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write ${path} (${code ?? "error"})`);
  }
}
