import { parseArgs } from "node:util";
import { InputError } from "@pop/core/errors";

/** Option spec for one command: each option is a string or a boolean flag. */
export type OptionSpec = Record<string, { type: "string" | "boolean"; required?: boolean }>;

/** Parsed options: strings for string options, booleans for flags. */
export type Options<S extends OptionSpec> = {
  [K in keyof S]: S[K]["type"] extends "boolean"
    ? boolean
    : S[K]["required"] extends true
      ? string
      : string | undefined;
};

/**
 * Parses a command's options strictly: unknown options, positionals, repeated options and
 * missing required ones are InputErrors naming the option.
 * @param argv the arguments after the command words
 * @param spec the options the command takes
 */
export function parseOptions<S extends OptionSpec>(argv: string[], spec: S): Options<S> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options: Record<string, { type: "string" | "boolean" }> = {};
    for (const [name, { type }] of Object.entries(spec)) {
      options[name] = { type };
    }
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new InputError((error as Error).message.replace(/\. To specify.*$/s, "").split("\n")[0] ?? "bad options");
  }
  const result: Record<string, string | boolean | undefined> = {};
  for (const [name, { type, required }] of Object.entries(spec)) {
    const value = values[name];
    if (type === "boolean") {
      result[name] = value === true;
      continue;
    }
    if (value === undefined && required) {
      throw new InputError(`missing required option --${name}`);
    }
    if (typeof value === "string" && value.length === 0 && required) {
      throw new InputError(`option --${name} must not be empty`);
    }
    result[name] = value;
  }
  return result as Options<S>;
}

/**
 * Parses an integer option.
 * @param value the option's text
 * @param name the option's name
 * @param min smallest allowed
 * @param max largest allowed
 */
export function parseIntegerOption(value: string, name: string, min: number, max: number): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(`--${name} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}
