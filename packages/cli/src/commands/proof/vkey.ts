import { CIRCUIT_DEPTHS, loadVerificationKey } from "@pop/circuits/artifacts";
import { InputError } from "@pop/core/errors";
import { parseIntegerOption } from "../../args.js";
import { defineCommand } from "../../command.js";

export const proofVkey = defineCommand({
  name: "proof vkey",
  usage: `pop proof vkey [--depth 20|32]
  Prints the verification key JSON of a circuit build (for snarkjs groth16 verify).`,
  options: { depth: { type: "string" } },
  async run(options) {
    const depth = options.depth === undefined ? CIRCUIT_DEPTHS[0] : parseIntegerOption(options.depth, "depth", 1, 32);
    const vkey = loadVerificationKey(depth);
    if (vkey === undefined) throw new InputError(`--depth must be one of ${CIRCUIT_DEPTHS.join(", ")}`);
    return { output: vkey };
  },
});
