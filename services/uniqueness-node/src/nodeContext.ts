import type { Agent } from "node:https";
import type { ClientInfo, NodeInfo, SourceInfo } from "@pop/uniqueness/cluster/clusterFile";
import type { Modality } from "@pop/uniqueness/custody/package";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { ClientRates } from "./clientAuth.js";
import type { EventLog } from "./eventLog.js";
import type { ExecutionFaults } from "./execute/types.js";
import type { NodeSecrets } from "./nodeKeys.js";
import type { PeerInbox } from "./peerLink.js";
import type { RandomnessBook } from "./randomness.js";
import type { Sequencer } from "./sequencer.js";
import type { ShardedDecisions } from "./shard/shardedDecisions.js";
import type { SlotStore } from "./slotStore.js";

/**
 * Fault-injection points for tests, passed to startNode (never read from the environment):
 * each runs at its point in the protocol, and may kill the process or throw.
 */
export type NodeFaults = ExecutionFaults & {
  /** After this node durably prepared an enrolment, before it learns whether all three did. */
  afterPrepare?: (requestId: string) => void | Promise<void>;
};

/** What one running node knows and holds, shared by its routes, its protocol and its settling. */
export type NodeContext = {
  readonly party: Party;
  /** The data directory. */
  readonly dataDir: string;
  readonly me: NodeInfo;
  /** The node this one sends its peer messages to. */
  readonly previous: NodeInfo;
  /** The node this one receives its peer messages from. */
  readonly next: NodeInfo;
  readonly nodes: readonly NodeInfo[];
  readonly secrets: NodeSecrets;
  readonly signingSecret: Uint8Array;
  /** Registered clients, as the cluster file lists them. */
  readonly clientList: readonly ClientInfo[];
  /** Registered capture sources, whose signatures packages need. */
  readonly sources: readonly SourceInfo[];
  /** Registered clients by their certificates' fingerprints (the client port accepts only these). */
  readonly clients: ReadonlyMap<string, ClientInfo>;
  /** Each client's token bucket. */
  readonly rates: ClientRates;
  /** The two peers by their certificates' fingerprints (the peer port accepts only these). */
  readonly peers: ReadonlyMap<string, NodeInfo>;
  /** Keep-alive TLS agents to the two peers' peer ports, by party. */
  readonly peerAgents: ReadonlyMap<Party, Agent>;
  /** Fresh per-request randomness contributions (randomness.ts). */
  readonly randomness: RandomnessBook;
  readonly stores: Record<Modality, SlotStore>;
  /** The node's shard workers, when the cluster file lists its shards (docs/uniqueness.md#past-one-machine). */
  readonly shards?: ShardedDecisions;
  /** The write-ahead log of gallery changes and its hash chain (eventLog.ts). */
  readonly events: EventLog;
  /** The order of requests, set by node 0 (sequencer.ts). */
  readonly sequencer: Sequencer;
  /** Runs tasks one at a time, in the order they are given: ordered requests and settling. */
  serial<T>(task: () => Promise<T>): Promise<T>;
  /** Recoveries per N in the last hour (a person's escrow is not for brute force). */
  readonly recoveries: Map<string, number[]>;
  readonly timeoutMs: number;
  readonly faults: NodeFaults;
  readonly log: (line: string) => void;
  /** Request ids used within the replay window (requests.log): a node answers each id once. */
  readonly seen: Set<string>;
  readonly seenLog: string;
  /** The request being run, if any. */
  readonly state: { running: string | undefined };
  readonly inboxes: Map<string, PeerInbox>;
  /** The inbox of a request, made on first use (a peer's message may come before the client's). */
  inbox(requestId: string): PeerInbox;
};

/**
 * Enrolments prepared and not yet committed or aborted, in every gallery.
 * @param context the node
 * @returns each pending record with its gallery
 */
export function pendingAnywhere(
  context: NodeContext,
): { modality: Modality; record: ReturnType<SlotStore["pending"]>[number] }[] {
  return (Object.keys(context.stores) as Modality[]).flatMap((modality) =>
    context.stores[modality].pending().map((record) => ({ modality, record })),
  );
}
