/**
 * The registry index's tables and how each HumanityRegistry event changes them (RegistryIndexer
 * applies a chunk of events in one transaction).
 */
import { REMOVAL_CAUSES } from "@pop/contracts/generated/enums";
import type Database from "better-sqlite3";
import { getAddress } from "viem";

/**
 * The layout of the index file, recorded in its meta table: version 2 holds each humanity's and
 * each request's nullifier commitment (protocol v2). A file of another version is refused.
 */
export const INDEX_SCHEMA_VERSION = "2";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS humanities (
  id TEXT PRIMARY KEY, owner TEXT, expiration INTEGER NOT NULL DEFAULT 0, commitment TEXT, nullifier_commitment TEXT,
  last_removal INTEGER, vouches INTEGER NOT NULL DEFAULT 0, vouchallenges INTEGER NOT NULL DEFAULT 0,
  since_removal INTEGER NOT NULL DEFAULT 0, times_removed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY, humanity TEXT NOT NULL, requester TEXT NOT NULL, kind INTEGER NOT NULL,
  status INTEGER NOT NULL, winner INTEGER NOT NULL DEFAULT 0, evidence TEXT NOT NULL, commitment TEXT NOT NULL,
  nullifier_commitment TEXT NOT NULL, period_start INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS requests_by_humanity ON requests (humanity);
CREATE TABLE IF NOT EXISTS vouches (
  voucher TEXT NOT NULL, claimer TEXT NOT NULL, humanity TEXT NOT NULL, PRIMARY KEY (voucher, claimer, humanity));
CREATE TABLE IF NOT EXISTS vouch_uses (request INTEGER NOT NULL, voucher TEXT NOT NULL, position INTEGER NOT NULL,
  counted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (request, voucher));
CREATE TABLE IF NOT EXISTS challenges (
  request INTEGER NOT NULL, idx INTEGER NOT NULL, reason INTEGER NOT NULL, duplicate TEXT, challenger TEXT NOT NULL,
  dispute INTEGER NOT NULL, winner INTEGER, PRIMARY KEY (request, idx));
`;

/** A row, or an event's arguments, by name. */
export type Row = Record<string, unknown>;
const ZERO_ID = "0x0000000000000000000000000000000000000000";

/**
 * Applies one registry event to the index: the state the tables keep mirrors the contract's.
 * @param db the index
 * @param event the event's name (others than the registry's are ignored)
 * @param args its decoded arguments
 */
export function applyEvent(db: Database.Database, event: string, args: Row): void {
  const id = (value: unknown) => String(value).toLowerCase();
  const ensure = (humanity: string) => db.prepare("INSERT OR IGNORE INTO humanities (id) VALUES (?)").run(humanity);
  switch (event) {
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
      // The humanity keeps its N: a reclaim must present it.
      const cause = Number(args.cause);
      db.prepare(
        "UPDATE humanities SET owner = NULL, expiration = 0, commitment = NULL, last_removal = ? WHERE id = ?",
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
    default:
      return;
  }
}
