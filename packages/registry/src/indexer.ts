import { stat } from "node:fs/promises";
import { chainCall } from "@pop/contracts/errors/chainError";
import { KINDS, PARTIES, REASONS, REMOVAL_CAUSES, STATUSES } from "@pop/contracts/generated/enums";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { ChainError, InputError } from "@pop/core/errors";
import { fileKind } from "@pop/core/files";
import type Database from "better-sqlite3";
import { type Address, getAddress, type Hex, type PublicClient } from "viem";
import { forkPoint, readChunk } from "./indexChain.js";
import type { Row } from "./indexEvents.js";
import { applyChunk, type Cursor, openIndexFile, readCursor, recordedBlocks, rollBack } from "./indexStore.js";

/** Confirmations `sync` waits for by default on a chain that may reorganise. */
export const DEFAULT_CONFIRMATIONS = 12n;
/** Local development chains (anvil's 31337, and 31338 for a second one): `sync` waits for no confirmation there. */
export const LOCAL_CHAIN_IDS: readonly number[] = [31337, 31338];

/** A request as the indexer holds it; kinds, statuses, parties and reasons by their enum names. */
export type IndexedRequest = {
  requestId: number;
  humanityId: Hex;
  requester: Address;
  kind: (typeof KINDS)[number];
  status: (typeof STATUSES)[number];
  winner: (typeof PARTIES)[number];
  evidence: string;
  /** The authenticator commitment the request would register ("0" for a revocation). */
  commitment: string;
  /** The nullifier commitment it presented ("0" for a revocation). */
  nullifierCommitment: string;
  challengePeriodStart: number;
  vouchers: Hex[];
  /** How many of `vouchers`, in order, were released (or punished) so far. */
  processedVouches: number;
  challenges: {
    index: number;
    reason: (typeof REASONS)[number];
    duplicate: Hex | null;
    challenger: Address;
    disputeId: number;
    winner: (typeof PARTIES)[number] | null;
  }[];
};

export type HumanityStatus = {
  humanityId: Hex;
  /** registered (owned, not expired), expired (owned, past expiry), none (no owner). */
  state: "registered" | "expired" | "none";
  owner: Address | null;
  expirationTime: number;
  /** The leaf's authenticator commitment (null: no leaf). */
  commitment: string | null;
  /** The humanity's N, kept after a removal: a reclaim must present it (null: never registered here). */
  nullifierCommitment: string | null;
  lastRemoval: (typeof REMOVAL_CAUSES)[number] | null;
  /** This chain is not its home: it moved to another chain, or it is a mirror of another chain's record. */
  away: boolean;
  /** When it was reported as a vouchallenger (Unix seconds; null: no standing report). */
  reportedAt: number | null;
  /** A removed vouchallenger may not claim again before this time (Unix seconds; 0: never removed as one). */
  inadmissibleUntil: number;
  /** Its vouch backs a request whose vouchers are not processed yet (it cannot vouch again, nor move). */
  vouching: boolean;
  requests: IndexedRequest[];
};

export type VouchallengerStats = {
  humanityId: Hex;
  vouches: number;
  vouchallenges: number;
  timesRemoved: number;
  vouchallengesSinceRemoval: number;
  /** HIP-58 section 1, as the contract's vouchallengerRule decides it. */
  isVouchallenger: boolean;
};

/**
 * An indexer of one HumanityRegistry's events into SQLite. `sync` reads the events since the
 * last indexed block in chunks, each chunk applied in one transaction together with the new
 * last block, so a crash never leaves a half-applied chunk and two syncs of one file never
 * apply a chunk twice; the queries answer from the file alone. The state it keeps mirrors the
 * contract's (a test checks them against each other).
 *
 * A reorganisation is undone: each sync first checks the hash it recorded for the last indexed
 * block, and when the chain no longer has it, drops everything after the newest recorded block
 * the chain still has and indexes again from there (docs/registry.md#the-index).
 */
export class RegistryIndexer {
  readonly #db: Database.Database;
  readonly #client: PublicClient;
  readonly #registry: Address;
  readonly #chainId: number;

  private constructor(db: Database.Database, client: PublicClient, registry: Address, chainId: number) {
    this.#db = db;
    this.#client = client;
    this.#registry = registry;
    this.#chainId = chainId;
  }

  /**
   * Opens (or creates) the index file for a registry.
   * @param params.path the SQLite file (":memory:" for a throwaway index)
   * @param params.fromBlock the registry's deployment block, used when the file is new
   * @throws InputError when the file indexes another registry or chain, is of another index
   *   version (INDEX_SCHEMA_VERSION), or is not an index
   */
  static async open(params: {
    path: string;
    client: PublicClient;
    registry: Address;
    fromBlock?: bigint;
  }): Promise<RegistryIndexer> {
    const info = await stat(params.path).catch(() => undefined);
    if (info !== undefined && !info.isFile()) {
      throw new InputError(`index ${params.path} is ${fileKind(info)}, not an index file`);
    }
    const chainId = await chainCall(() => params.client.getChainId());
    const registry = getAddress(params.registry);
    const db = openIndexFile({ path: params.path, registry, chainId, fromBlock: params.fromBlock ?? 0n });
    return new RegistryIndexer(db, params.client, registry, chainId);
  }

  close(): void {
    this.#db.close();
  }

  /** The next block the indexer will read. */
  get nextBlock(): bigint {
    return readCursor(this.#db).next;
  }

  /**
   * Indexes the events up to `toBlock` and never past latest − confirmations, after undoing
   * any reorganisation of the blocks it indexed.
   * @param options.confirmations blocks left unindexed under the latest (default:
   *   DEFAULT_CONFIRMATIONS, 0 on LOCAL_CHAIN_IDS)
   * @param options.chunk blocks read per query and applied per transaction (default 10,000)
   * @returns the events this call applied (another sync of the same file applies the rest)
   * @throws ChainError when the chain fails, or keeps changing while a chunk is read
   */
  async sync(options: { toBlock?: bigint; chunk?: bigint; confirmations?: bigint } = {}): Promise<number> {
    const confirmations =
      options.confirmations ?? (LOCAL_CHAIN_IDS.includes(this.#chainId) ? 0n : DEFAULT_CONFIRMATIONS);
    const chunk = options.chunk ?? 10_000n;
    if (chunk < 1n) throw new InputError(`chunk must be at least 1 block, not ${chunk}`);
    const lastBlock = async () => {
      const latest = await chainCall(() => this.#client.getBlockNumber({ cacheTime: 0 }));
      const last = latest - confirmations;
      return options.toBlock !== undefined && options.toBlock < last ? options.toBlock : last;
    };
    let last = await lastBlock();
    let applied = 0;
    let changes = 0;
    while (changes < 8) {
      const cursor = readCursor(this.#db);
      const to = cursor.next + chunk - 1n < last ? cursor.next + chunk - 1n : last;
      const read = await readChunk({ client: this.#client, registry: this.#registry, cursor, to });
      if (read.kind === "current") return applied;
      if (read.kind === "events") {
        changes = 0;
        if (applyChunk(this.#db, { cursor, to, toHash: read.toHash, events: read.events })) {
          applied += read.events.length;
        }
        continue;
      }
      if (read.kind === "reorg") await this.#rollBack(cursor);
      changes++;
      last = await lastBlock();
    }
    throw new ChainError(`the chain kept changing while the index read it (from block ${this.nextBlock})`);
  }

  /** Drops every block after the newest recorded one the chain still has (a rollback by another sync wins). */
  async #rollBack(cursor: Cursor): Promise<void> {
    const kept = await forkPoint(this.#client, recordedBlocks(this.#db));
    const fromBlock = BigInt(
      (this.#db.prepare("SELECT value FROM meta WHERE key = 'fromBlock'").get() as { value: string }).value,
    );
    rollBack(this.#db, { cursor, kept: kept ?? fromBlock - 1n });
  }

  #request(row: Row): IndexedRequest {
    const requestId = Number(row.id);
    const vouchers = (
      this.#db.prepare("SELECT voucher FROM vouch_uses WHERE request = ? ORDER BY position").all(requestId) as Row[]
    ).map((v) => v.voucher as Hex);
    const challenges = (
      this.#db.prepare("SELECT * FROM challenges WHERE request = ? ORDER BY idx").all(requestId) as Row[]
    ).map((c) => ({
      index: Number(c.idx),
      reason: REASONS[Number(c.reason)]!,
      duplicate: (c.duplicate as Hex | null) ?? null,
      challenger: c.challenger as Address,
      disputeId: Number(c.dispute),
      winner: c.winner === null ? null : PARTIES[Number(c.winner)]!,
    }));
    return {
      requestId,
      humanityId: row.humanity as Hex,
      requester: row.requester as Address,
      kind: KINDS[Number(row.kind)]!,
      status: STATUSES[Number(row.status)]!,
      winner: PARTIES[Number(row.winner)]!,
      evidence: row.evidence as string,
      commitment: row.commitment as string,
      nullifierCommitment: row.nullifier_commitment as string,
      challengePeriodStart: Number(row.period_start),
      vouchers,
      processedVouches: Number(row.processed),
      challenges,
    };
  }

  /**
   * The status of a humanity at time `now` (Unix seconds), with its requests.
   * @param humanityId the Humanity ID (20 bytes, 0x-hex)
   */
  humanity(humanityId: string, now: number): HumanityStatus {
    const key = parseHumanityId(humanityId);
    const row = this.#db.prepare("SELECT * FROM humanities WHERE id = ?").get(key) as Row | undefined;
    const requests = (this.#db.prepare("SELECT * FROM requests WHERE humanity = ? ORDER BY id").all(key) as Row[]).map(
      (r) => this.#request(r),
    );
    const owner = (row?.owner as Address | null | undefined) ?? null;
    // Vouching while one of its vouches sits at or past its request's processed count.
    const vouching = this.#db
      .prepare(
        "SELECT 1 FROM vouch_uses u JOIN requests q ON q.id = u.request WHERE u.voucher = ? AND u.position >= q.processed LIMIT 1",
      )
      .get(key);
    const expirationTime = Number(row?.expiration ?? 0);
    return {
      humanityId: key,
      state: owner === null ? "none" : now < expirationTime ? "registered" : "expired",
      owner,
      expirationTime,
      commitment: (row?.commitment as string | null | undefined) ?? null,
      nullifierCommitment: (row?.nullifier_commitment as string | null | undefined) ?? null,
      lastRemoval: row?.last_removal == null ? null : REMOVAL_CAUSES[Number(row.last_removal)]!,
      away: Number(row?.away ?? 0) === 1,
      reportedAt: row?.reported_at == null ? null : Number(row.reported_at),
      inadmissibleUntil: Number(row?.inadmissible_until ?? 0),
      vouching: vouching !== undefined,
      requests,
    };
  }

  /** Requests not yet final (vouching, resolving or disputed), oldest first. */
  pendingRequests(): IndexedRequest[] {
    return (this.#db.prepare("SELECT * FROM requests WHERE status IN (1, 2, 3) ORDER BY id").all() as Row[]).map((r) =>
      this.#request(r),
    );
  }

  /**
   * The vouches of a humanity: standing on-chain vouches it gave, and the requests its vouches
   * were used for (with whether each counts as a vouchallenge).
   */
  vouchesOf(humanityId: string): {
    given: { claimer: Address; humanityId: Hex }[];
    used: { requestId: number; vouchallenge: boolean }[];
  } {
    const key = parseHumanityId(humanityId);
    const given = (this.#db.prepare("SELECT claimer, humanity FROM vouches WHERE voucher = ?").all(key) as Row[]).map(
      (v) => ({ claimer: v.claimer as Address, humanityId: v.humanity as Hex }),
    );
    const used = (
      this.#db.prepare("SELECT request, counted FROM vouch_uses WHERE voucher = ? ORDER BY request").all(key) as Row[]
    ).map((u) => ({ requestId: Number(u.request), vouchallenge: Number(u.counted) === 1 }));
    return { given, used };
  }

  /** A humanity's vouchallenger counts (HIP-58) and whether they make it a vouchallenger. */
  vouchallengerStats(humanityId: string): VouchallengerStats {
    const key = parseHumanityId(humanityId);
    const row = (this.#db.prepare("SELECT * FROM humanities WHERE id = ?").get(key) as Row | undefined) ?? {};
    const stats = {
      humanityId: key,
      vouches: Number(row.vouches ?? 0),
      vouchallenges: Number(row.vouchallenges ?? 0),
      timesRemoved: Number(row.times_removed ?? 0),
      vouchallengesSinceRemoval: Number(row.since_removal ?? 0),
    };
    return { ...stats, isVouchallenger: isVouchallenger(stats) };
  }
}

/** HIP-58 section 1 (the contract's vouchallengerRule). */
export function isVouchallenger(stats: {
  vouches: number;
  vouchallenges: number;
  timesRemoved: number;
  vouchallengesSinceRemoval: number;
}): boolean {
  if (stats.timesRemoved > 0 && stats.vouchallengesSinceRemoval >= 1) return true;
  return stats.vouchallenges >= 2 && stats.vouchallenges * 2 >= stats.vouches;
}

/** Humanity IDs are parsed where the registry's actions parse them. */
export { parseHumanityId };
