import { InputError } from "@pop/core/errors";
import { quoteText } from "@pop/core/text";

/** Option spec for one command: each option is a string, a boolean flag, or a list (a string option that repeats). */
export type OptionSpec = Record<string, { type: "string" | "boolean" | "list"; required?: boolean }>;

/** Parsed options: strings for string options, booleans for flags, arrays (in order given) for lists. */
export type Options<S extends OptionSpec> = {
  [K in keyof S]: S[K]["type"] extends "boolean"
    ? boolean
    : S[K]["type"] extends "list"
      ? string[]
      : S[K]["required"] extends true
        ? string
        : string | undefined;
};

/**
 * Parses a command's options strictly: `--name value` or `--name=value` for a string option,
 * `--name` for a flag; a list option may be given any number of times, each with a non-empty
 * value. Unknown options, positionals, an option given twice (flags too: the
 * last one silently winning hides a mistake), a flag given a value, a string option without
 * one and missing required ones are InputErrors naming the option. A value may start with a
 * single dash, so `--rotate -5` works; one starting with `--` is taken as the next option
 * (write `--message=--x` for such a value).
 * @param argv the arguments after the command words
 * @param spec the options the command takes
 * @returns the parsed options
 * @throws InputError naming the option at fault
 */
export function parseOptions<S extends OptionSpec>(argv: string[], spec: S): Options<S> {
  const values = new Map<string, string | boolean>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith("--") || token === "--") {
      throw new InputError(`unexpected argument ${quoteText(token)} (options start with --)`);
    }
    const equals = token.indexOf("=");
    const name = equals === -1 ? token.slice(2) : token.slice(2, equals);
    const option = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (option === undefined) {
      throw new InputError(`unknown option --${quoteText(name).slice(1, -1)}`);
    }
    if (values.has(name)) {
      throw new InputError(`option --${name} given twice`);
    }
    const take = (value: string) => {
      if (option.type !== "list") {
        values.set(name, value);
        return;
      }
      if (value === "") throw new InputError(`option --${name} must not be empty`);
      lists.set(name, [...(lists.get(name) ?? []), value]);
    };
    if (option.type === "boolean") {
      if (equals !== -1) {
        throw new InputError(`option --${name} is a flag and takes no value`);
      }
      values.set(name, true);
      continue;
    }
    if (equals !== -1) {
      take(token.slice(equals + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) {
      throw new InputError(`option --${name} needs a value`);
    }
    take(next);
    i++;
  }
  const result: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, { type, required }] of Object.entries(spec)) {
    const value = values.get(name);
    if (type === "boolean") {
      result[name] = value === true;
      continue;
    }
    if (type === "list") {
      const given = lists.get(name) ?? [];
      if (given.length === 0 && required) throw new InputError(`missing required option --${name}`);
      result[name] = given;
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
