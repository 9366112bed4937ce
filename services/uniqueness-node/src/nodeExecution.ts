import type { ExecutionContext } from "./execute/types.js";
import type { NodeContext } from "./nodeContext.js";
import { sendPeerMessage } from "./peerClient.js";
import { peerChannel } from "./peerLink.js";
import { randomnessKeys } from "./randomness.js";

/**
 * What the executor (execute/run.ts) gets from a running node: its stores and event log, a
 * channel over the peer links for each request, and fresh randomness per request.
 * @param context the node
 */
export function executionContext(context: NodeContext): ExecutionContext {
  const { faults } = context;
  return {
    party: context.party,
    stores: context.stores,
    shards: context.shards,
    events: context.events,
    channel: (requestId) =>
      peerChannel({
        inbox: context.inbox(requestId),
        send: (round, payload) => sendPeerMessage(context, requestId, round, payload),
        timeoutMs: context.timeoutMs,
      }),
    randomness: (requestId) => randomnessKeys(context, requestId),
    faults: {
      at: async (step, requestId) => {
        if (step === "enroll:prepared") await faults.afterPrepare?.(requestId);
        await faults.at?.(step, requestId);
      },
    },
    log: context.log,
  };
}
