import type { Agent } from "node:https";
import type { ClientInfo, NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import type { Modality } from "@pop/uniqueness/custodyPackage";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { ClientRates } from "./clientAuth.js";
import type { NodeSecrets } from "./nodeKeys.js";
import type { PeerInbox } from "./peerLink.js";
import type { RandomnessBook } from "./randomness.js";
import type { SlotRecord, SlotStore } from "./slotStore.js";

/**
 * Fault-injection points for tests, passed to startNode (never read from the environment):
 * each runs at its point in the protocol, and may kill the process or throw.
 */
export type NodeFaults = {
  /** After this node durably prepared an enrolment, before it learns whether all three did. */
  afterPrepare?: (requestId: string) => void | Promise<void>;
};

/** What one running node knows and holds, shared by its routes, its protocol and its settling. */
export type NodeContext = {
  readonly party: Party;
  readonly me: NodeInfo;
  /** The node this one sends its peer messages to. */
  readonly previous: NodeInfo;
  /** The node this one receives its peer messages from. */
  readonly next: NodeInfo;
  readonly nodes: readonly NodeInfo[];
  readonly secrets: NodeSecrets;
  readonly signingSecret: Uint8Array;
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
  readonly timeoutMs: number;
  readonly faults: NodeFaults;
  readonly log: (line: string) => void;
  /** Request ids already used (requests.log): a node answers each id once. */
  readonly seen: Set<string>;
  readonly seenLog: string;
  /** One request or one settling pass at a time; `running` is the request's id. */
  readonly state: { busy: boolean; running: string | undefined };
  readonly inboxes: Map<string, PeerInbox>;
  /** The inbox of a request, made on first use (a peer's message may come before the client's). */
  inbox(requestId: string): PeerInbox;
};

/**
 * Enrolments prepared and not yet committed or aborted, in every gallery.
 * @param context the node
 * @returns each pending record with its gallery
 */
export function pendingAnywhere(context: NodeContext): { modality: Modality; record: SlotRecord }[] {
  return (Object.keys(context.stores) as Modality[]).flatMap((modality) =>
    context.stores[modality].pending().map((record) => ({ modality, record })),
  );
}
