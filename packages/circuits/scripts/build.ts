/**
 * Rebuilds the personhood circuit artifacts (wasm, zkey, vkey) from the circom sources and
 * a powers-of-tau file, and writes manifest.json with every hash and the setup's provenance:
 * the ptau's name and sha256, whether it is a development setup, and each zkey's phase-2
 * contributions (docs/circuits.md, "Trusted setup").
 *
 *   npm run build:circuits -- --ptau <file.ptau> [--depth 20|32]... [--contribute <name>]...
 *                             [--beacon <hex>] [--out <dir>]
 *
 * Any phase-1 ptau prepared for phase 2 with at least 2^14 powers works: the development
 * one, or a public ceremony's (e.g. the Perpetual Powers of Tau) for production. Each
 * --contribute adds a phase-2 contribution under that name with fresh randomness; --beacon
 * finalises the keys with a public random value. Without --contribute, one anonymous
 * contribution is made and the setup is recorded as a development one. Everything is built
 * under build/ first; the output folder (default artifacts/) is written only at the end.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { ArtifactError, InputError } from "@pop/core/errors";
import { parseJson } from "@pop/core/json";
import * as snarkjs from "snarkjs";
import { type BuildEntry, type Manifest, parseManifest, sha256 } from "../src/artifacts.js";
import { CIRCUITS_DIR, compileCircuit, PACKAGE_ROOT } from "../src/compile.js";
import { BUILD_USAGE, type BuildOptions, parseBuildArgs } from "./buildArgs.js";
import {
  checkKeptBuilds,
  DEV_CONTRIBUTION_NAME,
  isDevelopmentSetup,
  nextManifest,
  type SetupRun,
} from "./buildManifest.js";
import { type Logger, runPhase2 } from "./phase2.js";

const logger: Logger = {
  debug() {},
  info(message: string) {
    if (/^(Reading|Writing|Applying)/.test(message) === false) process.stderr.write(`  ${message}\n`);
  },
  warn: (message: string) => process.stderr.write(`  warn: ${message}\n`),
  error: (message: string) => process.stderr.write(`  error: ${message}\n`),
};
const step = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);

/** The manifest already in the output folder, or undefined when there is none. */
async function previousManifest(dir: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, "manifest.json"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return parseManifest(parseJson(text, `${dir}/manifest.json`));
}

/** Compiles one build, runs its setup and returns its entry and files. */
async function buildOne(depth: number, options: BuildOptions) {
  const name = `personhood-${depth}`;
  const outDir = join(PACKAGE_ROOT, "build", name);
  step(`compiling ${name}`);
  const compiled = await compileCircuit({ source: join(CIRCUITS_DIR, "main", `${name}.circom`), outDir });
  const info = await snarkjs.r1cs.info(compiled.r1cs);
  step(`${name}: ${info.nConstraints} constraints; groth16 setup`);
  const zkey0 = join(outDir, `${name}_0.zkey`);
  const zkey = join(outDir, `${name}.zkey`);
  await snarkjs.zKey.newZKey(compiled.r1cs, options.ptau, zkey0, logger);
  const names = options.contributions.length > 0 ? options.contributions : [DEV_CONTRIBUTION_NAME];
  step(`${name}: phase-2 contributions (${names.join(", ")})${options.beacon === undefined ? "" : " and the beacon"}`);
  const contributions = await runPhase2({
    from: zkey0,
    to: zkey,
    contributions: names,
    ...(options.beacon === undefined ? {} : { beacon: options.beacon }),
    logger,
  });
  step(`${name}: verifying the zkey against the r1cs and ptau`);
  if (!(await snarkjs.zKey.verifyFromR1cs(compiled.r1cs, options.ptau, zkey, logger))) {
    throw new ArtifactError(`${name}: zkey verification failed`);
  }
  const vkeyText = `${JSON.stringify(await snarkjs.zKey.exportVerificationKey(zkey), null, 1)}\n`;
  const entry: BuildEntry = {
    circuit: `circuits/main/${name}.circom`,
    constraints: info.nConstraints,
    publicSignals: info.nPubInputs + info.nOutputs,
    r1cs: sha256(await readFile(compiled.r1cs)),
    wasm: sha256(await readFile(compiled.wasm)),
    zkey: sha256(await readFile(zkey)),
    vkey: sha256(new TextEncoder().encode(vkeyText)),
    contributions,
  };
  return { depth, name, entry, wasm: compiled.wasm, zkey, vkeyText };
}

async function main(options: BuildOptions): Promise<void> {
  const circom2 = JSON.parse(await readFile(join(PACKAGE_ROOT, "../../node_modules/circom2/package.json"), "utf8"));
  const ptauSha256 = sha256(await readFile(options.ptau));
  const run: SetupRun = {
    compiler: `circom2 ${circom2.version} --O2`,
    ptau: { name: basename(options.ptau), sha256: ptauSha256 },
    developmentSetup: isDevelopmentSetup({ ptauSha256, contributions: options.contributions }),
    depths: options.depths,
  };
  const previous = await previousManifest(options.out);
  checkKeptBuilds(previous, run);
  if (run.developmentSetup) {
    step("a DEVELOPMENT setup (the development ptau, or no --contribute): whoever ran it can forge proofs");
  }
  const built = [];
  for (const depth of options.depths) built.push(await buildOne(depth, options));
  const manifest = nextManifest(previous, run, Object.fromEntries(built.map((b) => [String(b.depth), b.entry])));
  await mkdir(options.out, { recursive: true });
  for (const build of built) {
    await copyFile(build.wasm, join(options.out, `${build.name}.wasm`));
    await copyFile(build.zkey, join(options.out, `${build.name}.zkey`));
    await writeFile(join(options.out, `${build.name}.vkey.json`), build.vkeyText);
  }
  await writeFile(join(options.out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  step(`wrote ${options.out}`);
}

try {
  await main(parseBuildArgs(process.argv.slice(2)));
  process.exit(0);
} catch (error) {
  if (!(error instanceof InputError || error instanceof ArtifactError)) throw error;
  process.stderr.write(`build: ${error.shortMessage}\n${error instanceof InputError ? `${BUILD_USAGE}\n` : ""}`);
  process.exit(error instanceof InputError ? 2 : 1);
}
