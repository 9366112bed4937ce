import type { IncomingMessage, ServerResponse } from "node:http";
import { checkId } from "@pop/uniqueness/wire/ids";
import { readBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { authenticatePeer, peerBodyLimit } from "../peerLink.js";

/**
 * POST /v1/peer (peer port): one protocol message, raw bytes with the request id and round in
 * headers (peerLink.ts). Only the next node sends here; the sender is known by its certificate
 * before its body is read, and the body is capped by what a round over this node's galleries
 * can carry (413 beyond it). 409 for a round already received.
 * @param context the node
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handlePeerMessage(
  context: NodeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { next } = context;
  const peer = authenticatePeer(context, request);
  const requestId = checkId(request.headers["x-pop-request"], "x-pop-request");
  const round = Number(request.headers["x-pop-round"]);
  if (peer.party !== next.party || !Number.isSafeInteger(round) || round < 0 || round > 10_000) {
    send(response, 400, { error: "bad peer message: only the next node sends rounds, 0 to 10000" });
    return;
  }
  const payload = await readBody(request, peerBodyLimit(context));
  if (!context.inbox(requestId).deliver(round, payload)) {
    send(response, 409, { error: `round ${round} of ${requestId} was already received` });
    return;
  }
  send(response, 200, { ok: true });
}
