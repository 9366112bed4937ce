import { appendFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@pop/core/bytes";
import { answerDigest } from "@pop/uniqueness/wire/answers";
import { type ClientKind, parseClientRequest } from "@pop/uniqueness/wire/requests";
import { readJsonBody, send } from "../http.js";
import { type NodeContext, pendingAnywhere } from "../nodeContext.js";
import { runRequest } from "../runRequest.js";

/**
 * POST /v1/check, /v1/enroll, /v1/delete: a client's request (wire/requests in
 * @pop/uniqueness), answered with this node's signed result (wire/answers), or 409 for a used
 * request id, 503 while busy or recovering, 400 for a malformed body.
 */

/** The most a client's body may hold (a custody package is ~155 KB). */
const MAX_CLIENT_BYTES = 512 * 1024;

/**
 * Handles one client request.
 * @param context the node
 * @param kind the route's kind
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handleClientRequest(
  context: NodeContext,
  kind: ClientKind,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const parsed = parseClientRequest(kind, await readJsonBody(request, MAX_CLIENT_BYTES, "request"), "request");
  const { requestId } = parsed.body;
  if (context.seen.has(requestId)) {
    send(response, 409, { error: `request ${requestId} was already used` });
    return;
  }
  if (context.state.busy || pendingAnywhere(context).length > 0) {
    send(response, 503, { error: "the node is busy or recovering: try again" });
    return;
  }
  context.seen.add(requestId);
  await appendFile(context.seenLog, `${requestId}\n`, { mode: 0o600 });
  context.state.busy = true;
  context.state.running = requestId;
  try {
    const result = await runRequest(context, parsed);
    const answer = { requestId, kind, result };
    const signature = bytesToHex(ed25519.sign(answerDigest(answer), context.signingSecret));
    context.log(`${kind} ${requestId}: ${JSON.stringify(result)}`);
    send(response, 200, { ...answer, party: context.party, signature });
  } catch (error) {
    context.inboxes.get(requestId)?.fail(error as Error);
    throw error;
  } finally {
    context.state.busy = false;
    context.state.running = undefined;
    context.inboxes.delete(requestId);
  }
}
