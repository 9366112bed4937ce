import type { NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import { requestOverLink } from "@pop/uniqueness/cluster/tlsLink";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import type { NodeContext } from "./nodeContext.js";
import { PeerError } from "./peerLink.js";
import type { ControlMessage } from "./sequencer.js";

/**
 * What a node sends to its peers over their peer ports (mutual TLS, keep-alive agents): one
 * protocol message to the previous node (POST /v1/peer), and, when settling, a question about
 * a request's state (POST /v1/peer/status).
 */

/** Peers answer with a few bytes of JSON. */
const MAX_PEER_ANSWER_BYTES = 4096;

/**
 * Posts one round's message of a request to the previous node.
 * @param context the node
 * @param requestId the request
 * @param round the round
 * @param payload the message
 * @throws PeerError when the previous node is unreachable or refuses the message
 */
export async function sendPeerMessage(
  context: NodeContext,
  requestId: string,
  round: number,
  payload: Uint8Array,
): Promise<void> {
  const { previous } = context;
  let answer: { status: number; body: Uint8Array };
  try {
    answer = await requestOverLink({
      agent: context.peerAgents.get(previous.party)!,
      url: previous.peerUrl,
      path: "/v1/peer",
      body: payload,
      headers: { "content-type": "application/octet-stream", "x-pop-request": requestId, "x-pop-round": String(round) },
      limit: MAX_PEER_ANSWER_BYTES,
    });
  } catch (error) {
    throw new PeerError(`node ${previous.party} at ${previous.peerUrl} is unreachable`, { cause: error });
  }
  if (answer.status !== 200) {
    const text = new TextDecoder().decode(answer.body).slice(0, 200);
    throw new PeerError(`node ${previous.party} refused round ${round}: ${text}`);
  }
}

/**
 * Asks a peer where a request stands there (running, pending, committed or none).
 * @param context the node
 * @param peer the peer
 * @param requestId the request
 * @returns the peer's answer, or undefined when it cannot be reached or refuses
 */
export async function askPeerState(
  context: NodeContext,
  peer: NodeInfo,
  requestId: string,
): Promise<string | undefined> {
  try {
    const answer = await requestOverLink({
      agent: context.peerAgents.get(peer.party)!,
      url: peer.peerUrl,
      path: "/v1/peer/status",
      body: new TextEncoder().encode(requestId),
      limit: MAX_PEER_ANSWER_BYTES,
    });
    if (answer.status !== 200) return undefined;
    return String((JSON.parse(new TextDecoder().decode(answer.body)) as { state?: unknown }).state);
  } catch {
    return undefined;
  }
}

/**
 * Sends a sequencing message (sequencer.ts) to a peer's POST /v1/peer/order.
 * @param context the node
 * @param to the peer's party
 * @param message the message
 * @throws PeerError when the peer is unreachable or refuses it
 */
export async function sendControl(context: NodeContext, to: Party, message: ControlMessage): Promise<void> {
  const peer = context.nodes[to]!;
  let answer: { status: number; body: Uint8Array };
  try {
    answer = await requestOverLink({
      agent: context.peerAgents.get(to)!,
      url: peer.peerUrl,
      path: "/v1/peer/order",
      body: new TextEncoder().encode(JSON.stringify(message)),
      headers: { "content-type": "application/json" },
      limit: MAX_PEER_ANSWER_BYTES,
    });
  } catch (error) {
    throw new PeerError(`node ${to} at ${peer.peerUrl} is unreachable`, { cause: error });
  }
  if (answer.status !== 200) {
    throw new PeerError(`node ${to} refused ${message.type}: ${new TextDecoder().decode(answer.body).slice(0, 200)}`);
  }
}
