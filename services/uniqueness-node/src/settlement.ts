import type { Modality } from "@pop/uniqueness/custody/package";
import type { NodeContext } from "./nodeContext.js";
import { askPeerState } from "./peerClient.js";

/**
 * Settling enrolments, removals and rekeys (a recovery's new authenticator commitment) this
 * node prepared but never saw through (it crashed, or a peer did),
 * docs/uniqueness.md#ordered-and-concurrent. First its own event log: a change it
 * wrote there was decided, and is applied (the crash came between writing and applying). Then
 * its peers, over their authenticated links: apply if a peer's log has the change, abort if a
 * peer never prepared it (or dropped it), abort if both are in doubt too (then no one wrote it:
 * a node writes only after learning that all three prepared). Otherwise ask again later. Runs in
 * the node's serial queue, never beside a request.
 */

/** Where a request stands on a node, as a peer settling it asks. */
export type RequestState = "running" | "pending" | "committed" | "none";

/** What a change is: an enrolment, a removal or a recovery's rekey. */
export type ChangeKind = "enroll" | "delete" | "recover";

/** One change settled. */
export type Settlement = {
  requestId: string;
  modality: Modality;
  kind: ChangeKind;
  outcome: "committed" | "aborted";
};

const KINDS: readonly ChangeKind[] = ["enroll", "delete", "recover"];

/** How often a node with pending changes asks its peers about them. */
const SETTLE_INTERVAL_MS = 500;

/**
 * Where a request stands here.
 * @param context the node
 * @param requestId the request
 */
export function stateOf(context: NodeContext, requestId: string): RequestState {
  if (context.state.running === requestId) return "running";
  const stores = Object.values(context.stores);
  const modalities = stores.map((store) => store.modality);
  if (modalities.some((m) => KINDS.some((kind) => context.events.has(kind, m, requestId)))) return "committed";
  const pending = openChanges(context).some((change) => change.requestId === requestId);
  return pending ? "pending" : "none";
}

type Open = { modality: Modality; kind: ChangeKind; requestId: string };

function openChanges(context: NodeContext): Open[] {
  return Object.values(context.stores).flatMap((store) => {
    const open = (kind: ChangeKind) => (held: { requestId: string }) => ({
      modality: store.modality,
      kind,
      requestId: held.requestId,
    });
    return [
      ...store.pending().map(open("enroll")),
      ...store.pendingRemovals().map(open("delete")),
      ...store.pendingRekeys().map(open("recover")),
    ];
  });
}

/** Commits or aborts an open change; a commit writes its event first (write-ahead), as the request would have. */
async function apply(context: NodeContext, change: Open, commit: boolean): Promise<void> {
  const store = context.stores[change.modality];
  const { requestId, modality } = change;
  const find = <T extends { requestId: string }>(held: readonly T[]) =>
    held.find((pending) => pending.requestId === requestId)!;
  if (change.kind === "enroll") {
    const { slot, personId, commitment } = find(store.pending());
    if (!commit) return store.abort(requestId);
    await context.events.append({ kind: "enroll", modality, slot, personId, requestId, commitment });
    return store.commit(requestId);
  }
  if (change.kind === "delete") {
    const { slot, personId } = find(store.pendingRemovals());
    if (!commit) return store.abortRemoval(requestId);
    await context.events.append({ kind: "delete", modality, slot, personId, requestId });
    return store.commitRemoval(requestId);
  }
  const { slot, personId, commitment } = find(store.pendingRekeys());
  if (!commit) return store.abortRekey(requestId);
  await context.events.append({ kind: "recover", modality, slot, personId, requestId, commitment });
  return store.commitRekey(requestId);
}

/**
 * Applies what the event log already decided (at start, before the node serves).
 * @param context the node
 * @returns the changes applied
 */
export async function replayEvents(context: NodeContext): Promise<Settlement[]> {
  const settled: Settlement[] = [];
  for (const change of openChanges(context)) {
    if (context.events.has(change.kind, change.modality, change.requestId)) {
      await apply(context, change, true);
      context.log(`replayed ${change.kind} ${change.requestId}: its event was written before the crash`);
      settled.push({ ...change, outcome: "committed" });
    }
  }
  return settled;
}

async function settlePending(context: NodeContext): Promise<Settlement[]> {
  const settled: Settlement[] = [];
  for (const change of openChanges(context)) {
    const { requestId } = change;
    try {
      const states = await Promise.all(
        [context.previous, context.next].map((peer) => askPeerState(context, peer, requestId)),
      );
      if (states.includes("committed")) {
        await apply(context, change, true);
        context.log(`settled ${change.kind} ${requestId}: committed (a peer had committed)`);
        settled.push({ ...change, outcome: "committed" });
      } else if (states.includes("none") || states.every((state) => state === "pending")) {
        await apply(context, change, false);
        context.log(`settled ${change.kind} ${requestId}: aborted (${states.join(", ")})`);
        settled.push({ ...change, outcome: "aborted" });
      }
    } catch (error) {
      context.log(`settling ${requestId} failed: ${(error as Error).message}`);
    }
  }
  return settled;
}

/**
 * Settles pending changes in the background, one pass at a time, in the node's serial queue.
 * @param context the node
 * @param onSettled called for each change settled, once the pass is over
 * @returns stops the settling
 */
export function startSettling(context: NodeContext, onSettled: (settlement: Settlement) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running || openChanges(context).length === 0) return;
    running = true;
    void context
      .serial(() => settlePending(context))
      .then((settled) => {
        for (const settlement of settled) onSettled(settlement);
      })
      .finally(() => {
        running = false;
      });
  }, SETTLE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
