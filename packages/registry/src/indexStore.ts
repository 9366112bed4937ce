/**
 * The index file's side of a sync: where it stands (the cursor), a chunk of events applied
 * together with the cursor's move, and a reorganisation undone. Each write is one IMMEDIATE
 * transaction that first checks the cursor it was computed from, so two syncs of one file (two
 * indexers, two processes, or two `sync` calls at once) never apply a chunk twice: the one that
 * comes second finds the cursor moved and reads again from where the first left it.
 */
import { InputError } from "@pop/core/errors";
import Database from "better-sqlite3";
import type { Address, Hex } from "viem";
import { applyEvent, INDEX_SCHEMA_VERSION, type Row, SCHEMA, STATE_TABLES } from "./indexEvents.js";

/** Where an index stands: the next block to read, and the hash it recorded for the block before (null: none). */
export type Cursor = { next: bigint; hash: Hex | null };

/** A block the index recorded, with the hash it had then. */
export type RecordedBlock = { number: bigint; hash: Hex };

/** A registry event read from the chain, with where it is. */
export type ChainEvent = {
  block: bigint;
  blockHash: Hex;
  logIndex: number;
  name: string;
  args: Row;
  blockTime: number | null;
};

/**
 * Opens an index file, creating its tables when it is new (in one write transaction: another
 * process may be creating it too).
 * @param params.fromBlock the registry's deployment block: where a new index starts
 * @throws InputError when the file is no SQLite file, indexes another registry or chain, or is
 *   of another index version (INDEX_SCHEMA_VERSION), which is left unchanged
 */
export function openIndexFile(params: {
  path: string;
  registry: Address;
  chainId: number;
  fromBlock: bigint;
}): Database.Database {
  const { path, registry } = params;
  const chainId = String(params.chainId);
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma("journal_mode = WAL");
    const file = db;
    const meta = (key: string) =>
      (file.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
    file
      .transaction(() => {
        const made = file.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
        if (made !== undefined) return;
        file.exec(SCHEMA);
        const insert = file.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
        insert.run("registry", registry);
        insert.run("chainId", chainId);
        insert.run("fromBlock", String(params.fromBlock));
        insert.run("nextBlock", String(params.fromBlock));
        insert.run("schema", INDEX_SCHEMA_VERSION);
      })
      .immediate();
    if (meta("schema") !== INDEX_SCHEMA_VERSION) {
      // Version 1 files (no schema key) index protocol v1 registries: no nullifier commitments.
      throw new InputError(
        `${path} is an index of version ${meta("schema") ?? 1}, not ${INDEX_SCHEMA_VERSION}: delete it and sync again`,
      );
    }
    if (meta("registry") !== registry || meta("chainId") !== chainId) {
      throw new InputError(
        `${path} indexes registry ${meta("registry")} on chain ${meta("chainId")}, not ${registry} on chain ${chainId}`,
      );
    }
    return file;
  } catch (error) {
    db?.close();
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot open index ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** The index's cursor. */
export function readCursor(db: Database.Database): Cursor {
  const next = BigInt((db.prepare("SELECT value FROM meta WHERE key = 'nextBlock'").get() as { value: string }).value);
  const row = db.prepare("SELECT hash FROM blocks WHERE number = ?").get(next - 1n) as { hash: Hex } | undefined;
  return { next, hash: row?.hash ?? null };
}

const sameCursor = (a: Cursor, b: Cursor) => a.next === b.next && a.hash === b.hash;

/** Event arguments as the index keeps them: JSON, bigints as decimal text. */
const keep = (args: Row) => JSON.stringify(args, (_, value) => (typeof value === "bigint" ? String(value) : value));

/**
 * Applies the events of blocks `cursor.next`…`to` and moves the cursor past them, in one
 * transaction, unless the cursor is no longer `cursor` (another sync moved it first).
 * @param params.toHash the hash of block `to`, recorded with the hash of each block holding an event
 * @returns whether the chunk was applied
 */
export function applyChunk(
  db: Database.Database,
  params: { cursor: Cursor; to: bigint; toHash: Hex; events: ChainEvent[] },
): boolean {
  const insertEvent = db.prepare(
    "INSERT INTO events (block, log_index, name, args, block_time) VALUES (?, ?, ?, ?, ?)",
  );
  const recordBlock = db.prepare("INSERT OR REPLACE INTO blocks (number, hash) VALUES (?, ?)");
  return db
    .transaction(() => {
      if (!sameCursor(readCursor(db), params.cursor)) return false;
      for (const event of params.events) {
        const args = keep(event.args);
        insertEvent.run(event.block, event.logIndex, event.name, args, event.blockTime);
        recordBlock.run(event.block, event.blockHash);
        // Applied from the kept form, so a replay after a reorganisation applies the same values.
        applyEvent(db, { name: event.name, args: JSON.parse(args) as Row, blockTime: event.blockTime });
      }
      recordBlock.run(params.to, params.toHash);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'nextBlock'").run(String(params.to + 1n));
      return true;
    })
    .immediate();
}

/** The blocks the index recorded, oldest first. */
export function recordedBlocks(db: Database.Database): RecordedBlock[] {
  return (db.prepare("SELECT number, hash FROM blocks ORDER BY number").all() as { number: number; hash: Hex }[]).map(
    (row) => ({ number: BigInt(row.number), hash: row.hash }),
  );
}

/**
 * Undoes every block after `kept`: its events and recorded hashes go, the state tables are
 * rebuilt from the events left, and the cursor moves to `kept + 1`; in one transaction, unless
 * the cursor is no longer `cursor`.
 * @param params.kept the newest block still on the chain (the registry's deployment block − 1 when none is)
 * @returns whether it rolled back
 */
export function rollBack(db: Database.Database, params: { cursor: Cursor; kept: bigint }): boolean {
  return db
    .transaction(() => {
      if (!sameCursor(readCursor(db), params.cursor)) return false;
      db.prepare("DELETE FROM events WHERE block > ?").run(params.kept);
      db.prepare("DELETE FROM blocks WHERE number > ?").run(params.kept);
      for (const table of STATE_TABLES) db.prepare(`DELETE FROM ${table}`).run();
      const events = db.prepare("SELECT name, args, block_time FROM events ORDER BY block, log_index").all() as {
        name: string;
        args: string;
        block_time: number | null;
      }[];
      for (const event of events) {
        applyEvent(db, { name: event.name, args: JSON.parse(event.args) as Row, blockTime: event.block_time });
      }
      db.prepare("UPDATE meta SET value = ? WHERE key = 'nextBlock'").run(String(params.kept + 1n));
      return true;
    })
    .immediate();
}
