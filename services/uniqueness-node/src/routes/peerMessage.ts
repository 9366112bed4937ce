import type { IncomingMessage, ServerResponse } from "node:http";
import { checkId } from "@pop/uniqueness/wire/ids";
import { readBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { MAX_PEER_BYTES, peerMac } from "../peerLink.js";

/**
 * POST /v1/peer: one protocol message from the next node, raw bytes with the request id,
 * sender, round and HMAC in headers (peerLink.ts). 401 for a bad MAC, 409 for a replayed round.
 * @param context the node
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handlePeerMessage(
  context: NodeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { next, party } = context;
  const requestId = checkId(request.headers["x-pop-request"], "x-pop-request");
  const from = Number(request.headers["x-pop-from"]);
  const round = Number(request.headers["x-pop-round"]);
  if (from !== next.party || !Number.isSafeInteger(round) || round < 0 || round > 10_000) {
    send(response, 400, { error: "bad peer message header" });
    return;
  }
  const payload = await readBody(request, MAX_PEER_BYTES);
  const mac = peerMac({ key: context.macFromNext, requestId, from: next.party, to: party, round, payload });
  if (mac !== request.headers["x-pop-mac"]) {
    send(response, 401, { error: "bad peer message MAC" });
    return;
  }
  if (!context.inbox(requestId).deliver(round, payload)) {
    send(response, 409, { error: `round ${round} of ${requestId} was already received` });
    return;
  }
  send(response, 200, { ok: true });
}
