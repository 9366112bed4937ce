import { sha256 } from "@noble/hashes/sha2.js";
import { InputError } from "@pop/core/errors";
import { expectInteger, expectObject, expectString } from "@pop/core/json";
import { MODALITIES, type Modality } from "../custodyPackage.js";
import type { Party } from "../mpc/templateShares.js";
import type { ClientKind } from "./requests.js";

/**
 * What a node answers (JSON): for a client request, the result signed with the node's Ed25519
 * key over answerDigest; for a refusal, `{error}` with a 4xx/5xx status; for a cancel,
 * `{cancelled}`. All three nodes must sign the same result for a client to accept it.
 */

/** The result of a check. */
export type CheckResult = { modality: Modality; unique: boolean };
/** Why an enrolment was refused. */
export type EnrollRefusal = "person id already enrolled" | "a matching person is enrolled";
/** The result of an enrolment: the slot the person took, or why not. */
export type EnrollResult =
  | { modality: Modality; enrolled: true; slot: number }
  | { modality: Modality; enrolled: false; reason: EnrollRefusal };
/** The result of a delete: whether the person was in any gallery. */
export type DeleteResult = { deleted: boolean };

/** The result of a request of kind K. */
export type AnswerResult<K extends ClientKind> = {
  check: CheckResult;
  enroll: EnrollResult;
  delete: DeleteResult;
}[K];

/** One node's signed answer. */
export type SignedAnswer<K extends ClientKind = ClientKind> = {
  requestId: string;
  kind: K;
  result: AnswerResult<K>;
  party: Party;
  /** Ed25519 signature (hex) over answerDigest. */
  signature: string;
};

/** A node's answer to /v1/cancel: whether that request was running there. */
export type CancelAnswer = { cancelled: boolean };
/** A node's refusal. */
export type ErrorAnswer = { error: string };

const REFUSALS: readonly EnrollRefusal[] = ["person id already enrolled", "a matching person is enrolled"];

/**
 * What a node signs: sha256 of the JSON text of [requestId, kind, result].
 * @param answer the request id, kind and result, the result's keys in the order the node sent them
 * @returns the 32-byte digest
 */
export function answerDigest(answer: { requestId: string; kind: string; result: unknown }): Uint8Array {
  return sha256(new TextEncoder().encode(JSON.stringify([answer.requestId, answer.kind, answer.result])));
}

function expectBoolean(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") {
    throw new InputError(`${name} must be true or false`);
  }
  return value;
}

function expectModality(value: unknown, name: string): Modality {
  if (!MODALITIES.includes(value as Modality)) {
    throw new InputError(`${name} must be one of ${MODALITIES.join(", ")}`);
  }
  return value as Modality;
}

/**
 * Reads a result strictly, rebuilt with its keys in the order nodes write them.
 * @param kind the request's kind
 * @param value the parsed JSON
 * @param name what it is, for error messages
 * @returns the result
 * @throws InputError naming the bad field
 */
export function parseAnswerResult<K extends ClientKind>(kind: K, value: unknown, name: string): AnswerResult<K> {
  if (kind === "delete") {
    const object = expectObject(value, name, ["deleted"]);
    return { deleted: expectBoolean(object.deleted, `${name}.deleted`) } as AnswerResult<K>;
  }
  if (kind === "check") {
    const object = expectObject(value, name, ["modality", "unique"]);
    return {
      modality: expectModality(object.modality, `${name}.modality`),
      unique: expectBoolean(object.unique, `${name}.unique`),
    } as AnswerResult<K>;
  }
  const head = expectObject(value, name, ["modality", "enrolled"], ["slot", "reason"]);
  const modality = expectModality(head.modality, `${name}.modality`);
  if (expectBoolean(head.enrolled, `${name}.enrolled`)) {
    const object = expectObject(value, name, ["modality", "enrolled", "slot"]);
    return {
      modality,
      enrolled: true,
      slot: expectInteger(object.slot, `${name}.slot`, 0, 0xffff_ffff),
    } as AnswerResult<K>;
  }
  const object = expectObject(value, name, ["modality", "enrolled", "reason"]);
  const reason = expectString(object.reason, `${name}.reason`);
  if (!REFUSALS.includes(reason as EnrollRefusal)) {
    throw new InputError(`${name}.reason must be one of: ${REFUSALS.join("; ")}`);
  }
  return { modality, enrolled: false, reason: reason as EnrollRefusal } as AnswerResult<K>;
}
