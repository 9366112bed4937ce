import { MODALITIES, type Modality } from "@pop/uniqueness/custodyPackage";
import { type NodeContext, pendingAnywhere } from "./nodeContext.js";
import { askPeerState } from "./peerClient.js";

/**
 * Settling enrolments this node prepared but never saw through (it crashed, or a peer did):
 * commit if a peer committed, abort if a peer never prepared it (or dropped it), abort if both
 * peers are in doubt too (then no one can have committed: a node commits only inside the
 * request, after learning that all three prepared). Otherwise wait and ask again.
 */

/** Where a request stands on a node, as a peer settling it asks. */
export type RequestState = "running" | "pending" | "committed" | "none";

/** One enrolment settled. */
export type Settlement = { requestId: string; modality: Modality; outcome: "committed" | "aborted" };

/** How often a node with pending enrolments asks its peers about them. */
const SETTLE_INTERVAL_MS = 500;

/**
 * Where a request stands here.
 * @param context the node
 * @param requestId the request
 * @returns its state
 */
export function stateOf(context: NodeContext, requestId: string): RequestState {
  if (context.state.running === requestId) return "running";
  if (pendingAnywhere(context).some(({ record }) => record.requestId === requestId)) return "pending";
  return MODALITIES.some((m) => context.stores[m].committedBy(requestId)) ? "committed" : "none";
}

async function settlePending(context: NodeContext): Promise<Settlement[]> {
  const settled: Settlement[] = [];
  for (const { modality, record } of pendingAnywhere(context)) {
    const store = context.stores[modality];
    const { requestId } = record;
    try {
      const states = await Promise.all(
        [context.previous, context.next].map((peer) => askPeerState(context, peer, requestId)),
      );
      if (states.includes("committed")) {
        await store.commit(requestId);
        context.log(`settled enrolment ${requestId}: committed (a peer had committed)`);
        settled.push({ requestId, modality, outcome: "committed" });
      } else if (states.includes("none") || states.every((state) => state === "pending")) {
        await store.abort(requestId);
        context.log(`settled enrolment ${requestId}: aborted (${states.join(", ")})`);
        settled.push({ requestId, modality, outcome: "aborted" });
      }
    } catch (error) {
      context.log(`settling ${requestId} failed: ${(error as Error).message}`);
    }
  }
  return settled;
}

/**
 * Settles pending enrolments in the background, one pass at a time and never during a request.
 * @param context the node
 * @param onSettled called for each enrolment settled, once the pass is over and the node is
 *   free again (so a request sent then is not refused as "busy")
 * @returns stops the settling
 */
export function startSettling(context: NodeContext, onSettled: (settlement: Settlement) => void): () => void {
  const timer = setInterval(() => {
    if (context.state.busy || pendingAnywhere(context).length === 0) return;
    context.state.busy = true;
    void settlePending(context).then((settled) => {
      context.state.busy = false;
      for (const settlement of settled) onSettled(settlement);
    });
  }, SETTLE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
