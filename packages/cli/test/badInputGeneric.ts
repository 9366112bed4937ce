import type { Command } from "../src/command.js";
import type { Case } from "./badInputHarness.js";

/**
 * Option-parsing cases made from every command's own option spec, so a new command is covered
 * the day it is listed: an unknown option and its first required (or string) option given
 * twice (the last one silently won before). Both are refused by the parser, before any file,
 * chain or node is touched. (Positionals, a value-less option, a flag given twice or a value
 * and missing options are parser paths shared by every command: args.test.ts covers them.)
 */
export function genericCases(commands: readonly Command[]): Case[] {
  const cases: Case[] = [];
  for (const command of commands) {
    if (command.options === undefined) continue;
    const onchain = command.name.endsWith(" --onchain");
    const words = command.name.replace(" --onchain", "").split(" ");
    const base = [...words, ...(onchain ? ["--onchain"] : [])];
    const entries = Object.entries(command.options);
    const strings = entries.filter(([, spec]) => spec.type === "string").map(([name]) => name);
    const required = entries.filter(([, spec]) => spec.required).map(([name]) => name);
    const repeated = required[0] ?? strings[0];
    const add = (what: string, args: string[], line: string) =>
      cases.push({ name: `${command.name}: ${what}`, args: [...base, ...args], code: 2, line });
    add("an unknown option", ["--bogus", "1"], "pop: unknown option --bogus");
    if (repeated !== undefined) {
      add(`--${repeated} twice`, [`--${repeated}`, "a", `--${repeated}=b`], `pop: option --${repeated} given twice`);
    }
  }
  return cases;
}
