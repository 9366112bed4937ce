/**
 * Compiles the contracts with solc-js into the text of src/generated/artifacts.ts: each contract's
 * ABI (as a const, so viem infers types), bytecode and library link references. The output
 * is deterministic; a test compiles again and compares, so the committed file always matches
 * the sources.
 *
 *   npm run compile -w @pop/contracts            # writes the file
 *   npm run compile -w @pop/contracts -- --check # exits 1 when it is out of date
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadVerificationKey } from "@pop/circuits/artifacts";
import ejs from "ejs";
import solc from "solc";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The generated file. */
export const GENERATED = join(root, "src", "generated", "artifacts.ts");

/** Circuit builds whose Groth16 verifiers are generated (see @pop/circuits). */
const VERIFIER_DEPTHS = [20, 32];

/**
 * Contracts to emit, by source file and name. Those marked "via-ir" compile through the IR
 * pipeline: the registry is over the 24,576-byte runtime limit without it (26.1 kB legacy,
 * 22.4 kB via IR), while the others keep the legacy pipeline their gas figures were measured on.
 */
const CONTRACTS: [string, string, "via-ir"?][] = [
  ["contracts/IssuerRegistry.sol", "IssuerRegistry"],
  ["contracts/HumanitySet.sol", "HumanitySet"],
  ["contracts/PersonhoodVerifier.sol", "PersonhoodVerifier"],
  ["contracts/PersonhoodToken.sol", "PersonhoodToken"],
  ["contracts/arbitration/CommitteeArbitrator.sol", "CommitteeArbitrator"],
  ["contracts/registry/HumanityRegistry.sol", "HumanityRegistry", "via-ir"],
  ["contracts/crosschain/HumanityGateway.sol", "HumanityGateway"],
  ["contracts/crosschain/LocalBridge.sol", "LocalBridge"],
  ["contracts/test/RulingRecorder.sol", "RulingRecorder"],
  ["poseidon-solidity/PoseidonT3.sol", "PoseidonT3"],
  ["poseidon-solidity/PoseidonT5.sol", "PoseidonT5"],
];

/**
 * The Groth16 verifier contracts, rendered with snarkjs's own template from each committed
 * verification key: contracts/generated/PersonhoodGroth16Verifier<depth>.sol.
 */
export async function renderVerifiers(): Promise<Record<string, string>> {
  const template = readFileSync(
    join(dirname(require.resolve("snarkjs")), "..", "templates", "verifier_groth16.sol.ejs"),
    "utf8",
  );
  const files: Record<string, string> = {};
  for (const depth of VERIFIER_DEPTHS) {
    const vkey = loadVerificationKey(depth);
    if (vkey === undefined) throw new Error(`no verification key for depth ${depth}`);
    const source = ejs
      .render(template, vkey)
      .replace("contract Groth16Verifier {", `contract PersonhoodGroth16Verifier${depth} {`);
    files[join(root, "contracts", "generated", `PersonhoodGroth16Verifier${depth}.sol`)] = source;
  }
  return files;
}

let generatedSources: Record<string, string> = {};

function findImport(path: string): { contents: string } | { error: string } {
  const generated = generatedSources[join(root, path)];
  if (generated !== undefined) return { contents: generated };
  try {
    const file = path.startsWith("contracts/") ? join(root, path) : require.resolve(path);
    return { contents: readFileSync(file, "utf8") };
  } catch {
    return { error: `not found: ${path}` };
  }
}

/** A compiled contract as solc's standard JSON output gives it (the parts pop asks for). */
export type CompiledContract = {
  abi: unknown[];
  evm: {
    bytecode: { object: string; linkReferences: Record<string, Record<string, { start: number; length: number }[]>> };
  };
};

/**
 * Compiles Solidity sources with solc-js and the project's settings (optimizer 200 runs,
 * Cancun), so pop's contracts and any baseline compiled beside them (bench/gas.ts) match.
 * @param sources file name → source text
 * @param findImport resolves imports the sources make
 * @param viaIR compile through the IR pipeline
 * @returns file → contract name → compiled contract
 * @throws Error with solc's messages when compilation fails
 */
export function compileSolidity(
  sources: Record<string, { content: string }>,
  findImport: (path: string) => { contents: string } | { error: string },
  viaIR = false,
): Record<string, Record<string, CompiledContract>> {
  const input = {
    language: "Solidity",
    sources,
    settings: {
      ...(viaIR ? { viaIR } : {}),
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.bytecode.linkReferences"] } },
    },
  };
  const result = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (result.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n"));
  }
  return result.contracts;
}

/**
 * Compiles every contract; returns every generated file's path and text: the rendered
 * verifiers and the TypeScript module.
 */
export async function compile(): Promise<Record<string, string>> {
  generatedSources = await renderVerifiers();
  const contracts: Record<string, Record<string, CompiledContract>> = {};
  for (const viaIR of [false, true]) {
    const sources: Record<string, { content: string }> = {};
    for (const [file, , pipeline] of CONTRACTS) {
      if ((pipeline === "via-ir") !== viaIR) continue;
      const found = findImport(file);
      if ("error" in found) throw new Error(found.error);
      sources[file] = { content: found.contents };
    }
    const compiled = compileSolidity(sources, findImport, viaIR);
    // Keep only the group's own files: its imports are compiled again with its pipeline.
    for (const file of Object.keys(sources)) contracts[file] = compiled[file]!;
  }
  let text = `// Generated by scripts/compile.ts with solc ${solc.version()}. Do not edit.\n\n`;
  for (const [file, name] of CONTRACTS) {
    const contract = contracts[file]?.[name];
    if (contract === undefined) throw new Error(`solc produced no ${name} in ${file}`);
    const lower = name[0]!.toLowerCase() + name.slice(1);
    text += `export const ${lower}Abi = ${JSON.stringify(contract.abi)} as const;\n\n`;
    text += `export const ${lower}Bytecode = "0x${contract.evm.bytecode.object}";\n\n`;
    text += `export const ${lower}LinkReferences: Record<string, Record<string, { start: number; length: number }[]>> = ${JSON.stringify(contract.evm.bytecode.linkReferences)};\n\n`;
  }
  return { ...generatedSources, [GENERATED]: text };
}
