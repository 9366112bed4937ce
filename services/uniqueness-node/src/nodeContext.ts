import type { NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import type { Modality } from "@pop/uniqueness/custodyPackage";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { NodeSecrets } from "./nodeKeys.js";
import type { PeerInbox } from "./peerLink.js";
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
  /** MAC keys for messages from `next` and to `previous`. */
  readonly macFromNext: Uint8Array;
  readonly macToPrevious: Uint8Array;
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
