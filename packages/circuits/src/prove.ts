import { SetError } from "@pop/core/errors";
import {
  generatePersonhoodProof,
  type PersonhoodProof,
  type PersonhoodProofParams,
  personhoodCircuitInput,
} from "@pop/protocol/generateProof";
import { circuitDepthFor, loadProverArtifacts, readManifest } from "./artifacts.js";

/** What a proving run reports as it goes (the CLI prints it on stderr). */
export type ProveProgress = (message: string) => void;

/**
 * Proves personhood with the bundled circuit artifacts, picking the smallest build whose
 * maximum depth covers the humanity set (as Semaphore does; docs/circuits.md).
 * @param params what the proof is made from
 * @param options.onProgress told which build proves and how long it took
 * @returns the proof
 * @throws SetError when the set is deeper than every build; the errors of generatePersonhoodProof
 */
export async function provePersonhood(
  params: PersonhoodProofParams,
  options: { onProgress?: ProveProgress } = {},
): Promise<PersonhoodProof> {
  const maxDepth = circuitDepthFor(params.humanitySet.depth);
  if (maxDepth === undefined) {
    throw new SetError(`the humanity set's depth ${params.humanitySet.depth} exceeds every circuit build`);
  }
  // Every refusal (another identity's credential, a leaf not in the set, an expired
  // credential…) comes before the artifacts are loaded and before anything is said.
  personhoodCircuitInput(params, maxDepth);
  const artifacts = loadProverArtifacts(maxDepth);
  const constraints = readManifest().builds[String(maxDepth)]?.constraints;
  options.onProgress?.(`proving with personhood-${maxDepth} (${constraints} constraints)…`);
  const started = performance.now();
  const proof = await generatePersonhoodProof(params, artifacts);
  options.onProgress?.(`proved in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return proof;
}
