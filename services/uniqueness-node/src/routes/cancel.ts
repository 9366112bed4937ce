import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCancelRequest } from "@pop/uniqueness/wire/envelope";
import type { CancelAnswer } from "@pop/uniqueness/wire/results";
import { identifyClient } from "../clientAuth.js";
import { readJsonBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { PeerError } from "../peerLink.js";

/**
 * POST /v1/cancel: a client gave up on a request (another node refused it): stop waiting for
 * the peers. Only registered clients may (by their certificate; a cancel is not charged to
 * their rate). Answers `{cancelled}`: whether that request was running here.
 * @param context the node
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handleCancel(
  context: NodeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  identifyClient(context, request);
  const { requestId } = parseCancelRequest(await readJsonBody(request, 1024, "request"), "request");
  const cancelled = context.state.running === requestId;
  if (cancelled) {
    context.inboxes.get(requestId)?.fail(new PeerError("the client cancelled the request"));
  }
  const answer: CancelAnswer = { cancelled };
  send(response, 200, answer);
}
