import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";

/**
 * Type, mode and content hash (or link target) of `root` (as ".") and every entry under it,
 * recursively: what a test compares to show that a refused command changed nothing.
 * @param root the folder
 * @returns path (relative to root) → "dir 700", "file 600 <sha256>", "link -> target", "fifo 644"
 */
export async function treeSnapshot(root: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  const visit = async (path: string) => {
    const info = await lstat(join(root, path));
    const mode = (info.mode & 0o7777).toString(8);
    if (info.isSymbolicLink()) entries[path] = `link -> ${await readlink(join(root, path))}`;
    else if (info.isFIFO()) entries[path] = `fifo ${mode}`;
    else if (info.isDirectory()) {
      entries[path] = `dir ${mode}`;
      for (const name of (await readdir(join(root, path))).sort()) await visit(path === "." ? name : join(path, name));
    } else {
      const hash = createHash("sha256")
        .update(await readFile(join(root, path)))
        .digest("hex");
      entries[path] = `file ${mode} ${hash}`;
    }
  };
  await visit(".");
  return entries;
}
