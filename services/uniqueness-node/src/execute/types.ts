import type { ClientInfo } from "@pop/uniqueness/cluster/clusterFile";
import type { Modality } from "@pop/uniqueness/custody/package";
import type { PartyChannel } from "@pop/uniqueness/mpc/channel";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { RequestEnvelope } from "@pop/uniqueness/wire/envelope";
import type { EventLog } from "../eventLog.js";
import type { GalleryStore } from "../galleryStore.js";
import type { ShardedDecisions } from "../shard/shardedDecisions.js";

/**
 * What running an ordered request needs (docs/uniqueness.md#ordered-and-concurrent): the node's
 * stores and event log, a channel and fresh randomness per request. The node builds it from its
 * links; tests build it over in-memory channels.
 */
export type ExecutionContext = {
  readonly party: Party;
  readonly stores: Record<Modality, GalleryStore>;
  /** The node's shard workers, when it has them: full-gallery decisions go to them. */
  readonly shards?: ShardedDecisions | undefined;
  readonly events: EventLog;
  /** The request's channel: round k to the previous node, from the next. */
  channel(requestId: string): PartyChannel;
  /** The request's pairwise PRF keys, from fresh contributions (randomness.ts). */
  randomness(requestId: string): Promise<{ prevKey: Uint8Array; nextKey: Uint8Array }>;
  /** Test-only fault points: each may kill the process or throw. */
  readonly faults: ExecutionFaults;
  readonly log: (line: string) => void;
};

/** The steps a fault can be injected at (the kill-at-every-step test walks them all). */
export const FAULT_STEPS = [
  "enroll:prepared",
  "enroll:committing",
  // The event is written, the change not yet applied: the restart replays it (settlement.ts).
  "enroll:written",
  "enroll:committed",
  "delete:prepared",
  "delete:committing",
  "delete:written",
  "delete:committed",
  // A recovery's 1:1 match, then its rekey (the entry's new authenticator commitment) in two phases;
  // the escrow shares are sealed only once the rekey is committed.
  "recover:matched",
  "recover:prepared",
  "recover:committing",
  "recover:written",
  "recover:committed",
] as const;
export type FaultStep = (typeof FAULT_STEPS)[number];
export type ExecutionFaults = { at?: (step: FaultStep, requestId: string) => void | Promise<void> };

/** A request as a node holds it once it is read, checked and its part opened. */
export type OpenedRequest = {
  readonly envelope: RequestEnvelope;
  readonly client: ClientInfo;
  /** sha256 of the request as received (all three must hold the same). */
  readonly digest: string;
  /** The package hash and N the answer is signed over ("" for a delete). */
  readonly packageHash: string;
  readonly nullifierCommitment: string;
  /** This party's template shares (left, right; or the face), for a request with a package. */
  readonly shares?: readonly Uint16Array[];
  /** This party's escrow share of n, for an enrolment. */
  readonly escrow?: bigint;
};
