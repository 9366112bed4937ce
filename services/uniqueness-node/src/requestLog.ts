import { constants } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { REQUEST_WINDOW_SECONDS } from "@pop/uniqueness/wire/envelope";
import { writeDurably } from "./slotFiles.js";

/**
 * The node's request log (docs/uniqueness.md#ordered-and-concurrent), two files in its data
 * directory: `requests.log`, one line "time requestId" for every request it accepted (a request
 * id is answered once), and `order.log`, one line "seq requestId digest" for every request given
 * its turn. Both are appended with an fsync and compacted when the node starts: request ids older
 * than twice the request window can no longer be replayed (their time is stale), and of the order
 * only the last sequence number matters after a restart.
 */

/** What a node reads back at start. */
export type RequestLog = { seen: Set<string>; lastSeq: number };

async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  // A torn last line (no newline) was never acknowledged: it is dropped.
  return text.split("\n").slice(0, -1);
}

async function appendLine(path: string, line: string): Promise<void> {
  const handle = await open(path, constants.O_CREAT | constants.O_APPEND | constants.O_WRONLY, 0o600);
  try {
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Reads and compacts the request log of a data directory.
 * @param dir the data directory
 * @param now the clock, Unix seconds
 */
export async function openRequestLog(dir: string, now: number): Promise<RequestLog> {
  const recent = (await readLines(`${dir}/requests.log`)).filter((line) => {
    const time = Number(line.split(" ")[0]);
    return Number.isSafeInteger(time) && now - time <= 2 * REQUEST_WINDOW_SECONDS;
  });
  await writeDurably(dir, "requests.log", new TextEncoder().encode(recent.map((line) => `${line}\n`).join("")));
  const order = await readLines(`${dir}/order.log`);
  const last = order.at(-1);
  const lastSeq = last === undefined ? 0 : Number(last.split(" ")[0]);
  await writeDurably(dir, "order.log", new TextEncoder().encode(last === undefined ? "" : `${last}\n`));
  return {
    seen: new Set(recent.map((line) => line.split(" ")[1]!)),
    lastSeq: Number.isSafeInteger(lastSeq) ? lastSeq : 0,
  };
}

/** Records that a request id was accepted. */
export function recordSeen(dir: string, time: number, requestId: string): Promise<void> {
  return appendLine(`${dir}/requests.log`, `${time} ${requestId}`);
}

/** Records a request's turn. */
export function recordOrder(dir: string, seq: number, requestId: string, digest: string): Promise<void> {
  return appendLine(`${dir}/order.log`, `${seq} ${requestId} ${digest}`);
}
