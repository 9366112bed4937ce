import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open } from "node:fs/promises";
import { InputError } from "./errors.js";

/** Why a file was refused. */
export type FileRefusal =
  | "missing"
  | "not-a-file"
  | "too-large"
  | "unreadable"
  | "not-text"
  | "exists"
  | "no-folder"
  | "unwritable"
  | "repeated";

/** What is being read, for messages ("transcript", "issuer file"), and the most bytes allowed. */
export type ReadOptions = { what: string; maxBytes: number };

/**
 * The InputError of a refused file, with the path, the reason and the system's code in details.
 * @param message the one-line message
 * @param path the file
 * @param reason why it was refused
 * @param code the system error code, when there is one
 */
export function refuse(message: string, path: string, reason: FileRefusal, code?: string): InputError {
  return new InputError(message, { details: { path, reason, ...(code === undefined ? {} : { code }) } });
}

/** What a stat says a path is, in words. */
export function fileKind(info: Stats): string {
  if (info.isFile()) return "a file";
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  if (info.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

function readError(error: unknown, path: string, what: string): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  if (code === "ENOENT") return refuse(`${what} ${path} does not exist`, path, "missing", code);
  if (code === "EACCES" || code === "EPERM") {
    return refuse(`cannot read ${what} ${path} (permission denied)`, path, "unreadable", code);
  }
  return refuse(`cannot read ${what} ${path}: ${code}`, path, "unreadable", code);
}

/**
 * Opens a file for reading and checks, on the open handle, that it is a regular file.
 * The caller closes the handle.
 * @param path the file
 * @param what what it should hold, for messages
 * @returns the handle and its size
 * @throws InputError when it does not exist, cannot be opened, or is not a regular file
 */
export async function openRegularFile(path: string, what: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw readError(error, path, what);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw refuse(`${what} ${path} is ${fileKind(info)}, not a file`, path, "not-a-file");
    }
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error instanceof InputError ? error : readError(error, path, what);
  }
}

/**
 * Reads a regular file of at most `maxBytes` bytes (see the module comment for what is
 * refused before reading).
 * @param path the file
 * @param options what it is and its size limit
 * @returns its bytes
 * @throws InputError naming the file
 */
export async function readRegularFile(path: string, options: ReadOptions): Promise<Uint8Array> {
  const { handle, size } = await openRegularFile(path, options.what);
  const tooLarge = () => refuse(`${options.what} ${path} is over ${options.maxBytes} bytes`, path, "too-large");
  try {
    if (size > options.maxBytes) throw tooLarge();
    // Read to the end, but never more than one byte past the limit.
    let buffer = Buffer.alloc(Math.min(options.maxBytes + 1, Math.max(size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // The file grew since fstat (or reported no size): grow up to one byte past the limit.
        const larger = Buffer.alloc(Math.min(options.maxBytes + 1, buffer.length * 2));
        buffer.copy(larger);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > options.maxBytes) throw tooLarge();
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  } catch (error) {
    throw error instanceof InputError ? error : readError(error, path, options.what);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a regular file as UTF-8 text (refusing invalid UTF-8).
 * @param path the file
 * @param options what it is and its size limit in bytes
 * @returns the text
 * @throws InputError naming the file
 */
export async function readTextFile(path: string, options: ReadOptions): Promise<string> {
  const bytes = await readRegularFile(path, options);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refuse(`${options.what} ${path} is not UTF-8 text`, path, "not-text");
  }
}

/**
 * Whether anything is at `path`, without following a final symbolic link: a dangling link
 * exists (writing there would replace the link).
 * @param path the path
 * @returns true when lstat finds an entry
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
