import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { CIRCUIT_DEPTHS } from "../src/artifacts.js";
import { CIRCUITS_DIR, type CompiledCircuit, compileCircuit } from "../src/compile.js";

declare module "vitest" {
  export interface ProvidedContext {
    compiled: Record<string, CompiledCircuit>;
  }
}

/**
 * Compiles every shipped personhood circuit from source once per test run, so the tests can
 * compare the result with the committed artifacts and check tampered witnesses against the
 * r1cs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "pop-circuits-"));
  const compiled: Record<string, CompiledCircuit> = {};
  for (const depth of CIRCUIT_DEPTHS) {
    const name = `personhood-${depth}`;
    compiled[String(depth)] = await compileCircuit({
      source: join(CIRCUITS_DIR, "main", `${name}.circom`),
      outDir: join(dir, name),
    });
  }
  project.provide("compiled", compiled);
  return () => rm(dir, { recursive: true, force: true });
}
