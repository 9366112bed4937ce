/**
 * Compiles the contracts with solc-js into the generated TypeScript modules: one per contract
 * (src/generated/<contract>.ts: its ABI as a const, so viem infers types, its bytecode and its
 * library link references; test contracts go to test/generated/, outside the package's
 * exports), and the Solidity enums (src/generated/enums.ts, see enums.ts). The output is
 * deterministic; a test compiles again and compares, so the committed files always match the
 * sources.
 *
 *   npm run compile -w @pop/contracts            # writes the files
 *   npm run compile -w @pop/contracts -- --check # exits 1 when one is out of date
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadVerificationKey } from "@pop/circuits/artifacts";
import { ArtifactError, InputError } from "@pop/core/errors";
import ejs from "ejs";
import solc from "solc";
import { renderEnums, solidityEnums } from "./enums.js";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The folder of the generated modules the package exports. */
export const GENERATED = join(root, "src", "generated");
/** The folder of the generated modules of the test contracts (not exported). */
export const TEST_GENERATED = join(root, "test", "generated");

/** Circuit builds whose Groth16 verifiers are generated (see @pop/circuits). */
const VERIFIER_DEPTHS = [20, 32];

/**
 * Contracts to emit, by source file and name. Those marked "via-ir" compile through the IR
 * pipeline: the registry is over the 24,576-byte runtime limit without it (24,166 bytes via IR,
 * with its challenges, appeal rounds and vouch counting in the external libraries Challenges,
 * AppealRounds and Vouching), while the others keep the
 * legacy pipeline their gas figures were measured on.
 * Those marked "published" keep their ABI from the source but take the creation bytecode the
 * package publishes for its deterministic deployments (poseidon-solidity's deploy/*.js): it is
 * the code deployed on public chains, and it costs about half the gas of solc-js's compile of
 * the same source (a Poseidon T4 hash: 35.0k gas against 77.6k; T3: 18.4k against 29.7k).
 */
const CONTRACTS: [string, string, ("via-ir" | "published")?][] = [
  ["contracts/IssuerRegistry.sol", "IssuerRegistry"],
  ["contracts/HumanitySet.sol", "HumanitySet"],
  ["contracts/PersonhoodVerifier.sol", "PersonhoodVerifier"],
  ["contracts/PersonhoodToken.sol", "PersonhoodToken"],
  ["contracts/arbitration/CommitteeArbitrator.sol", "CommitteeArbitrator"],
  ["contracts/registry/HumanityRegistry.sol", "HumanityRegistry", "via-ir"],
  ["contracts/registry/libraries/AppealRounds.sol", "AppealRounds", "via-ir"],
  ["contracts/registry/libraries/Challenges.sol", "Challenges", "via-ir"],
  ["contracts/registry/libraries/Vouching.sol", "Vouching", "via-ir"],
  ["contracts/crosschain/HumanityGateway.sol", "HumanityGateway"],
  ["contracts/crosschain/LocalBridge.sol", "LocalBridge"],
  ["contracts/test/RulingRecorder.sol", "RulingRecorder"],
  ["contracts/test/ActionConsumer.sol", "ActionConsumer"],
  ["contracts/test/PohConsumer.sol", "PohConsumer"],
  ["poseidon-solidity/PoseidonT3.sol", "PoseidonT3", "published"],
  ["poseidon-solidity/PoseidonT4.sol", "PoseidonT4", "published"],
  ["poseidon-solidity/PoseidonT5.sol", "PoseidonT5", "published"],
];

/** The creation bytecode a package publishes for a library (poseidon-solidity/deploy/<name>.js). */
function publishedBytecode(name: string): string {
  const { bytecode } = require(`poseidon-solidity/deploy/${name}.js`) as { bytecode: string };
  if (!/^0x[0-9a-f]+$/.test(bytecode)) throw new InputError(`poseidon-solidity publishes no bytecode for ${name}`);
  return bytecode.slice(2);
}

/** A test contract (under contracts/test/): its module goes to test/generated/. */
const isTestContract = (file: string) => file.startsWith("contracts/test/");

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
    if (vkey === undefined) throw new ArtifactError(`no verification key for depth ${depth}`, { details: { depth } });
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
 * @throws InputError with solc's messages when compilation fails
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
    throw new InputError(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n"));
  }
  return result.contracts;
}

/** "HumanitySet" → "humanitySet": the stem of a contract's module and export names. */
export const moduleName = (contract: string) => contract[0]!.toLowerCase() + contract.slice(1);

/**
 * The text of one contract's module: `<name>Abi`, `<name>Bytecode`, `<name>LinkReferences`.
 * @param file the contract's source file
 * @param name the contract's name
 * @param contract what solc compiled
 * @returns the module's text
 */
function renderContract(file: string, name: string, contract: CompiledContract, published: boolean): string {
  const lower = moduleName(name);
  const origin = published
    ? `the ABI by solc ${solc.version()} from ${file}, the bytecode as poseidon-solidity publishes it (deploy/${name}.js)`
    : `solc ${solc.version()} from ${file}`;
  return [
    `// Generated by scripts/compile.ts with ${origin}. Do not edit.`,
    "",
    `/** ${name}'s ABI, as a const so viem infers its types. */`,
    `export const ${lower}Abi = ${JSON.stringify(contract.abi)} as const;`,
    "",
    `/** ${name}'s creation bytecode (libraries unlinked: see ${lower}LinkReferences and link.ts). */`,
    `export const ${lower}Bytecode = "0x${contract.evm.bytecode.object}";`,
    "",
    `/** Where ${name}'s bytecode takes each library's address: source file → library → byte ranges. */`,
    `export const ${lower}LinkReferences: Record<string, Record<string, { start: number; length: number }[]>> = ${JSON.stringify(contract.evm.bytecode.linkReferences)};`,
    "",
  ].join("\n");
}

/**
 * Compiles every contract; returns every generated file's path and text: the rendered
 * verifiers, one TypeScript module per contract and the enums.
 */
export async function compile(): Promise<Record<string, string>> {
  generatedSources = await renderVerifiers();
  const contracts: Record<string, Record<string, CompiledContract>> = {};
  for (const viaIR of [false, true]) {
    const sources: Record<string, { content: string }> = {};
    for (const [file, , pipeline] of CONTRACTS) {
      if ((pipeline === "via-ir") !== viaIR) continue;
      const found = findImport(file);
      if ("error" in found) throw new InputError(found.error, { details: { file } });
      sources[file] = { content: found.contents };
    }
    const compiled = compileSolidity(sources, findImport, viaIR);
    // Keep only the group's own files: its imports are compiled again with its pipeline.
    for (const file of Object.keys(sources)) contracts[file] = compiled[file]!;
  }
  const files: Record<string, string> = { ...generatedSources };
  for (const [file, name, how] of CONTRACTS) {
    const compiled = contracts[file]?.[name];
    if (compiled === undefined)
      throw new InputError(`solc produced no ${name} in ${file}`, { details: { file, name } });
    const contract =
      how === "published"
        ? { ...compiled, evm: { bytecode: { object: publishedBytecode(name), linkReferences: {} } } }
        : compiled;
    const folder = isTestContract(file) ? TEST_GENERATED : GENERATED;
    files[join(folder, `${moduleName(name)}.ts`)] = renderContract(file, name, contract, how === "published");
  }
  files[join(GENERATED, "enums.ts")] = renderEnums(solidityEnums(root));
  return files;
}
