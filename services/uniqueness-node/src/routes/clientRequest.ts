import type { IncomingMessage, ServerResponse } from "node:http";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import { PopError } from "@pop/core/errors";
import { openCustodyPart, openEscrowPart, verifyPackageSource } from "@pop/uniqueness/custody/package";
import {
  type CheckBody,
  packageHashOf,
  parseRequest,
  type RequestKind,
  verifyRequest,
} from "@pop/uniqueness/wire/envelope";
import { resultDigest } from "@pop/uniqueness/wire/results";
import { authenticateClient } from "../clientAuth.js";
import { runOrdered } from "../execute/run.js";
import type { OpenedRequest } from "../execute/types.js";
import { RequestRefused, readJsonBody, send } from "../http.js";
import type { NodeContext } from "../nodeContext.js";
import { executionContext } from "../nodeExecution.js";
import { recordSeen } from "../requestLog.js";

/**
 * POST /v1/check, /v1/enroll, /v1/delete, /v1/recover (client port): a registered issuer's
 * signed request (wire/envelope in @pop/uniqueness). The node checks it, opens its own part and
 * checks the capture source's signature before telling node 0 it holds the request; then the
 * request waits its turn and runs (execute/run.ts), and the node answers with its signed result
 * (wire/results). A request this node cannot take is refused here and dropped for all three.
 */

/** The most a client's body may hold (an iris package is ~310 KB). */
const MAX_CLIENT_BYTES = 512 * 1024;
/** Recoveries a node runs per N in an hour. */
const RECOVERIES_PER_HOUR = 5;

function recoveryAllowed(context: NodeContext, nullifierCommitment: string, now: number): boolean {
  const recent = (context.recoveries.get(nullifierCommitment) ?? []).filter((time) => now - time < 3600);
  if (recent.length >= RECOVERIES_PER_HOUR) return false;
  recent.push(now);
  context.recoveries.set(nullifierCommitment, recent);
  return true;
}

/** Reads, checks and opens a request; throws a PopError saying why it cannot be taken. */
async function openRequest(context: NodeContext, kind: RequestKind, request: IncomingMessage): Promise<OpenedRequest> {
  const client = authenticateClient(context, request);
  const value = await readJsonBody(request, MAX_CLIENT_BYTES, "request");
  const envelope = parseRequest(kind, value, "request");
  const now = Math.floor(Date.now() / 1000);
  verifyRequest(envelope, { clients: context.clientList, peer: client.id, now });
  const { requestId } = envelope;
  if (context.seen.has(requestId)) throw new RequestRefused(409, `request ${requestId} was already used`);
  context.seen.add(requestId);
  await recordSeen(context.dataDir, envelope.time, requestId);
  const digest = bytesToHex(sha256(new TextEncoder().encode(JSON.stringify(value))));
  if (envelope.kind === "delete") {
    return { envelope, client, digest, packageHash: "", nullifierCommitment: "" };
  }
  try {
    return openPackage(context, { envelope, client, digest }, now);
  } catch (error) {
    // The request is a registered client's and fresh: tell node 0, so that the two other nodes
    // drop it at once instead of waiting for this one.
    context.sequencer.refuse(requestId, error instanceof PopError ? error.shortMessage : "internal error");
    throw error;
  }
}

function openPackage(
  context: NodeContext,
  request: Pick<OpenedRequest, "envelope" | "client" | "digest">,
  now: number,
): OpenedRequest {
  const { envelope } = request;
  const pkg = (envelope.body as CheckBody).package;
  verifyPackageSource(pkg, context.sources);
  const secret = hexToBytes(context.secrets.encryption, "encryption", 32);
  const shares = openCustodyPart(pkg, context.party, secret);
  const escrow = envelope.kind === "enroll" ? openEscrowPart(pkg, context.party, secret) : undefined;
  if (envelope.kind === "recover" && !recoveryAllowed(context, pkg.nullifierCommitment, now)) {
    throw new RequestRefused(429, `too many recoveries for this N (${RECOVERIES_PER_HOUR} an hour)`);
  }
  return {
    ...request,
    packageHash: packageHashOf(envelope),
    nullifierCommitment: pkg.nullifierCommitment,
    shares,
    ...(escrow === undefined ? {} : { escrow }),
  };
}

/**
 * Handles one client request.
 * @param context the node
 * @param kind the route's kind
 * @param request the HTTP request
 * @param response the HTTP response
 */
export async function handleClientRequest(
  context: NodeContext,
  kind: RequestKind,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const opened = await openRequest(context, kind, request);
  const { envelope } = opened;
  const { requestId } = envelope;
  await context.sequencer.submit(requestId, opened.digest);
  const result = await context.serial(async () => {
    context.state.running = requestId;
    try {
      return await runOrdered(executionContext(context), opened);
    } catch (error) {
      context.inboxes.get(requestId)?.fail(error as Error);
      throw error;
    } finally {
      context.state.running = undefined;
      context.inboxes.delete(requestId);
    }
  });
  const signed = {
    requestId,
    kind,
    packageHash: opened.packageHash,
    nullifierCommitment: opened.nullifierCommitment,
    result,
  };
  const signature = bytesToHex(ed25519.sign(resultDigest(signed), context.signingSecret));
  context.log(`${kind} ${requestId} from ${opened.client.id}: ${JSON.stringify(resultForLog(result))}`);
  send(response, 200, { ...signed, party: context.party, signature });
}

/** What the log keeps of a result: never a sealed share. */
function resultForLog(result: object): object {
  return "share" in result ? { ...result, share: "(sealed to the device key)" } : result;
}
