import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ArtifactError, InputError } from "@pop/core/errors";
import { expectArray, expectInteger, expectObject, expectString, parseJson } from "@pop/core/json";
import { PACKAGE_ROOT } from "./compile.js";

/** The circuit builds shipped with this package: maximum humanity-set depths. */
export const CIRCUIT_DEPTHS = [20, 32] as const;

/** A shipped build's maximum depth. */
export type CircuitDepth = (typeof CIRCUIT_DEPTHS)[number];

/** The directory of the committed artifacts. */
export const ARTIFACTS_DIR = join(PACKAGE_ROOT, "artifacts");

/** One phase-2 contribution to a build's zkey, as `snarkjs zkey verify` lists it. */
export type Contribution = {
  /** The contributor's name ("" when the zkey records none). */
  name: string;
  /** The contribution hash (hex BLAKE2b-512), which the contributor publishes and checks. */
  hash: string;
  /** For the final random beacon: its public value (hex) and iteration exponent. */
  beacon?: { hash: string; iterationsExp: number };
};

/** One build's entry in artifacts/manifest.json. */
export type BuildEntry = {
  circuit: string;
  constraints: number;
  publicSignals: number;
  r1cs: string;
  wasm: string;
  zkey: string;
  vkey: string;
  /** Every phase-2 contribution to the zkey, in order. */
  contributions: Contribution[];
};

/** artifacts/manifest.json: how the artifacts were made, their provenance and SHA-256 hashes. */
export type Manifest = {
  compiler: string;
  /** The phase-1 powers of tau every build's setup started from. */
  ptau: { name: string; sha256: string };
  /**
   * True for a development setup (a single-contribution ptau, or no named phase-2
   * contribution): whoever made it can forge proofs. Deploying it is refused on every chain
   * but a local development chain (docs/circuits.md#trusted-setup).
   */
  developmentSetup: boolean;
  builds: Record<string, BuildEntry>;
};

/** SHA-256 of the single-contribution development ptau (pot16_dev.ptau) the committed keys use. */
export const DEV_PTAU_SHA256 = "23ab43d8237a01e85369e34de174b4687e0a39af3d6b1e4c716bb1ada15def8c";

/** The prover artifacts of one build, hash-checked. */
export type LoadedArtifacts = { maxDepth: number; wasm: Uint8Array; zkey: Uint8Array };

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const SHA256 = /^[0-9a-f]{64}$/;

function parseContribution(value: unknown, name: string): Contribution {
  const object = expectObject(value, name, ["name", "hash"], ["beacon"]);
  const contribution: Contribution = {
    name: expectString(object.name, `${name}.name`),
    hash: expectString(object.hash, `${name}.hash`, /^[0-9a-f]{128}$/),
  };
  if (object.beacon !== undefined) {
    const beacon = expectObject(object.beacon, `${name}.beacon`, ["hash", "iterationsExp"]);
    contribution.beacon = {
      hash: expectString(beacon.hash, `${name}.beacon.hash`, /^([0-9a-f]{2}){1,255}$/),
      iterationsExp: expectInteger(beacon.iterationsExp, `${name}.beacon.iterationsExp`, 10, 63),
    };
  }
  return contribution;
}

function parseBuild(value: unknown, name: string): BuildEntry {
  const keys = ["circuit", "constraints", "publicSignals", "r1cs", "wasm", "zkey", "vkey", "contributions"];
  const object = expectObject(value, name, keys);
  const hash = (key: string) => expectString(object[key], `${name}.${key}`, SHA256);
  return {
    circuit: expectString(object.circuit, `${name}.circuit`),
    constraints: expectInteger(object.constraints, `${name}.constraints`, 1, 2 ** 28),
    publicSignals: expectInteger(object.publicSignals, `${name}.publicSignals`, 1, 1024),
    r1cs: hash("r1cs"),
    wasm: hash("wasm"),
    zkey: hash("zkey"),
    vkey: hash("vkey"),
    contributions: expectArray(object.contributions, `${name}.contributions`).map((item, index) =>
      parseContribution(item, `${name}.contributions[${index}]`),
    ),
  };
}

const malformed = (error: InputError) =>
  new ArtifactError(`the circuit artifacts' manifest.json is malformed: ${error.shortMessage}`, { cause: error });

/**
 * Checks a manifest document strictly: unknown or missing fields, malformed hashes, and a
 * setup that claims not to be a development one although it is (the development ptau, or a
 * build without a secret contribution) are refused.
 * @param value the parsed manifest.json
 * @returns the manifest
 * @throws ArtifactError naming the bad field
 */
export function parseManifest(value: unknown): Manifest {
  try {
    const object = expectObject(value, "manifest", ["compiler", "ptau", "developmentSetup", "builds"]);
    const ptau = expectObject(object.ptau, "manifest.ptau", ["name", "sha256"]);
    if (typeof object.developmentSetup !== "boolean")
      throw new InputError("manifest.developmentSetup must be a boolean");
    const builds: Record<string, BuildEntry> = {};
    const depths = Object.keys(typeof object.builds === "object" && object.builds !== null ? object.builds : []);
    for (const [depth, build] of Object.entries(expectObject(object.builds, "manifest.builds", [], depths))) {
      if (!/^[1-9][0-9]?$/.test(depth)) throw new InputError(`manifest.builds has a bad depth "${depth}"`);
      builds[depth] = parseBuild(build, `manifest.builds.${depth}`);
    }
    const manifest: Manifest = {
      compiler: expectString(object.compiler, "manifest.compiler"),
      ptau: {
        name: expectString(ptau.name, "manifest.ptau.name"),
        sha256: expectString(ptau.sha256, "manifest.ptau.sha256", SHA256),
      },
      developmentSetup: object.developmentSetup,
      builds,
    };
    // A production claim must be checkable: not the development ptau, and in every build at
    // least one contribution whose secret nobody needs to know (a beacon's is public).
    const unsecret = Object.keys(builds).find((depth) => builds[depth]!.contributions.every((c) => c.beacon));
    if (!manifest.developmentSetup && manifest.ptau.sha256 === DEV_PTAU_SHA256) {
      throw new InputError("manifest.developmentSetup is false, but the ptau is the development one");
    }
    if (!manifest.developmentSetup && unsecret !== undefined) {
      throw new InputError(`manifest.developmentSetup is false, but build ${unsecret} has no secret contribution`);
    }
    return manifest;
  } catch (error) {
    throw error instanceof InputError ? malformed(error) : error;
  }
}

let manifestCache: Manifest | undefined;

/**
 * The committed manifest, checked strictly (parseManifest).
 * @throws ArtifactError when it cannot be read or is malformed
 */
export function readManifest(): Manifest {
  if (manifestCache === undefined) {
    let text: string;
    try {
      text = readFileSync(join(ARTIFACTS_DIR, "manifest.json"), "utf8");
    } catch (error) {
      throw new ArtifactError("the circuit artifacts' manifest.json cannot be read", { cause: error });
    }
    let value: unknown;
    try {
      value = parseJson(text, "manifest.json");
    } catch (error) {
      throw error instanceof InputError ? malformed(error) : error;
    }
    manifestCache = parseManifest(value);
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
