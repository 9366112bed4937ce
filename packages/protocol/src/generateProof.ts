import { CredentialError, InputError, ProofError, SetError } from "@pop/core/errors";
import { MAX_TIME } from "@pop/core/time";
import * as snarkjs from "snarkjs";
import { kindCode, packAttributes } from "./attributes.js";
import { type Credential, checkCredential, credentialLeaf } from "./credential.js";
import { isFieldElement } from "./field.js";
import type { HumanitySet } from "./humanitySet.js";
import type { PopIdentity } from "./identity.js";
import { type IssuerSet, issuerMembershipWitness } from "./issuerSet.js";
import { type Groth16Proof, parseGroth16Proof } from "./publicSignals.js";

/** A personhood circuit build: its maximum set depth and its prover artifacts. */
export type CircuitArtifacts = { maxDepth: number; wasm: Uint8Array; zkey: Uint8Array };

/** Which optional attributes the proof reveals. */
export type DisclosureChoice = { country?: boolean; kind?: boolean };

/** Everything a personhood proof is made from. */
export type PersonhoodProofParams = {
  /** The holder's two keys: the authenticator proves control, the nullifier key makes the nullifier. */
  identity: PopIdentity;
  /** Signed or registry-backed: either proves the same way, from its leaf in the humanity set. */
  credential: Credential;
  humanitySet: HumanitySet;
  issuerSet: IssuerSet;
  /** The scope as a field element (see textToField). */
  scope: bigint;
  /** The message as a field element (see textToField). */
  message: bigint;
  /** The proof's time, Unix seconds: the credential must be valid then. */
  time: number;
  disclose?: DisclosureChoice;
};

/** A proof and its public signals, both exactly as snarkjs writes them. */
export type PersonhoodProof = { maxDepth: number; proof: Groth16Proof; publicSignals: string[] };

/**
 * The circuit input of a personhood proof (personhood.circom), after checking everything
 * the circuit would otherwise reject with an opaque witness error.
 * @param params what the proof is made from
 * @param maxDepth the circuit build's maximum set depth
 * @returns the input object snarkjs takes
 */
export function personhoodCircuitInput(params: PersonhoodProofParams, maxDepth: number): Record<string, unknown> {
  const { identity, credential, humanitySet, issuerSet, scope, message, time } = params;
  if (!isFieldElement(scope) || !isFieldElement(message)) {
    throw new InputError("scope and message must be field elements");
  }
  if (!Number.isSafeInteger(time) || time < 0 || time > MAX_TIME) {
    throw new InputError("time must be Unix seconds below 2^40");
  }
  if (credential.commitment !== identity.commitment) {
    throw new CredentialError(
      "the credential was issued to another authenticator commitment (after a rotation, use the credential issued for the new one)",
    );
  }
  if (credential.nullifierCommitment !== identity.nullifierCommitment) {
    throw new CredentialError("the credential was issued to another nullifier commitment: another human's keys");
  }
  checkCredential(credential, { issuers: issuerSet, at: time });
  const leaf = credentialLeaf(credential);
  if (!humanitySet.has(leaf)) {
    throw new SetError("the credential's leaf is not in the humanity set");
  }
  const merkleProof = humanitySet.merkleProof(leaf);
  if (merkleProof.siblings.length > maxDepth) {
    throw new SetError(`the humanity set is deeper (${merkleProof.siblings.length}) than this circuit's ${maxDepth}`);
  }
  const siblings = [...merkleProof.siblings];
  while (siblings.length < maxDepth) {
    siblings.push(0n);
  }
  const { attributes } = credential;
  const disclose = (params.disclose?.country ? 1 : 0) | (params.disclose?.kind ? 2 : 0);
  // Packing validates every range once more before anything reaches the prover.
  packAttributes(attributes);
  const issuerWitness = issuerMembershipWitness(issuerSet.words(), attributes.issuerId);
  return {
    secret: identity.authenticator.secretScalar,
    nullifierKey: identity.nullifierKey,
    issuerId: attributes.issuerId,
    kind: kindCode(attributes.kind),
    country: attributes.country,
    issuedAt: attributes.issuedAt,
    expiresAt: attributes.expiresAt,
    merkleProofLength: merkleProof.siblings.length,
    merkleProofIndex: merkleProof.index,
    merkleProofSiblings: siblings,
    issuerWords: issuerWitness.words,
    issuerOtherGroup: issuerWitness.otherGroup,
    disclose,
    scope,
    message,
    time,
  };
}

/**
 * Generates a personhood proof (Groth16, snarkjs).
 * @param params what the proof is made from
 * @param artifacts the circuit build to prove with; its maxDepth must cover the set's depth
 * @returns the proof and public signals
 * @example
 * const proof = await generatePersonhoodProof({ identity, credential, humanitySet, issuerSet,
 *   scope: textToField("poll-42"), message: textToField("yes"), time: nowSeconds() }, artifacts)
 */
export async function generatePersonhoodProof(
  params: PersonhoodProofParams,
  artifacts: CircuitArtifacts,
): Promise<PersonhoodProof> {
  const input = personhoodCircuitInput(params, artifacts.maxDepth);
  try {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, artifacts.wasm, artifacts.zkey);
    return { maxDepth: artifacts.maxDepth, proof: parseGroth16Proof(proof), publicSignals };
  } catch (error) {
    throw new ProofError("proof generation failed", { cause: error });
  }
}

/**
 * Ends the worker threads snarkjs keeps for the BN254 curve, so a short-lived process can
 * exit on its own. Proving again afterwards starts them anew.
 */
export async function releaseProver(): Promise<void> {
  const cached = (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128;
  if (cached !== undefined && cached !== null) {
    (globalThis as { curve_bn128?: unknown }).curve_bn128 = null;
    await cached.terminate();
  }
}
