import { formatIsoTime } from "@pop/core/time";
import * as snarkjs from "snarkjs";
import { textToField } from "./hashToField.js";
import type { ParsedPersonhoodProof } from "./proofDocument.js";
import {
  type DecodedDisclosure,
  type Disclosed,
  decodeDisclosure,
  encodePublicSignals,
  firstNonCanonicalSignal,
  type PublicSignals,
} from "./publicSignals.js";
import { scopeOfSpec } from "./scope.js";

/** What a relying party expects of a proof. */
export type VerificationPolicy = {
  /** Humanity-set roots accepted now: the current one and any still inside their window. */
  merkleRoots: readonly bigint[];
  /** The current issuer-set root. */
  issuerRoot: bigint;
  /** The relying party's scope (field element). */
  scope: bigint;
  /** The expected message, when the relying party binds one. */
  message?: bigint;
  /** The verifier's clock, Unix seconds. */
  at: number;
  /** Oldest proof time accepted, in seconds before `at` (default 3600). */
  maxAge?: number;
  /** Clock skew tolerated for proof times after `at`, in seconds (default 300). */
  maxFutureSkew?: number;
};

/** A verification's answer: valid with what the proof reveals, or invalid with a reason. */
export type VerificationResult =
  | { valid: true; nullifier: bigint; disclosed: Disclosed; time: number; signals: PublicSignals }
  | { valid: false; reason: string; nullifier?: bigint };

/** Default freshness window of a proof's time. */
export const DEFAULT_MAX_AGE = 3600;
export const DEFAULT_MAX_FUTURE_SKEW = 300;

/**
 * Verifies a personhood proof against a relying party's policy. Every public signal must
 * be canonical (< r), the scope, message, roots and time must match the policy, the decoded
 * view (if any) must agree with the signals, and the Groth16 pairing check must pass.
 * @param proof the parsed proof document
 * @param policy what the relying party expects, and `verificationKey`: the vkey of the
 *        proof's circuit build (its maxDepth), undefined when that build is unknown
 * @returns the result; never throws for a bad proof
 */
export async function verifyPersonhoodProof(
  proof: ParsedPersonhoodProof,
  policy: VerificationPolicy & { verificationKey: unknown },
): Promise<VerificationResult> {
  const { verificationKey } = policy;
  const { signals } = proof;
  const invalid = (reason: string): VerificationResult => {
    const result: VerificationResult = { valid: false, reason };
    return firstNonCanonicalSignal(signals) === undefined ? { ...result, nullifier: signals.nullifier } : result;
  };
  const overflow = firstNonCanonicalSignal(signals);
  if (overflow !== undefined) {
    return invalid(`public signal ${overflow} is not a canonical field element (>= the BN254 scalar field modulus)`);
  }
  if (verificationKey === undefined) {
    return invalid(`no verification key for a circuit of depth ${proof.maxDepth}`);
  }
  if (signals.scope !== policy.scope) {
    return invalid("the proof is for another scope");
  }
  if (policy.message !== undefined && signals.message !== policy.message) {
    return invalid("the proof binds another message");
  }
  if (signals.merkleRoot === 0n || !policy.merkleRoots.includes(signals.merkleRoot)) {
    return invalid("the proof's humanity-set root is not an accepted root of the set");
  }
  if (signals.issuerRoot !== policy.issuerRoot) {
    return invalid("the proof's issuer-set root is not the current issuer-set root");
  }
  // The time is packed into the disclosure signal; its 40 bits keep it inside a Date's range.
  let decoded: DecodedDisclosure;
  try {
    decoded = decodeDisclosure(signals.disclosure);
  } catch (error) {
    return invalid(`the disclosure signal is malformed: ${(error as Error).message}`);
  }
  const { time, disclosed } = decoded;
  if (time > policy.at + (policy.maxFutureSkew ?? DEFAULT_MAX_FUTURE_SKEW)) {
    return invalid(`the proof's time ${formatIsoTime(time)} is in the future`);
  }
  if (time < policy.at - (policy.maxAge ?? DEFAULT_MAX_AGE)) {
    return invalid(`the proof's time ${formatIsoTime(time)} is too old`);
  }
  const mismatch = decodedViewMismatch(proof, decoded);
  if (mismatch !== undefined) {
    return invalid(`the proof file's decoded view does not match its public signals (${mismatch})`);
  }
  let pairingOk = false;
  try {
    pairingOk = await snarkjs.groth16.verify(verificationKey, encodePublicSignals(signals), proof.proof);
  } catch {
    pairingOk = false;
  }
  if (!pairingOk) {
    return invalid("the Groth16 proof does not verify against its public signals");
  }
  return { valid: true, nullifier: signals.nullifier, disclosed, time, signals };
}

function decodedViewMismatch(proof: ParsedPersonhoodProof, { time, disclosed }: DecodedDisclosure): string | undefined {
  const view = proof.decoded;
  if (view === undefined) {
    return undefined;
  }
  const { signals } = proof;
  const checks: [string, boolean][] = [
    ["merkleRoot", view.merkleRoot === signals.merkleRoot.toString()],
    ["issuerRoot", view.issuerRoot === signals.issuerRoot.toString()],
    ["nullifier", view.nullifier === signals.nullifier.toString()],
    ["scope", scopeOfSpec(view) === signals.scope],
    ["message", textToField(view.message) === signals.message],
    ["time", view.time === formatIsoTime(time)],
    [
      "disclosed",
      Object.keys(view.disclosed).length === Object.keys(disclosed).length &&
        view.disclosed.country === disclosed.country &&
        view.disclosed.kind === disclosed.kind,
    ],
  ];
  return checks.find(([, ok]) => !ok)?.[0];
}
