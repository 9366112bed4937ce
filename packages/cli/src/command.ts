import { type OptionSpec, type Options, parseOptions } from "./args.js";
import type { CommandResult } from "./result.js";

/**
 * One CLI command: its words, its usage text (what `pop <words> --help` prints), the options it
 * takes (one spec, which both parses and documents them) and what it runs. A command parses
 * its options, makes one library call and prints (docs/architecture.md, "CLI").
 */
export type CommandSpec<S extends OptionSpec> = {
  /** The command's words, e.g. "registry claim". */
  name: string;
  /** The usage lines, e.g. "pop registry claim --registry r.json …", with a line on what it does. */
  usage: string;
  /** The options it takes. */
  options: S;
  /** Runs it on parsed options. */
  run(options: Options<S>): Promise<CommandResult>;
};

/** A defined command, as main.ts dispatches it. */
export type Command = {
  name: string;
  usage: string;
  /**
   * The options it takes (what a test can enumerate); absent for a command that hands its
   * arguments to another program's parser (uniqueness node).
   */
  options?: OptionSpec;
  /** Parses argv (the arguments after the command words) and runs the command. */
  main(argv: string[]): Promise<CommandResult>;
};

/**
 * Defines a command from its spec.
 * @param spec the command's words, usage, options and action
 * @returns the command
 * @example
 * export const setRoot = defineCommand({
 *   name: "set root",
 *   usage: "pop set root --set set.json",
 *   options: { set: { type: "string", required: true } },
 *   run: async (options) => ({ output: setRootOf(await readHumanitySetFile(options.set)) }),
 * });
 */
export function defineCommand<const S extends OptionSpec>(spec: CommandSpec<S>): Command {
  return {
    name: spec.name,
    usage: spec.usage,
    options: spec.options,
    main: (argv) => spec.run(parseOptions(argv, spec.options)),
  };
}
