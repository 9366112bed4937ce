import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToHex, hexToBytes, randomBytes } from "@pop/core/bytes";
import { ClusterError } from "@pop/core/errors";
import type { Cluster } from "./cluster.js";
import { answerDigest } from "./node.js";

export { ClusterError };

/** One node's signed answer. */
export type SignedAnswer = {
  requestId: string;
  kind: string;
  result: Record<string, unknown>;
  party: number;
  signature: string;
};

/** A fresh request id: 16 random bytes in hex. */
export function newRequestId(): string {
  return bytesToHex(randomBytes(16));
}

/**
 * Sends one request to all three nodes, checks each answer's Ed25519 signature against the
 * cluster file and that all three agree, and returns the result with the three signatures
 * (what an issuer keeps to show the check happened).
 */
export async function callCluster(options: {
  cluster: Cluster;
  kind: "check" | "enroll" | "delete";
  body: Record<string, unknown> & { requestId: string };
}): Promise<{ result: Record<string, unknown>; answers: SignedAnswer[] }> {
  const calls = options.cluster.nodes.map(async (node) => {
    let response: Response;
    try {
      response = await fetch(`${node.url}/v1/${options.kind}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(options.body),
      });
    } catch (error) {
      throw new ClusterError(`node ${node.party} at ${node.url} is unreachable`, { cause: error });
    }
    const answer = (await response.json().catch(() => ({}))) as SignedAnswer & { error?: string };
    if (!response.ok) {
      throw new ClusterError(`node ${node.party} refused: ${answer.error ?? response.status}`);
    }
    const valid =
      answer.requestId === options.body.requestId &&
      answer.kind === options.kind &&
      answer.party === node.party &&
      typeof answer.signature === "string" &&
      ed25519.verify(
        hexToBytes(answer.signature, "signature", 64),
        answerDigest(answer),
        hexToBytes(node.signingKey, "signingKey", 32),
      );
    if (!valid) {
      throw new ClusterError(`node ${node.party} sent an answer with a bad signature`);
    }
    return answer;
  });
  let answers: SignedAnswer[];
  try {
    answers = await Promise.all(calls);
  } catch (error) {
    // The others would wait for the failed node until their timeout: tell them to stop, and
    // let their calls end before returning, so that the next request finds them free.
    await Promise.allSettled(
      options.cluster.nodes.map((node) =>
        fetch(`${node.url}/v1/cancel`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ requestId: options.body.requestId }),
        }),
      ),
    );
    await Promise.allSettled(calls);
    throw error;
  }
  const results = answers.map((answer) => JSON.stringify(answer.result));
  if (new Set(results).size !== 1) {
    throw new ClusterError(`the nodes disagree: ${results.join(" / ")}`);
  }
  return { result: answers[0]!.result, answers };
}
