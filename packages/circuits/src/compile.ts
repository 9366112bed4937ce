import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ArtifactError } from "@pop/core/errors";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** This package's root directory. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The directory of the circom sources. */
export const CIRCUITS_DIR = join(PACKAGE_ROOT, "circuits");

/** Library search path: circomlib, zk-kit's Merkle root template, and our own templates. */
export function includePaths(): string[] {
  return [
    join(dirname(require.resolve("circomlib/package.json")), "circuits"),
    join(dirname(require.resolve("@zk-kit/binary-merkle-root.circom/package.json")), "src"),
    CIRCUITS_DIR,
  ];
}

/** What a compilation wrote. */
export type CompiledCircuit = { r1cs: string; wasm: string; sym: string };

/**
 * Compiles a circom file with circom2 (the wasm build of circom 2) at --O2.
 * @param params.source path of the main .circom file
 * @param params.outDir where to write the .r1cs, .sym and _js/*.wasm
 * @returns the paths written
 */
export async function compileCircuit(params: { source: string; outDir: string }): Promise<CompiledCircuit> {
  await mkdir(params.outDir, { recursive: true });
  const cli = join(dirname(require.resolve("circom2/package.json")), "cli.js");
  // circom2 runs in a WASI sandbox that resolves include paths only below its working
  // directory, so it runs from the folder holding node_modules and every library path is
  // given relative to it, without "..".
  const cwd = resolve(dirname(require.resolve("circomlib/package.json")), "..", "..");
  const args = [cli, params.source, "--r1cs", "--wasm", "--sym", "--O2", "-o", params.outDir];
  for (const path of includePaths()) {
    args.push("-l", relative(cwd, path));
  }
  try {
    await run(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new ArtifactError(`circom2 failed on ${params.source}`, {
      cause: error,
      details: { source: params.source, output: `${stdout}${stderr}` },
    });
  }
  const name = params.source.replace(/^.*\//, "").replace(/\.circom$/, "");
  return {
    r1cs: join(params.outDir, `${name}.r1cs`),
    wasm: join(params.outDir, `${name}_js`, `${name}.wasm`),
    sym: join(params.outDir, `${name}.sym`),
  };
}
