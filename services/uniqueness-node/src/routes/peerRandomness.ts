import type { IncomingMessage, ServerResponse } from "node:http";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { expectObject, expectString, parseJson } from "@pop/core/json";
import { checkId } from "@pop/uniqueness/wire/ids";
import { readBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { authenticatePeer } from "../peerLink.js";

const HEX32 = /^[0-9a-f]{64}$/;

/**
 * POST /v1/peer/randomness: a peer's contribution for a request, answered with this node's.
 * @param context the node
 * @param request the HTTP request (on the peer port)
 * @param response the HTTP response
 */
export async function handlePeerRandomness(
  context: NodeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const peer = authenticatePeer(context, request);
  const text = new TextDecoder().decode(await readBody(request, 1024));
  const value = expectObject(parseJson(text, "request"), "request", ["requestId", "contribution"]);
  const requestId = checkId(value.requestId, "requestId");
  const theirs = hexToBytes(expectString(value.contribution, "contribution", HEX32), "contribution", 32);
  const mine = context.randomness.exchange(requestId, peer.party, theirs);
  send(response, 200, { contribution: bytesToHex(mine) });
}
