import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ArtifactError } from "@pop/core/errors";
import * as snarkjs from "snarkjs";
import type { Contribution } from "../src/artifacts.js";
import { readZkeyContributions } from "./zkeyContributions.js";

/** The beacon's name in the zkey, and its iteration exponent (2^10 hash rounds, as snarkjs's docs use). */
export const BEACON_NAME = "final beacon";
export const BEACON_ITERATIONS_EXP = 10;

/** A snarkjs logger (debug, info, warn, error). */
export type Logger = Record<"debug" | "info" | "warn" | "error", (message: string) => void>;

/**
 * Phase 2 of a Groth16 setup: named contributions, each with fresh randomness from the
 * operating system (snarkjs mixes in its own), then an optional final beacon.
 * @param params.from the zkey to contribute to (the one newZKey made, or a key to extend)
 * @param params.to where the final zkey goes
 * @param params.contributions the contributors' names, in order (at least one)
 * @param params.beacon the beacon's public value, hex, when the key is finalised
 * @param params.logger where snarkjs reports
 * @returns every contribution the final zkey records (those of `from` first)
 * @throws ArtifactError when snarkjs refuses a step or the zkey does not record what was done
 */
export async function runPhase2(params: {
  from: string;
  to: string;
  contributions: readonly string[];
  beacon?: string;
  logger?: Logger;
}): Promise<Contribution[]> {
  if (params.contributions.length === 0) throw new ArtifactError("phase 2 needs at least one contribution");
  const before = readZkeyContributions(await readFile(params.from));
  const work = await mkdtemp(join(dirname(params.to), ".phase2-"));
  const hashes: string[] = [];
  try {
    let current = params.from;
    for (const [index, name] of params.contributions.entries()) {
      const next = join(work, `${index}.zkey`);
      const entropy = randomBytes(32).toString("hex");
      hashes.push(hex(await snarkjs.zKey.contribute(current, next, name, entropy, params.logger)));
      current = next;
    }
    if (params.beacon !== undefined) {
      const next = join(work, "beacon.zkey");
      const hash = await snarkjs.zKey.beacon(
        current,
        next,
        BEACON_NAME,
        params.beacon,
        BEACON_ITERATIONS_EXP,
        params.logger,
      );
      if (hash === false) throw new ArtifactError("snarkjs refused the beacon", { details: { beacon: params.beacon } });
      hashes.push(hex(hash));
      current = next;
    }
    await copyFile(current, params.to);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const after = readZkeyContributions(await readFile(params.to));
  // The manifest lists what the key records; it must be what this run just did.
  const added = after.slice(before.length).map((contribution) => contribution.hash);
  if (after.length !== before.length + hashes.length || added.some((hash, i) => hash !== hashes[i])) {
    throw new ArtifactError("the zkey does not record the contributions just made", { details: { hashes } });
  }
  return after;
}

function hex(hash: unknown): string {
  if (!(hash instanceof Uint8Array)) throw new ArtifactError("snarkjs returned no contribution hash");
  return Buffer.from(hash).toString("hex");
}
