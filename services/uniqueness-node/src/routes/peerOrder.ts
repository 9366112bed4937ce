import type { IncomingMessage, ServerResponse } from "node:http";
import { readJsonBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { authenticatePeer } from "../peerLink.js";
import { parseControl, RequestDropped } from "../sequencer.js";

/**
 * POST /v1/peer/order (peer port): a sequencing message (sequencer.ts) from a peer, known by its
 * certificate. 200 when taken, 409 when the sequencer refuses it (an order for a request this
 * node does not hold, or from a node that may not send it).
 * @param context the node
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handlePeerOrder(
  context: NodeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const peer = authenticatePeer(context, request);
  const message = parseControl(await readJsonBody(request, 4096, "control message"), "control message");
  try {
    await context.sequencer.receive(peer.party, message);
  } catch (error) {
    if (!(error instanceof RequestDropped)) throw error;
    send(response, 409, { error: error.message });
    return;
  }
  send(response, 200, { ok: true });
}
