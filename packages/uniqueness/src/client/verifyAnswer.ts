import { ed25519 } from "@noble/curves/ed25519.js";
import { hexToBytes } from "@pop/core/bytes";
import { ClusterError, InputError } from "@pop/core/errors";
import { expectObject } from "@pop/core/json";
import type { NodeInfo } from "../cluster/clusterFile.js";
import { answerDigest, parseAnswerResult, type SignedAnswer } from "../wire/answers.js";
import type { ClientKind } from "../wire/requests.js";

const SIGNATURE = /^[0-9a-f]{128}$/;

/**
 * Checks one node's answer: it is for this request and kind, from this node, signed with the
 * node's key from the cluster file over exactly the result it carries, and that result is
 * well-formed.
 * @param options.node the node, as the cluster file lists it
 * @param options.kind the request's kind
 * @param options.requestId the request's id
 * @param options.value the node's parsed JSON answer
 * @returns the answer, its result read strictly
 * @throws ClusterError when the answer is not this node's signed answer to this request
 */
export function verifyAnswer<K extends ClientKind>(options: {
  node: NodeInfo;
  kind: K;
  requestId: string;
  value: unknown;
}): SignedAnswer<K> {
  const { node, kind, requestId } = options;
  const bad = new ClusterError(`node ${node.party} sent an answer with a bad signature`, {
    details: { party: node.party, requestId },
  });
  let answer: Record<string, unknown>;
  try {
    answer = expectObject(options.value, "answer", ["requestId", "kind", "result", "party", "signature"]);
  } catch {
    throw bad;
  }
  const signature = answer.signature;
  if (
    answer.requestId !== requestId ||
    answer.kind !== kind ||
    answer.party !== node.party ||
    typeof signature !== "string" ||
    !SIGNATURE.test(signature) ||
    !ed25519.verify(
      hexToBytes(signature, "signature", 64),
      answerDigest({ requestId, kind, result: answer.result }),
      hexToBytes(node.signingKey, "signingKey", 32),
    )
  ) {
    throw bad;
  }
  try {
    return { requestId, kind, result: parseAnswerResult(kind, answer.result, "result"), party: node.party, signature };
  } catch (error) {
    const message = error instanceof InputError ? error.shortMessage : "malformed";
    throw new ClusterError(`node ${node.party} signed a malformed answer: ${message}`, { cause: error });
  }
}
