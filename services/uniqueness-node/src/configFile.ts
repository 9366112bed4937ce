import { readTextFile } from "@pop/core/files";
import { parseJson } from "@pop/core/json";

/** node-key.json and cluster.json are a few hundred bytes; anything near this is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads one of a node's JSON files: a regular file (a FIFO, a device or a directory is refused
 * before reading), of a sane size, strict JSON, with errors that name the file.
 * @param path the file
 * @param what what it holds, for messages ("node key file")
 * @returns the parsed JSON
 * @throws InputError naming the file
 */
export async function readConfigJson(path: string, what: string): Promise<unknown> {
  return parseJson(await readTextFile(path, { what, maxBytes: MAX_CONFIG_BYTES }), `${what} ${path}`);
}
