import type { NodeInfo } from "@pop/uniqueness/cluster/clusterFile";
import type { NodeContext } from "./nodeContext.js";
import { pairwiseKey } from "./nodeKeys.js";
import { PeerError, peerMac } from "./peerLink.js";

/**
 * What a node sends to its peers: one protocol message to the previous node (POST /v1/peer),
 * and, when settling, a question about a request's state (POST /v1/peer/status).
 */

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
  const { party, previous } = context;
  const mac = peerMac({ key: context.macToPrevious, requestId, from: party, to: previous.party, round, payload });
  let response: Response;
  try {
    response = await fetch(`${previous.url}/v1/peer`, {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        "x-pop-request": requestId,
        "x-pop-from": String(party),
        "x-pop-round": String(round),
        "x-pop-mac": mac,
      },
      body: payload as Uint8Array<ArrayBuffer>,
    });
  } catch (error) {
    throw new PeerError(`node ${previous.party} at ${previous.url} is unreachable`, { cause: error });
  }
  if (!response.ok) {
    throw new PeerError(`node ${previous.party} refused round ${round}: ${(await response.text()).slice(0, 200)}`);
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
  const payload = new TextEncoder().encode(requestId);
  const key = pairwiseKey({ secrets: context.secrets, peer, purpose: "mac" });
  try {
    const response = await fetch(`${peer.url}/v1/peer/status`, {
      method: "POST",
      headers: {
        "x-pop-request": requestId,
        "x-pop-from": String(context.party),
        "x-pop-mac": peerMac({ key, requestId, from: context.party, to: peer.party, round: 0, payload }),
      },
      body: payload,
    });
    return response.ok ? String(((await response.json()) as { state?: unknown }).state) : undefined;
  } catch {
    return undefined;
  }
}
