import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "@pop/core/bytes";
import { ClusterError, InputError } from "@pop/core/errors";
import { expectInteger, expectObject, expectString } from "@pop/core/json";
import type { NodeInfo } from "../cluster/clusterFile.js";
import type { Modality } from "../custody/package.js";
import type { SealedBox } from "../custody/seal.js";
import type { Decision } from "../mpc/matchDecision.js";
import type { RequestKind } from "./envelope.js";

/**
 * What a node answers, version 2 (docs/uniqueness.md#clients-and-answers): the result signed with
 * the node's Ed25519 key over (request id, kind, package hash, N, result), so an issuer can show
 * which package, for which person, got which answer. All three nodes must sign the same result.
 */

/** A check's result: the N-aware answer and nothing more. */
export type CheckResult = { modality: Modality; decision: Decision };
/** Why an enrolment stored nothing. */
export type EnrollRefusal =
  | "the same human is enrolled"
  | "another person matches"
  | "person id already enrolled"
  | "the template is out of form";
/** An enrolment's result: the slot taken, or why nothing was stored. */
export type EnrollResult =
  | { modality: Modality; enrolled: true; slot: number }
  | { modality: Modality; enrolled: false; reason: EnrollRefusal };
/** Why a delete removed nothing. */
export type DeleteRefusal =
  | "the person is not enrolled"
  | "the consent is not by the person's authenticator"
  | "the consent does not sign this request";
/** A delete's result: removed from every gallery, or why not. */
export type DeleteResult = { deleted: true } | { deleted: false; reason: DeleteRefusal };
/** A recovery's result: on a match, this node's escrow share sealed to the request's device key. */
export type RecoverResult =
  | { modality: Modality; recovered: true; share: SealedBox }
  | { modality: Modality; recovered: false };

/** A node's answer to /v1/cancel: whether that request was running there. */
export type CancelAnswer = { cancelled: boolean };

/** The result of each kind. */
export type ResultOf<K extends RequestKind> = {
  check: CheckResult;
  enroll: EnrollResult;
  delete: DeleteResult;
  recover: RecoverResult;
}[K];

/** One node's signed answer. */
export type SignedResult<K extends RequestKind = RequestKind> = {
  requestId: string;
  kind: K;
  party: 0 | 1 | 2;
  /** The request's package hash (hex), or "" for a delete. */
  packageHash: string;
  /** The package's N, or "" for a delete. */
  nullifierCommitment: string;
  result: ResultOf<K>;
  signature: string;
};

const REFUSALS: readonly EnrollRefusal[] = [
  "the same human is enrolled",
  "another person matches",
  "person id already enrolled",
  "the template is out of form",
];
const DELETE_REFUSALS: readonly DeleteRefusal[] = [
  "the person is not enrolled",
  "the consent is not by the person's authenticator",
  "the consent does not sign this request",
];
const DECISIONS: readonly Decision[] = ["unique", "same-human", "conflict"];
const MODALITIES: readonly Modality[] = ["iris", "face"];

/** What a node signs: sha256 of the JSON text of [requestId, kind, packageHash, N, result]. */
export function resultDigest(answer: Omit<SignedResult, "signature" | "party">): Uint8Array {
  const fields = [answer.requestId, answer.kind, answer.packageHash, answer.nullifierCommitment, answer.result];
  return sha256(new TextEncoder().encode(JSON.stringify(fields)));
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new InputError(`${name} must be one of: ${allowed.join(", ")}`);
  return value as T;
}

function expectBoolean(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") throw new InputError(`${name} must be true or false`);
  return value;
}

/**
 * Reads a result strictly, rebuilt with its keys in the order nodes write them.
 * @throws InputError naming the bad field
 */
export function parseResult<K extends RequestKind>(kind: K, value: unknown, name: string): ResultOf<K> {
  if (kind === "delete") {
    const deleted = expectBoolean(expectObject(value, name, ["deleted"], ["reason"]).deleted, `${name}.deleted`);
    const object = expectObject(value, name, deleted ? ["deleted"] : ["deleted", "reason"]);
    return (
      deleted ? { deleted } : { deleted, reason: oneOf(object.reason, `${name}.reason`, DELETE_REFUSALS) }
    ) as ResultOf<K>;
  }
  if (kind === "check") {
    const object = expectObject(value, name, ["modality", "decision"]);
    return {
      modality: oneOf(object.modality, `${name}.modality`, MODALITIES),
      decision: oneOf(object.decision, `${name}.decision`, DECISIONS),
    } as ResultOf<K>;
  }
  const flag = kind === "enroll" ? "enrolled" : "recovered";
  const head = expectObject(value, name, ["modality", flag], ["slot", "reason", "share"]);
  const modality = oneOf(head.modality, `${name}.modality`, MODALITIES);
  const yes = expectBoolean(head[flag], `${name}.${flag}`);
  if (kind === "enroll") {
    const object = expectObject(value, name, ["modality", "enrolled", yes ? "slot" : "reason"]);
    return (
      yes
        ? { modality, enrolled: true, slot: expectInteger(object.slot, `${name}.slot`, 0, 0xffff_ffff) }
        : { modality, enrolled: false, reason: oneOf(object.reason, `${name}.reason`, REFUSALS) }
    ) as ResultOf<K>;
  }
  if (!yes) {
    expectObject(value, name, ["modality", "recovered"]);
    return { modality, recovered: false } as ResultOf<K>;
  }
  const object = expectObject(value, name, ["modality", "recovered", "share"]);
  const share = expectObject(object.share, `${name}.share`, ["nodeKey", "ephemeralKey", "nonce", "ciphertext"]);
  const hex = (field: string, length: number) =>
    expectString(share[field], `${name}.share.${field}`, new RegExp(`^[0-9a-f]{${length}}$`));
  return {
    modality,
    recovered: true,
    share: {
      nodeKey: hex("nodeKey", 64),
      ephemeralKey: hex("ephemeralKey", 64),
      nonce: hex("nonce", 48),
      ciphertext: expectString(share.ciphertext, `${name}.share.ciphertext`, /^[A-Za-z0-9+/]{64}$/),
    },
  } as ResultOf<K>;
}

/**
 * Checks one node's answer: for this request, kind, package and N, from this node, signed over
 * exactly what it carries, and well-formed.
 * @throws ClusterError when it is not this node's signed answer to this request
 */
export function verifyResult<K extends RequestKind>(options: {
  node: NodeInfo;
  kind: K;
  requestId: string;
  packageHash: string;
  nullifierCommitment: string;
  value: unknown;
}): SignedResult<K> {
  const { node, kind, requestId, packageHash, nullifierCommitment } = options;
  const bad = new ClusterError(`node ${node.party} sent an answer with a bad signature`, {
    details: { party: node.party, requestId },
  });
  let answer: Record<string, unknown>;
  try {
    answer = expectObject(options.value, "answer", [
      "requestId",
      "kind",
      "party",
      "packageHash",
      "nullifierCommitment",
      "result",
      "signature",
    ]);
  } catch {
    throw bad;
  }
  const signature = answer.signature;
  const signed = { requestId, kind, packageHash, nullifierCommitment, result: answer.result as ResultOf<K> };
  let valid = false;
  try {
    valid =
      answer.requestId === requestId &&
      answer.kind === kind &&
      answer.party === node.party &&
      answer.packageHash === packageHash &&
      answer.nullifierCommitment === nullifierCommitment &&
      typeof signature === "string" &&
      /^[0-9a-f]{128}$/.test(signature) &&
      ed25519.verify(
        hexToBytes(signature, "signature", 64),
        resultDigest(signed),
        hexToBytes(node.signingKey, "signingKey", 32),
      );
  } catch {
    valid = false;
  }
  if (!valid) throw bad;
  try {
    return {
      ...signed,
      party: node.party,
      result: parseResult(kind, answer.result, "result"),
      signature: signature as string,
    };
  } catch (error) {
    const message = error instanceof InputError ? error.shortMessage : "malformed";
    throw new ClusterError(`node ${node.party} signed a malformed answer: ${message}`, { cause: error });
  }
}
