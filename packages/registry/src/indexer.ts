import { stat } from "node:fs/promises";
import { chainCall } from "@pop/contracts/errors/chainError";
import { KINDS, PARTIES, REASONS, REMOVAL_CAUSES, STATUSES } from "@pop/contracts/generated/enums";
import { humanityRegistryAbi } from "@pop/contracts/generated/humanityRegistry";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { InputError } from "@pop/core/errors";
import { fileKind } from "@pop/core/files";
import Database from "better-sqlite3";
import { type Address, getAddress, type Hex, type PublicClient } from "viem";
import { applyEvent, INDEX_SCHEMA_VERSION, type Row, SCHEMA } from "./indexEvents.js";

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
 * last block, so a crash never leaves a half-applied chunk; the queries answer from the file
 * alone. The state it keeps mirrors the contract's (a test checks them against each other).
 *
 * Reorganisations are not undone: index up to `latest − confirmations` on chains that reorg.
 */
export class RegistryIndexer {
  readonly #db: Database.Database;
  readonly #client: PublicClient;
  readonly #registry: Address;

  private constructor(db: Database.Database, client: PublicClient, registry: Address) {
    this.#db = db;
    this.#client = client;
    this.#registry = registry;
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
    let db: Database.Database | undefined;
    try {
      db = new Database(params.path);
      db.pragma("journal_mode = WAL");
      db.exec(SCHEMA);
    } catch (error) {
      db?.close();
      throw new InputError(`cannot open index ${params.path}: ${(error as Error).message}`, { cause: error });
    }
    let chainId: string;
    try {
      chainId = String(await chainCall(() => params.client.getChainId()));
    } catch (error) {
      db.close();
      throw error;
    }
    const registry = getAddress(params.registry);
    const meta = (key: string) =>
      (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
    if (meta("registry") === undefined) {
      const insert = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
      db.transaction(() => {
        insert.run("registry", registry);
        insert.run("chainId", chainId);
        insert.run("nextBlock", String(params.fromBlock ?? 0n));
        insert.run("schema", INDEX_SCHEMA_VERSION);
      })();
    } else if (meta("schema") !== INDEX_SCHEMA_VERSION) {
      // Version 1 files (no schema key) index protocol v1 registries: no nullifier commitments.
      const message = `${params.path} is an index of version ${meta("schema") ?? 1}, not ${INDEX_SCHEMA_VERSION}: delete it and sync again`;
      db.close();
      throw new InputError(message);
    } else if (meta("registry") !== registry || meta("chainId") !== chainId) {
      const message = `${params.path} indexes registry ${meta("registry")} on chain ${meta("chainId")}, not ${registry} on chain ${chainId}`;
      db.close();
      throw new InputError(message);
    }
    return new RegistryIndexer(db, params.client, registry);
  }

  close(): void {
    this.#db.close();
  }

  /** The next block the indexer will read. */
  get nextBlock(): bigint {
    return BigInt(
      (this.#db.prepare("SELECT value FROM meta WHERE key = 'nextBlock'").get() as { value: string }).value,
    );
  }

  /**
   * Indexes the events up to `toBlock` (default: latest − confirmations).
   * @returns the events applied
   */
  async sync(options: { toBlock?: bigint; chunk?: bigint; confirmations?: bigint } = {}): Promise<number> {
    const latest = await chainCall(() => this.#client.getBlockNumber({ cacheTime: 0 }));
    const last = options.toBlock ?? latest - (options.confirmations ?? 0n);
    const chunk = options.chunk ?? 10_000n;
    let applied = 0;
    for (let from = this.nextBlock; from <= last; from += chunk) {
      const to = from + chunk - 1n < last ? from + chunk - 1n : last;
      const logs = await chainCall(() =>
        this.#client.getContractEvents({
          address: this.#registry,
          abi: humanityRegistryAbi,
          fromBlock: from,
          toBlock: to,
        }),
      );
      this.#db.transaction(() => {
        for (const log of logs) applyEvent(this.#db, log.eventName, log.args as Row);
        this.#db.prepare("UPDATE meta SET value = ? WHERE key = 'nextBlock'").run(String(to + 1n));
      })();
      applied += logs.length;
    }
    return applied;
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
    const expirationTime = Number(row?.expiration ?? 0);
    return {
      humanityId: key,
      state: owner === null ? "none" : now < expirationTime ? "registered" : "expired",
      owner,
      expirationTime,
      commitment: (row?.commitment as string | null | undefined) ?? null,
      nullifierCommitment: (row?.nullifier_commitment as string | null | undefined) ?? null,
      lastRemoval: row?.last_removal == null ? null : REMOVAL_CAUSES[Number(row.last_removal)]!,
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
