import { InputError } from "@pop/core/errors";
import { type IrisCode, irisCodeFromJson, irisCodeToJson, MAX_ROTATION } from "@pop/uniqueness/irisCode";
import { minDistance } from "@pop/uniqueness/irisDistance";
import { cryptoRandom, type RandomSource, seededRandom } from "@pop/uniqueness/randomSource";
import { randomIrisCode, similarIrisCode } from "@pop/uniqueness/syntheticIris";
import { parseIntegerOption } from "../args.js";
import { defineCommand } from "../command.js";
import { readJsonFile, writeJsonFile } from "../io.js";
import type { CommandResult } from "../result.js";

const RATE = /^(0(\.[0-9]+)?|1(\.0+)?)$/;
const SIGNED = /^-?(0|[1-9][0-9]{0,2})$/;

async function readIris(path: string): Promise<IrisCode> {
  return irisCodeFromJson(await readJsonFile(path, "iris code file"), `iris code file ${path}`);
}

function randomSource(seed: string | undefined): RandomSource {
  return seed === undefined ? cryptoRandom : seededRandom(seed);
}

/** Prints the code, or writes it to --out and prints where. */
async function emit(iris: IrisCode, out: string | undefined, force: boolean): Promise<CommandResult> {
  if (out === undefined) {
    return { output: irisCodeToJson(iris) };
  }
  // A real template is biometric data: keep it private to its owner like any secret.
  await writeJsonFile(out, irisCodeToJson(iris), { mode: 0o600, overwrite: force });
  return { output: { out } };
}

export const irisDistance = defineCommand({
  name: "iris distance",
  usage: `pop iris distance --a a.json --b b.json [--rotations 15]
  The minimum masked Hamming distance over rotations (0 gives the plain distance).`,
  options: {
    a: { type: "string", required: true },
    b: { type: "string", required: true },
    rotations: { type: "string" },
  },
  async run(options) {
    const rotations =
      options.rotations === undefined ? MAX_ROTATION : parseIntegerOption(options.rotations, "rotations", 0, 99);
    const result = minDistance(await readIris(options.a), await readIris(options.b), rotations);
    return { output: { distance: result.distance } };
  },
});

export const irisRandom = defineCommand({
  name: "iris random",
  usage: `pop iris random [--seed S] [--out f.json] [--force]
  A synthetic iris code of a new person (printed, or written 0600 to --out).`,
  options: {
    seed: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  },
  run: (options) => emit(randomIrisCode(randomSource(options.seed)), options.out, options.force),
});

export const irisSimilar = defineCommand({
  name: "iris similar",
  usage: `pop iris similar --of a.json --flip <rate 0..1> [--rotate r] [--seed S] [--out f.json] [--force]
  Another synthetic capture of the same eye: bits flipped at the rate, rotated by r (-99..99).`,
  options: {
    of: { type: "string", required: true },
    flip: { type: "string", required: true },
    rotate: { type: "string" },
    seed: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    if (!RATE.test(options.flip)) {
      throw new InputError("--flip must be a decimal number from 0 to 1");
    }
    if (options.rotate !== undefined && (!SIGNED.test(options.rotate) || Math.abs(Number(options.rotate)) > 99)) {
      throw new InputError("--rotate must be an integer from -99 to 99");
    }
    const iris = similarIrisCode({
      of: await readIris(options.of),
      flipRate: Number(options.flip),
      rotation: Number(options.rotate ?? 0),
      random: randomSource(options.seed),
    });
    return emit(iris, options.out, options.force);
  },
});
