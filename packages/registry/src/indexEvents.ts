/**
 * The registry index's tables and how each HumanityRegistry event changes them (RegistryIndexer
 * applies a chunk of events in one transaction). The events themselves are kept too, so a
 * reorganisation is undone by replaying those still on the chain (indexStore.ts).
 */
import { REMOVAL_CAUSES } from "@pop/contracts/generated/enums";
import type Database from "better-sqlite3";
import { getAddress } from "viem";

/**
 * The layout of the index file, recorded in its meta table: version 2 held each humanity's and
 * each request's nullifier commitment (protocol v2); version 3 adds a humanity's away flag,
 * report time and inadmissibility, each request's processed vouchers, and the applied events
 * and block hashes that undo a reorganisation. A file of another version is refused.
 */
export const INDEX_SCHEMA_VERSION = "3";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS humanities (
  id TEXT PRIMARY KEY, owner TEXT, expiration INTEGER NOT NULL DEFAULT 0, commitment TEXT, nullifier_commitment TEXT,
  last_removal INTEGER, vouches INTEGER NOT NULL DEFAULT 0, vouchallenges INTEGER NOT NULL DEFAULT 0,
  since_removal INTEGER NOT NULL DEFAULT 0, times_removed INTEGER NOT NULL DEFAULT 0,
  away INTEGER NOT NULL DEFAULT 0, reported_at INTEGER, inadmissible_until INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY, humanity TEXT NOT NULL, requester TEXT NOT NULL, kind INTEGER NOT NULL,
  status INTEGER NOT NULL, winner INTEGER NOT NULL DEFAULT 0, evidence TEXT NOT NULL, commitment TEXT NOT NULL,
  nullifier_commitment TEXT NOT NULL, period_start INTEGER NOT NULL DEFAULT 0, processed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS requests_by_humanity ON requests (humanity);
CREATE TABLE IF NOT EXISTS vouches (
  voucher TEXT NOT NULL, claimer TEXT NOT NULL, humanity TEXT NOT NULL, PRIMARY KEY (voucher, claimer, humanity));
CREATE TABLE IF NOT EXISTS vouch_uses (request INTEGER NOT NULL, voucher TEXT NOT NULL, position INTEGER NOT NULL,
  counted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (request, voucher));
CREATE INDEX IF NOT EXISTS vouch_uses_by_voucher ON vouch_uses (voucher);
CREATE TABLE IF NOT EXISTS challenges (
  request INTEGER NOT NULL, idx INTEGER NOT NULL, reason INTEGER NOT NULL, duplicate TEXT, challenger TEXT NOT NULL,
  dispute INTEGER NOT NULL, winner INTEGER, PRIMARY KEY (request, idx));
CREATE TABLE IF NOT EXISTS events (
  block INTEGER NOT NULL, log_index INTEGER NOT NULL, name TEXT NOT NULL, args TEXT NOT NULL, block_time INTEGER,
  PRIMARY KEY (block, log_index));
CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, hash TEXT NOT NULL);
`;

/** The tables the events build: emptied and rebuilt from the kept events after a reorganisation. */
export const STATE_TABLES = ["humanities", "requests", "vouches", "vouch_uses", "challenges"] as const;

/** A row, or an event's arguments, by name. */
export type Row = Record<string, unknown>;

/**
 * A registry event as the index applies it: its name, its arguments (bigints as decimal text,
 * as they are kept) and the time of its block where the contract records that time
 * (`VouchallengerReported` sets `reportedAt` to it), null otherwise.
 */
export type IndexedEvent = { name: string; args: Row; blockTime: number | null };
const ZERO_ID = "0x0000000000000000000000000000000000000000";

/**
 * Applies one registry event to the index: the state the tables keep mirrors the contract's.
 * @param db the index
 * @param event the event (others than the registry's state changes are ignored)
 */
export function applyEvent(db: Database.Database, event: IndexedEvent): void {
  const { args } = event;
  const id = (value: unknown) => String(value).toLowerCase();
  const ensure = (humanity: string) => db.prepare("INSERT OR IGNORE INTO humanities (id) VALUES (?)").run(humanity);
  const setHumanity = (columns: string, ...values: unknown[]) => {
    ensure(id(args.humanityId));
    db.prepare(`UPDATE humanities SET ${columns} WHERE id = ?`).run(...values, id(args.humanityId));
  };
  switch (event.name) {
    case "RequestOpened":
      ensure(id(args.humanityId));
      db.prepare(
        "INSERT INTO requests (id, humanity, requester, kind, status, evidence, commitment, nullifier_commitment) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
      ).run(
        Number(args.requestId),
        id(args.humanityId),
        getAddress(args.requester as string),
        Number(args.kind),
        String(args.evidence),
        String(args.commitment),
        String(args.nullifierCommitment),
      );
      return;
    case "ChallengePeriodStarted":
      db.prepare("UPDATE requests SET status = 2, period_start = ? WHERE id = ?").run(
        Number(args.start),
        Number(args.requestId),
      );
      return;
    case "VouchAdded":
      db.prepare("INSERT OR IGNORE INTO vouches (voucher, claimer, humanity) VALUES (?, ?, ?)").run(
        id(args.voucher),
        getAddress(args.claimer as string),
        id(args.humanityId),
      );
      return;
    case "VouchRemoved":
      db.prepare("DELETE FROM vouches WHERE voucher = ? AND claimer = ? AND humanity = ?").run(
        id(args.voucher),
        getAddress(args.claimer as string),
        id(args.humanityId),
      );
      return;
    case "VouchUsed": {
      const position = db
        .prepare("SELECT COUNT(*) AS n FROM vouch_uses WHERE request = ?")
        .get(Number(args.requestId)) as {
        n: number;
      };
      ensure(id(args.voucher));
      db.prepare("INSERT INTO vouch_uses (request, voucher, position) VALUES (?, ?, ?)").run(
        Number(args.requestId),
        id(args.voucher),
        position.n,
      );
      db.prepare("UPDATE humanities SET vouches = vouches + 1 WHERE id = ?").run(id(args.voucher));
      return;
    }
    case "RequestChallenged":
      db.prepare(
        "INSERT INTO challenges (request, idx, reason, duplicate, challenger, dispute) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(
        Number(args.requestId),
        Number(args.challengeIndex),
        Number(args.reason),
        id(args.duplicate) === ZERO_ID ? null : id(args.duplicate),
        getAddress(args.challenger as string),
        Number(args.disputeId),
      );
      db.prepare("UPDATE requests SET status = 3 WHERE id = ?").run(Number(args.requestId));
      return;
    case "ChallengeRuled":
      db.prepare("UPDATE challenges SET winner = ? WHERE request = ? AND idx = ?").run(
        Number(args.winner),
        Number(args.requestId),
        Number(args.challengeIndex),
      );
      // A requester win or a refusal sends the request back to its (restarted or ended) period.
      if (Number(args.winner) !== 2) {
        db.prepare("UPDATE requests SET status = 2, period_start = 0 WHERE id = ?").run(Number(args.requestId));
      }
      return;
    case "RequestResolved":
      db.prepare("UPDATE requests SET status = 4, winner = ? WHERE id = ?").run(
        Number(args.winner),
        Number(args.requestId),
      );
      return;
    case "RequestWithdrawn":
      db.prepare("UPDATE requests SET status = 5 WHERE id = ?").run(Number(args.requestId));
      return;
    case "HumanityRegistered":
      ensure(id(args.humanityId));
      db.prepare(
        "UPDATE humanities SET owner = ?, expiration = ?, commitment = ?, nullifier_commitment = ? WHERE id = ?",
      ).run(
        getAddress(args.owner as string),
        Number(args.expirationTime),
        String(args.commitment),
        String(args.nullifierCommitment),
        id(args.humanityId),
      );
      return;
    case "HumanityRemoved": {
      // The humanity keeps its N: a reclaim must present it. A removal ends a report (_remove).
      const cause = Number(args.cause);
      db.prepare(
        "UPDATE humanities SET owner = NULL, expiration = 0, commitment = NULL, last_removal = ?, reported_at = NULL WHERE id = ?",
      ).run(cause, id(args.humanityId));
      if (REMOVAL_CAUSES[cause] === "vouchallenger") {
        db.prepare("UPDATE humanities SET times_removed = times_removed + 1, since_removal = 0 WHERE id = ?").run(
          id(args.humanityId),
        );
      }
      return;
    }
    case "VouchallengeCounted":
      db.prepare(
        "UPDATE humanities SET vouchallenges = vouchallenges + 1, since_removal = since_removal + (times_removed > 0) WHERE id = ?",
      ).run(id(args.voucher));
      db.prepare("UPDATE vouch_uses SET counted = 1 WHERE request = ? AND voucher = ?").run(
        Number(args.requestId),
        id(args.voucher),
      );
      return;
    case "WhitehatRefund":
      db.prepare(
        "UPDATE humanities SET vouchallenges = vouchallenges - 1, since_removal = MAX(since_removal - 1, 0) WHERE id = ?",
      ).run(id(args.voucher));
      db.prepare("UPDATE vouch_uses SET counted = 0 WHERE request = ? AND voucher = ?").run(
        Number(args.requestId),
        id(args.voucher),
      );
      return;
    case "VouchersProcessed":
      // `processed` counts the request's vouchers released so far, in their VouchUsed order.
      db.prepare("UPDATE requests SET processed = ? WHERE id = ?").run(Number(args.processed), Number(args.requestId));
      return;
    case "VouchallengerReported":
      setHumanity("reported_at = ?", event.blockTime);
      return;
    case "VouchallengerCleared":
      setHumanity("reported_at = NULL");
      return;
    case "HumanityInadmissible":
      setHumanity("inadmissible_until = ?", Number(args.until));
      return;
    case "HumanityAway":
      setHumanity("away = ?", args.away === true ? 1 : 0);
      return;
    default:
      return;
  }
}
