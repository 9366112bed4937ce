import { parseArgs } from "node:util";
import { InputError } from "@pop/core/errors";
import { ARTIFACTS_DIR, CIRCUIT_DEPTHS } from "../src/artifacts.js";

/** What the build script prints on bad arguments. */
export const BUILD_USAGE =
  "usage: build --ptau <file.ptau> [--depth 20|32]... [--contribute <name>]... [--beacon <hex>] [--out <dir>]";

/** The build script's parsed arguments. */
export type BuildOptions = {
  /** The phase-1 powers of tau, prepared for phase 2. */
  ptau: string;
  /** The builds to make (default: every shipped depth). */
  depths: number[];
  /** Where the artifacts and manifest.json go (default: the package's artifacts/). */
  out: string;
  /** Named phase-2 contributions, in order, each with fresh randomness. */
  contributions: string[];
  /** The final beacon's public value (lowercase hex), applied after the contributions. */
  beacon?: string;
};

/** snarkjs stores at most 64 characters of a contribution's name (and silently cuts the rest). */
const MAX_NAME = 64;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        ptau: { type: "string" },
        depth: { type: "string", multiple: true },
        contribute: { type: "string", multiple: true },
        beacon: { type: "string" },
        out: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new InputError((error as Error).message, { cause: error });
  }
}

/**
 * Parses the build script's arguments.
 * @param argv the arguments after the script's name
 * @returns the options
 * @throws InputError naming the bad argument (an unknown option, a missing --ptau, a depth that
 *   is not shipped, an empty, too long or repeated contribution name, a beacon that is not hex)
 * @example
 * parseBuildArgs(["--ptau", "pot.ptau", "--contribute", "alice", "--beacon", "0a1b"]);
 */
export function parseBuildArgs(argv: string[]): BuildOptions {
  const values = parse(argv);
  if (values.ptau === undefined || values.ptau === "") throw new InputError("--ptau <file.ptau> is required");
  const depths = (values.depth ?? CIRCUIT_DEPTHS.map(String)).map((text) => {
    const depth = CIRCUIT_DEPTHS.find((shipped) => String(shipped) === text);
    if (depth === undefined) throw new InputError(`--depth must be one of ${CIRCUIT_DEPTHS.join(", ")}, not "${text}"`);
    return depth;
  });
  if (new Set(depths).size !== depths.length) throw new InputError("--depth is repeated");
  const contributions = values.contribute ?? [];
  for (const name of contributions) {
    // A name is what a contributor finds their contribution by: it must survive the zkey intact.
    if (name.trim() === "" || name.length > MAX_NAME || /\p{Cc}/u.test(name)) {
      throw new InputError(`--contribute needs a name of 1 to ${MAX_NAME} printable characters, not "${name}"`);
    }
  }
  if (new Set(contributions).size !== contributions.length) throw new InputError("--contribute names repeat");
  if (values.out === "") throw new InputError("--out needs a directory");
  const options: BuildOptions = { ptau: values.ptau, depths, out: values.out ?? ARTIFACTS_DIR, contributions };
  if (values.beacon !== undefined) {
    // snarkjs's beacon takes 1 to 255 bytes; a ceremony publishes e.g. a future block hash.
    const hex = values.beacon.replace(/^0x/, "");
    if (!/^([0-9a-fA-F]{2}){1,255}$/.test(hex)) {
      throw new InputError("--beacon must be 1 to 255 bytes of hex (e.g. a block hash)");
    }
    options.beacon = hex.toLowerCase();
  }
  return options;
}
