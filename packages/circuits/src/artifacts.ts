import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ArtifactError } from "@pop/core/errors";
import { PACKAGE_ROOT } from "./compile.js";

/** The circuit builds shipped with this package: maximum humanity-set depths. */
export const CIRCUIT_DEPTHS = [20, 32] as const;

/** A shipped build's maximum depth. */
export type CircuitDepth = (typeof CIRCUIT_DEPTHS)[number];

/** The directory of the committed artifacts. */
export const ARTIFACTS_DIR = join(PACKAGE_ROOT, "artifacts");

/** One build's entry in artifacts/manifest.json. */
export type BuildEntry = {
  circuit: string;
  constraints: number;
  publicSignals: number;
  r1cs: string;
  wasm: string;
  zkey: string;
  vkey: string;
};

/** artifacts/manifest.json: how the artifacts were made and their SHA-256 hashes. */
export type Manifest = {
  compiler: string;
  ptau: { name: string; sha256: string };
  builds: Record<string, BuildEntry>;
};

/** The prover artifacts of one build, hash-checked. */
export type LoadedArtifacts = { maxDepth: number; wasm: Uint8Array; zkey: Uint8Array };

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

let manifestCache: Manifest | undefined;

/** The committed manifest. */
export function readManifest(): Manifest {
  if (manifestCache === undefined) {
    try {
      manifestCache = JSON.parse(readFileSync(join(ARTIFACTS_DIR, "manifest.json"), "utf8")) as Manifest;
    } catch (error) {
      throw new ArtifactError("the circuit artifacts' manifest.json cannot be read", { cause: error });
    }
  }
  return manifestCache;
}

/**
 * The smallest shipped build whose maximum depth covers `depth`.
 * @param depth a humanity-set depth
 * @returns the build's maximum depth, or undefined when the set is too deep
 */
export function circuitDepthFor(depth: number): CircuitDepth | undefined {
  return CIRCUIT_DEPTHS.find((maxDepth) => maxDepth >= depth);
}

function readChecked(maxDepth: number, kind: "wasm" | "zkey" | "vkey"): Uint8Array {
  const entry = readManifest().builds[String(maxDepth)];
  if (entry === undefined) {
    throw new ArtifactError(`no personhood circuit build for depth ${maxDepth}`, { details: { maxDepth } });
  }
  const file = kind === "vkey" ? `personhood-${maxDepth}.vkey.json` : `personhood-${maxDepth}.${kind}`;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(ARTIFACTS_DIR, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ArtifactError(`artifact ${file} cannot be read (${code})`, { cause: error, details: { file, code } });
  }
  // Never prove or verify with an artifact that is not the one the manifest records.
  const actual = sha256(bytes);
  if (actual !== entry[kind]) {
    throw new ArtifactError(`artifact ${file} does not match its hash in manifest.json`, {
      details: { file, expected: entry[kind], actual },
    });
  }
  return bytes;
}

/**
 * Loads and hash-checks the prover artifacts (wasm, zkey) of a build.
 * @param maxDepth one of CIRCUIT_DEPTHS
 */
export function loadProverArtifacts(maxDepth: number): LoadedArtifacts {
  return { maxDepth, wasm: readChecked(maxDepth, "wasm"), zkey: readChecked(maxDepth, "zkey") };
}

/**
 * Loads and hash-checks the verification key of a build, or undefined for an unknown depth.
 * @param maxDepth a build's maximum depth
 */
export function loadVerificationKey(maxDepth: number): Record<string, unknown> | undefined {
  if (readManifest().builds[String(maxDepth)] === undefined) {
    return undefined;
  }
  return JSON.parse(new TextDecoder().decode(readChecked(maxDepth, "vkey"))) as Record<string, unknown>;
}
