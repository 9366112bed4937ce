import { InputError } from "@pop/core/errors";
import { type BuildEntry, DEV_PTAU_SHA256, type Manifest, parseManifest } from "../src/artifacts.js";

/** The name of the one anonymous phase-2 contribution a build without --contribute makes. */
export const DEV_CONTRIBUTION_NAME = "pop build";

/**
 * Whether a build makes a development setup: from the development ptau (one contribution,
 * whose maker can forge proofs), or without a named phase-2 contribution (the builder alone
 * knew the only secret and nobody was asked to vouch for its deletion).
 * @param params.ptauSha256 the phase-1 file's sha256
 * @param params.contributions the --contribute names
 */
export function isDevelopmentSetup(params: { ptauSha256: string; contributions: readonly string[] }): boolean {
  return params.ptauSha256 === DEV_PTAU_SHA256 || params.contributions.length === 0;
}

/** What a build run sets in the manifest, whatever builds it keeps. */
export type SetupRun = {
  compiler: string;
  ptau: { name: string; sha256: string };
  developmentSetup: boolean;
  /** The depths this run builds. */
  depths: readonly number[];
};

/**
 * Refuses, before any work, a run that rebuilds only some builds with another compiler or
 * ptau than the builds it keeps: the manifest records one compiler and one phase-1 file.
 * @param previous the manifest already in the output folder, if any
 * @param run what this run sets
 * @throws InputError naming what differs and the builds that would keep the old value
 */
export function checkKeptBuilds(previous: Manifest | undefined, run: SetupRun): void {
  const kept = Object.keys(previous?.builds ?? {}).filter((depth) => !run.depths.includes(Number(depth)));
  if (previous === undefined || kept.length === 0) return;
  const which = `build ${kept.join(", ")}`;
  if (previous.ptau.sha256 !== run.ptau.sha256) {
    throw new InputError(
      `${which} came from ${previous.ptau.name}, not ${run.ptau.name}: rebuild every depth with a new ptau`,
    );
  }
  if (previous.compiler !== run.compiler) {
    throw new InputError(`${which} was compiled by ${previous.compiler}, not ${run.compiler}: rebuild every depth`);
  }
}

/**
 * The manifest after a build run: the previous one's other builds kept, this run's builds
 * (hashes and phase-2 contributions) set, and the setup a development one when this run's is
 * or a kept build's was.
 * @param previous the manifest already in the output folder, if any
 * @param run what this run sets
 * @param builds this run's entries, by depth
 * @returns the manifest, checked as readManifest checks it
 * @throws InputError when the run may not keep the previous builds (checkKeptBuilds)
 * @throws ArtifactError when the result is not a valid manifest (a production claim without a
 *   secret contribution)
 */
export function nextManifest(
  previous: Manifest | undefined,
  run: SetupRun,
  builds: Record<string, BuildEntry>,
): Manifest {
  checkKeptBuilds(previous, run);
  const kept = Object.entries(previous?.builds ?? {}).filter(([depth]) => !(depth in builds));
  const developmentSetup = run.developmentSetup || (kept.length > 0 && previous?.developmentSetup === true);
  const merged = Object.fromEntries([...kept, ...Object.entries(builds)].sort(([a], [b]) => Number(a) - Number(b)));
  return parseManifest({ compiler: run.compiler, ptau: run.ptau, developmentSetup, builds: merged });
}
