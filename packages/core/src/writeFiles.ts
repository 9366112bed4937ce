/**
 * Writing one or several files all-or-nothing (Node only): every target is checked before
 * anything is written, each file goes to a synced temporary beside it and is renamed over its
 * target only when all are written, and on failure nothing new remains. Every refusal is an
 * InputError that names the file (see files.ts for reading).
 */
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { link, lstat, mkdir, open, rename, rmdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "./errors.js";
import { fileKind, pathExists, refuse } from "./files.js";

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
