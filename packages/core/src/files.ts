/**
 * Files (Node only): reading a file the user named without ever blocking or swallowing a
 * device, and writing one or several files all-or-nothing. Every failure is an InputError
 * that names the file, with `details.reason` for a program.
 *
 * Reading opens first and asks the open handle what it is (fstat), so the answer is about
 * the file actually read: a FIFO or a device opened with O_NONBLOCK returns at once and is
 * refused before a byte is read; a regular file is read only when fstat's size is within the
 * limit, and never past it (a file that grows, or a /proc file that reports 0, cannot slip by).
 */
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { type FileHandle, link, lstat, mkdir, open, rename, rmdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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

function refuse(message: string, path: string, reason: FileRefusal, code?: string): InputError {
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

/** One file to write: its path, its content and its mode (0644 by default). */
export type FileToWrite = { path: string; content: string | Uint8Array; mode?: number };

/** How to write: whether existing files may be replaced, and folders to create first. */
export type WriteOptions = {
  overwrite: boolean;
  /** Folders to create (mode 0700 unless given) before writing, removed again on failure. */
  directories?: readonly { path: string; mode?: number }[];
};

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    // ENOTDIR: a folder on the way is a file; the folder check names it.
    const missing = ["ENOENT", "ENOTDIR"];
    if (missing.includes((error as NodeJS.ErrnoException).code ?? "")) return undefined;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw refuse(`cannot write ${path}: ${code}`, path, "unwritable", code);
  }
}

/** Checks every target before anything is written; returns which ones exist already. */
async function checkTargets(files: readonly FileToWrite[], options: WriteOptions): Promise<boolean[]> {
  const planned = new Set((options.directories ?? []).map((directory) => directory.path));
  for (const directory of options.directories ?? []) {
    const info = await lstatOrUndefined(directory.path);
    if (info !== undefined && !info.isDirectory()) {
      throw refuse(`cannot create the folder ${directory.path}: it is ${fileKind(info)}`, directory.path, "no-folder");
    }
    if (info !== undefined) planned.delete(directory.path);
  }
  const seen = new Set<string>();
  const existing: boolean[] = [];
  for (const file of files) {
    if (seen.has(file.path)) {
      throw refuse(`${file.path} is written twice`, file.path, "repeated");
    }
    seen.add(file.path);
    const info = await lstatOrUndefined(file.path);
    // Only a regular file or a symbolic link (the link itself) is ever replaced: never a
    // directory, a FIFO or a device node such as /dev/zero.
    if (info !== undefined && !info.isFile() && !info.isSymbolicLink()) {
      throw refuse(`cannot write ${file.path}: it is ${fileKind(info)}`, file.path, "not-a-file");
    }
    if (info !== undefined && !options.overwrite) {
      throw refuse(`${file.path} already exists (pass --force to replace it)`, file.path, "exists");
    }
    existing.push(info !== undefined);
    const folder = dirname(file.path);
    if (!planned.has(folder)) {
      let folderInfo: Stats;
      try {
        folderInfo = await stat(folder);
      } catch {
        throw refuse(`cannot write ${file.path}: the folder ${folder} does not exist`, file.path, "no-folder");
      }
      if (!folderInfo.isDirectory()) {
        throw refuse(`cannot write ${file.path}: ${folder} is not a folder`, file.path, "no-folder");
      }
    }
  }
  return existing;
}

/**
 * Checks, without writing anything, that writeFilesAtomically would accept these targets: so
 * a command can refuse a bad output path before it spends time on the content.
 * @param paths the targets
 * @param options whether existing files may be replaced
 * @throws InputError naming the target at fault
 */
export async function checkWritable(paths: readonly string[], options: WriteOptions): Promise<void> {
  await checkTargets(
    paths.map((path) => ({ path, content: "" })),
    options,
  );
}

function temporaryPath(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.${suffix}`);
}

async function writeTemporary(file: FileToWrite): Promise<string> {
  const temporary = temporaryPath(file.path, "tmp");
  const mode = file.mode ?? 0o644;
  const handle = await open(
    temporary,
    constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW,
    mode,
  );
  try {
    await handle.writeFile(file.content);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temporary;
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Writes several files all-or-nothing. Every target is checked first (an existing one without
 * `overwrite`, one that is a directory, a missing folder, a path given twice); then each file
 * is written to a temporary file beside it and synced, and only then renamed over its
 * target. A rename replaces a symbolic link at the target, never writes through it. When
 * anything fails, no new file remains: temporary files are removed, files that did not exist
 * are removed again, replaced ones are restored from hard-link backups, and created folders
 * are removed.
 * @param files the files
 * @param options whether existing files may be replaced, and folders to create
 * @throws InputError naming the file at fault
 */
export async function writeFilesAtomically(files: readonly FileToWrite[], options: WriteOptions): Promise<void> {
  const existed = await checkTargets(files, options);
  const createdFolders: string[] = [];
  const temporaries: string[] = [];
  const backups: (string | undefined)[] = [];
  let renamed = 0;
  let current = files[0]?.path ?? "";
  try {
    for (const directory of options.directories ?? []) {
      current = directory.path;
      if (!(await pathExists(directory.path))) {
        await mkdir(directory.path, { mode: directory.mode ?? 0o700 });
        createdFolders.push(directory.path);
      }
    }
    for (const file of files) {
      current = file.path;
      temporaries.push(await writeTemporary(file));
    }
    for (const [i, file] of files.entries()) {
      current = file.path;
      let backup: string | undefined;
      if (existed[i]) {
        backup = temporaryPath(file.path, "bak");
        await link(file.path, backup).catch(() => {
          backup = undefined;
        });
      }
      backups.push(backup);
      await rename(temporaries[i]!, file.path);
      renamed++;
    }
  } catch (error) {
    for (const temporary of temporaries.slice(renamed)) await removeQuietly(temporary);
    for (let i = 0; i < renamed; i++) {
      const backup = backups[i];
      if (backup !== undefined) await rename(backup, files[i]!.path).catch(() => undefined);
      else if (!existed[i]) await removeQuietly(files[i]!.path);
    }
    for (const backup of backups.slice(renamed)) if (backup !== undefined) await removeQuietly(backup);
    for (const folder of createdFolders.reverse()) await rmdir(folder).catch(() => undefined);
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw refuse(`cannot write ${current} (${code})`, current, "unwritable", code);
  }
  for (const backup of backups) if (backup !== undefined) await removeQuietly(backup);
}

/**
 * Writes one file atomically (see writeFilesAtomically).
 * @param path the target
 * @param content its content
 * @param options `mode` (0644 by default) and whether an existing file may be replaced
 */
export async function writeFileAtomically(
  path: string,
  content: string | Uint8Array,
  options: { mode?: number; overwrite: boolean },
): Promise<void> {
  await writeFilesAtomically([{ path, content, ...(options.mode === undefined ? {} : { mode: options.mode }) }], {
    overwrite: options.overwrite,
  });
}
