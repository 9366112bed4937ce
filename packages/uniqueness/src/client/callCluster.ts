import { ClusterError } from "@pop/core/errors";
import type { Cluster, NodeInfo } from "../cluster/clusterFile.js";
import type { AnswerResult, SignedAnswer } from "../wire/answers.js";
import type { CancelRequest, ClientKind, RequestBody } from "../wire/requests.js";
import { verifyAnswer } from "./verifyAnswer.js";

/**
 * The uniqueness client: one request to all three nodes, one agreed and signed result back.
 * The nodes run the MPC among themselves; the client only sends and checks.
 */

/** What callCluster returns: the agreed result and the three signed answers. */
export type ClusterAnswer<K extends ClientKind> = { result: AnswerResult<K>; answers: SignedAnswer<K>[] };

function post(node: NodeInfo, route: string, body: unknown): Promise<Response> {
  return fetch(`${node.url}/v1/${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

function refusalOf(value: unknown, status: number): string {
  const error = value !== null && typeof value === "object" ? (value as { error?: unknown }).error : undefined;
  return typeof error === "string" ? error.slice(0, 500) : String(status);
}

async function ask<K extends ClientKind>(node: NodeInfo, kind: K, body: RequestBody<K>): Promise<SignedAnswer<K>> {
  let response: Response;
  try {
    response = await post(node, kind, body);
  } catch (error) {
    throw new ClusterError(`node ${node.party} at ${node.url} is unreachable`, {
      cause: error,
      details: { party: node.party },
    });
  }
  const value: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ClusterError(`node ${node.party} refused: ${refusalOf(value, response.status)}`, {
      details: { party: node.party, status: response.status },
    });
  }
  return verifyAnswer({ node, kind, requestId: body.requestId, value });
}

/**
 * Sends one request to all three nodes, checks each answer's Ed25519 signature against the
 * cluster file and that all three agree, and returns the result with the three signatures
 * (what an issuer keeps to show the check happened).
 * @param options.cluster the cluster file
 * @param options.kind check, enroll or delete
 * @param options.body the request (a fresh requestId from newRequestId)
 * @returns the agreed result and the signed answers, by party
 * @throws ClusterError when a node is unreachable, refuses, signs wrongly, or the nodes disagree
 * @example
 * const { result } = await callCluster({ cluster, kind: "check", body: { requestId: newRequestId(), package: pkg } });
 */
export async function callCluster<K extends ClientKind>(options: {
  cluster: Cluster;
  kind: K;
  body: RequestBody<K>;
}): Promise<ClusterAnswer<K>> {
  const { cluster, kind, body } = options;
  const calls = cluster.nodes.map((node) => ask(node, kind, body));
  let answers: SignedAnswer<K>[];
  try {
    answers = await Promise.all(calls);
  } catch (error) {
    // The others would wait for the failed node until their timeout: tell them to stop, and
    // let their calls end before returning, so that the next request finds them free.
    const cancel: CancelRequest = { requestId: body.requestId };
    await Promise.allSettled(cluster.nodes.map((node) => post(node, "cancel", cancel)));
    await Promise.allSettled(calls);
    throw error;
  }
  const results = answers.map((answer) => JSON.stringify(answer.result));
  if (new Set(results).size !== 1) {
    throw new ClusterError(`the nodes disagree: ${results.join(" / ")}`);
  }
  return { result: answers[0]!.result, answers };
}
