import type { Agent } from "node:https";
import { ClusterError } from "@pop/core/errors";
import type { ClientKey } from "../cluster/clientKey.js";
import type { Cluster, NodeInfo } from "../cluster/clusterFile.js";
import { linkAgent, requestOverLink } from "../cluster/tlsLink.js";
import type { CancelRequest } from "../wire/envelope.js";
import { type BodyOf, packageHashOf, type RequestEnvelope, type RequestKind, signRequest } from "../wire/envelope.js";
import { newRequestId } from "../wire/ids.js";
import { type ResultOf, type SignedResult, verifyResult } from "../wire/results.js";

/**
 * The uniqueness client: one request to all three nodes, one agreed and signed result back.
 * The nodes run the MPC among themselves; the client only sends and checks. Every call goes
 * over TLS 1.3 with the client's certificate, to the node's pinned certificate
 * (docs/uniqueness.md#operators-keys-and-links).
 */

/** A node's answers are a few hundred bytes; anything near this is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** What callCluster returns: the request's id, the agreed result and the three signed answers. */
export type ClusterAnswer<K extends RequestKind> = {
  requestId: string;
  result: ResultOf<K>;
  answers: SignedResult<K>[];
};

async function post(
  agent: Agent,
  node: NodeInfo,
  route: string,
  body: unknown,
): Promise<{ ok: boolean; status: number; value: unknown }> {
  const { status, body: bytes } = await requestOverLink({
    agent,
    url: node.url,
    path: `/v1/${route}`,
    body: new TextEncoder().encode(JSON.stringify(body)),
    headers: { "content-type": "application/json" },
    limit: MAX_ANSWER_BYTES,
  });
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    value = undefined;
  }
  return { ok: status >= 200 && status < 300, status, value };
}

/**
 * One agent per node for a client: its TLS identity, the node's certificate pinned.
 * @param cluster the cluster file
 * @param client the client's keys
 * @returns the agents, by party (destroy them when done)
 */
export function clientAgents(cluster: Cluster, client: ClientKey): Agent[] {
  const identity = { key: client.tlsKey, certificate: client.certificate };
  return cluster.nodes.map((node) => linkAgent({ identity, peerCertificate: node.certificate }));
}

function refusalOf(value: unknown, status: number): string {
  const error = value !== null && typeof value === "object" ? (value as { error?: unknown }).error : undefined;
  return typeof error === "string" ? error.slice(0, 500) : String(status);
}

async function ask<K extends RequestKind>(
  agent: Agent,
  node: NodeInfo,
  envelope: RequestEnvelope<K>,
): Promise<SignedResult<K>> {
  let response: Awaited<ReturnType<typeof post>>;
  try {
    response = await post(agent, node, envelope.kind, envelope);
  } catch (error) {
    throw new ClusterError(`node ${node.party} at ${node.url} is unreachable`, {
      cause: error,
      details: { party: node.party },
    });
  }
  const { value } = response;
  if (!response.ok) {
    throw new ClusterError(`node ${node.party} refused: ${refusalOf(value, response.status)}`, {
      details: { party: node.party, status: response.status },
    });
  }
  const pkg = "package" in envelope.body ? envelope.body.package : undefined;
  return verifyResult({
    node,
    kind: envelope.kind,
    requestId: envelope.requestId,
    packageHash: packageHashOf(envelope),
    nullifierCommitment: pkg?.nullifierCommitment ?? "",
    value,
  });
}

/**
 * Signs one request as the client, sends it to all three nodes, checks each answer's Ed25519
 * signature (over the request, its package hash, N and the result) against the cluster file and
 * that all three agree, and returns the result with the three signatures (what an issuer keeps to
 * show which package got which answer).
 * @param options.cluster the cluster file
 * @param options.kind check, enroll, delete or recover
 * @param options.body the request's body (docs/uniqueness.md#clients-and-answers)
 * @param options.requestId the request's id (default: a fresh one)
 * @param options.client the client's keys (client-key.json, parseClientKey): its certificate
 *   opens the links, and the cluster file must register it
 * @returns the agreed result and the signed answers, by party
 * @throws ClusterError when a node is unreachable (or refuses the TLS handshake), refuses the
 *   request, signs wrongly, or the nodes disagree
 * @example
 * const { result } = await callCluster({ cluster, kind: "check", body: { package: pkg }, client });
 */
export async function callCluster<K extends RequestKind>(options: {
  cluster: Cluster;
  kind: K;
  body: BodyOf<K>;
  client: ClientKey;
  requestId?: string;
}): Promise<ClusterAnswer<K>> {
  const { cluster, kind, body, client } = options;
  const requestId = options.requestId ?? newRequestId();
  const envelope = signRequest<K>(
    { requestId, kind, client: client.id, time: Math.floor(Date.now() / 1000), body },
    client.signing,
  );
  const agents = clientAgents(cluster, client);
  let answers: SignedResult<K>[];
  try {
    const calls = cluster.nodes.map((node) => ask(agents[node.party]!, node, envelope));
    try {
      answers = await Promise.all(calls);
    } catch (error) {
      // The others would wait for the failed node until their timeout: tell them to stop, and
      // let their calls end before returning, so that the next request finds them free.
      const cancel: CancelRequest = { requestId };
      await Promise.allSettled(cluster.nodes.map((node) => post(agents[node.party]!, node, "cancel", cancel)));
      await Promise.allSettled(calls);
      throw error;
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  // A recovery's results differ only in each node's own sealed share.
  const results = answers.map((answer) =>
    JSON.stringify("share" in answer.result ? { ...answer.result, share: "sealed" } : answer.result),
  );
  if (new Set(results).size !== 1) {
    throw new ClusterError(`the nodes disagree: ${results.join(" / ")}`);
  }
  return { requestId, result: answers[0]!.result, answers };
}

/**
 * A node's GET /v1/status (its party and gallery sizes), over the client's link.
 * @param options.cluster the cluster file
 * @param options.client the client's keys
 * @param options.party the node
 * @returns the node's status object
 * @throws ClusterError when the node is unreachable or refuses
 */
export async function nodeStatus(options: {
  cluster: Cluster;
  client: ClientKey;
  party: number;
}): Promise<Record<string, unknown>> {
  const node = options.cluster.nodes[options.party];
  if (node === undefined) throw new ClusterError(`no node ${options.party}`);
  const { client } = options;
  const agent = linkAgent({
    identity: { key: client.tlsKey, certificate: client.certificate },
    peerCertificate: node.certificate,
  });
  try {
    const { status, body } = await requestOverLink({
      agent,
      method: "GET",
      url: node.url,
      path: "/v1/status",
      limit: MAX_ANSWER_BYTES,
    });
    if (status !== 200) throw new ClusterError(`node ${node.party} refused its status (${status})`);
    return JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ClusterError) throw error;
    throw new ClusterError(`node ${node.party} at ${node.url} is unreachable`, { cause: error });
  } finally {
    agent.destroy();
  }
}
