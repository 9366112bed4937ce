import type { IncomingMessage, ServerResponse } from "node:http";
import { checkId } from "@pop/uniqueness/wire/ids";
import { readBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { authenticatePeer } from "../peerLink.js";
import { stateOf } from "../settlement.js";

/**
 * POST /v1/peer/status (peer port): a peer settling an enrolment asks where that request stands
 * here (settlement.ts). The body is the request id; the peer is known by its certificate.
 * Answers `{state}`.
 * @param context the node
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handlePeerStatus(
  context: NodeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  authenticatePeer(context, request);
  const requestId = checkId(new TextDecoder().decode(await readBody(request, 64)), "request id");
  send(response, 200, { state: stateOf(context, requestId) });
}
