import type { IncomingMessage, ServerResponse } from "node:http";
import { checkId } from "@pop/uniqueness/wire/ids";
import { readBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { pairwiseKey } from "../nodeKeys.js";
import { peerMac } from "../peerLink.js";
import { stateOf } from "../settlement.js";

/**
 * POST /v1/peer/status: a peer settling an enrolment asks where that request stands here
 * (settlement.ts). The body is the request id, MACed with the pair's key; answers `{state}`.
 * @param context the node
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handlePeerStatus(
  context: NodeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = checkId(request.headers["x-pop-request"], "x-pop-request");
  const from = Number(request.headers["x-pop-from"]);
  const peer = context.nodes.find((node) => node.party === from && node.party !== context.party);
  const payload = await readBody(request, 64);
  if (peer === undefined) {
    send(response, 400, { error: "bad peer" });
    return;
  }
  const key = pairwiseKey({ secrets: context.secrets, peer, purpose: "mac" });
  if (
    peerMac({ key, requestId, from: peer.party, to: context.party, round: 0, payload }) !== request.headers["x-pop-mac"]
  ) {
    send(response, 401, { error: "bad peer message MAC" });
    return;
  }
  send(response, 200, { state: stateOf(context, requestId) });
}
