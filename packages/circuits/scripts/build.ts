/**
 * Rebuilds the personhood circuit artifacts (wasm, zkey, vkey) from the circom sources and
 * a powers-of-tau file, and writes artifacts/manifest.json with every hash.
 *
 *   npm run build:circuits -- --ptau <file.ptau> [--depth 20] [--entropy <text>]
 *
 * Any phase-1 ptau prepared for phase 2 with at least 2^14 powers works: the development
 * one, or a public ceremony's (e.g. the Perpetual Powers of Tau) for production. The
 * phase-2 contribution uses fresh randomness unless --entropy is given.
 */
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { ARTIFACTS_DIR, CIRCUIT_DEPTHS, type Manifest, sha256 } from "../src/artifacts.js";
import { CIRCUITS_DIR, compileCircuit, PACKAGE_ROOT } from "../src/compile.js";

const { values } = parseArgs({
  options: { ptau: { type: "string" }, depth: { type: "string", multiple: true }, entropy: { type: "string" } },
  strict: true,
});
if (values.ptau === undefined) {
  console.error("usage: build --ptau <file.ptau> [--depth 20] [--entropy <text>]");
  process.exit(2);
}
const ptau = values.ptau;
const depths = (values.depth ?? CIRCUIT_DEPTHS.map(String)).map(Number);
const logger = {
  debug() {},
  info(message: string) {
    if (/^(Reading|Writing|Applying)/.test(message) === false) process.stderr.write(`  ${message}\n`);
  },
  warn: (message: string) => process.stderr.write(`  warn: ${message}\n`),
  error: (message: string) => process.stderr.write(`  error: ${message}\n`),
};
const step = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);

const ptauHash = sha256(await readFile(ptau));
const manifestPath = join(ARTIFACTS_DIR, "manifest.json");
let manifest: Manifest;
try {
  manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
} catch {
  manifest = { compiler: "", ptau: { name: "", sha256: "" }, builds: {} };
}
const circom2 = JSON.parse(await readFile(join(PACKAGE_ROOT, "../../node_modules/circom2/package.json"), "utf8"));
manifest.compiler = `circom2 ${circom2.version} --O2`;
manifest.ptau = { name: basename(ptau), sha256: ptauHash };

for (const depth of depths) {
  const name = `personhood-${depth}`;
  const outDir = join(PACKAGE_ROOT, "build", name);
  step(`compiling ${name}`);
  const compiled = await compileCircuit({ source: join(CIRCUITS_DIR, "main", `${name}.circom`), outDir });
  const info = await snarkjs.r1cs.info(compiled.r1cs);
  step(`${name}: ${info.nConstraints} constraints; groth16 setup`);
  const zkey0 = join(outDir, `${name}_0.zkey`);
  const zkey = join(outDir, `${name}.zkey`);
  await snarkjs.zKey.newZKey(compiled.r1cs, ptau, zkey0, logger);
  step(`${name}: phase-2 contribution`);
  const entropy = values.entropy ?? Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
  await snarkjs.zKey.contribute(zkey0, zkey, "pop build", entropy, logger);
  step(`${name}: verifying the zkey against the r1cs and ptau`);
  if (!(await snarkjs.zKey.verifyFromR1cs(compiled.r1cs, ptau, zkey, logger))) {
    throw new Error(`${name}: zkey verification failed`);
  }
  const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
  await copyFile(compiled.wasm, join(ARTIFACTS_DIR, `${name}.wasm`));
  await copyFile(zkey, join(ARTIFACTS_DIR, `${name}.zkey`));
  const vkeyText = `${JSON.stringify(vkey, null, 1)}\n`;
  await writeFile(join(ARTIFACTS_DIR, `${name}.vkey.json`), vkeyText);
  manifest.builds[String(depth)] = {
    circuit: `circuits/main/${name}.circom`,
    constraints: info.nConstraints,
    publicSignals: info.nPubInputs + info.nOutputs,
    r1cs: sha256(await readFile(compiled.r1cs)),
    wasm: sha256(await readFile(compiled.wasm)),
    zkey: sha256(await readFile(zkey)),
    vkey: sha256(new TextEncoder().encode(vkeyText)),
  };
  await rm(zkey0);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  step(`${name}: done`);
}
process.exit(0);
