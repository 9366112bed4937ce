import { InputError, PopError } from "@pop/core/errors";
import { quoteText } from "@pop/core/text";
import { COMMANDS, type Entry, GROUPS, load } from "./commandList.js";
import { type CommandResult, errorOutput, negativeSummary, oneLine } from "./result.js";

const HEADER = `pop: proof of personhood. Every command prints JSON on stdout.
Exit codes: 0 success, 1 a negative answer (invalid proof, refused credential), 2 bad input.
pop <command> --help prints that command's usage.
`;

const indent = (text: string) => text.replace(/^/gm, "  ");

/** The full usage: every group's commands, each with its usage text. */
async function usage(): Promise<string> {
  const sections: string[] = [];
  for (const group of GROUPS) {
    const commands = await Promise.all(group.commands.map(load));
    sections.push(`${group.title === "" ? "" : `${group.title}\n`}${commands.map((c) => indent(c.usage)).join("\n")}`);
  }
  return `${HEADER}\n${sections.join("\n\n")}\n`;
}

/** The command the arguments name (two words, then one), its variants and the arguments after its words. */
function findCommand(argv: string[]): { entry: Entry; rest: string[]; variants: Entry[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const plain = COMMANDS.get(name);
    const onchain = COMMANDS.get(`${name} --onchain`);
    const rest = argv.slice(words);
    const entry = onchain !== undefined && (rest.includes("--onchain") || plain === undefined) ? onchain : plain;
    if (entry !== undefined) {
      return { entry, rest, variants: [plain, onchain].filter((e): e is Entry => e !== undefined) };
    }
  }
  return undefined;
}

function print(result: CommandResult): void {
  if (result.text !== undefined) {
    process.stdout.write(result.text);
  } else if (result.output !== undefined) {
    process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
  }
}

/** Runs the command line; returns the exit code (see HEADER). */
async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    process.stderr.write("pop: no command given (see pop --help)\n");
    return 2;
  }
  const help = argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help";
  const found = findCommand(help ? argv.slice(1) : argv);
  if (help && argv.length === 1) {
    process.stdout.write(await usage());
    return 0;
  }
  if (found === undefined) {
    const words = (help ? argv.slice(1, 3) : argv.slice(0, 2)).join(" ");
    process.stderr.write(`pop: unknown command ${quoteText(words)} (see pop --help)\n`);
    return 2;
  }
  let name = found.entry.name;
  try {
    if (help || found.rest.includes("--help")) {
      const usages = await Promise.all(found.variants.map(async (entry) => (await load(entry)).usage));
      process.stdout.write(`${usages.join("\n\n")}\n`);
      return 0;
    }
    const command = await load(found.entry);
    name = command.name;
    const result = await command.main(found.rest);
    print(result);
    if (result.exitCode === 1) {
      process.stderr.write(`pop: ${negativeSummary(result, name)}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`pop: ${oneLine(error.shortMessage)}\n`);
      return 2;
    }
    if (error instanceof PopError) {
      const output = errorOutput(error);
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      process.stderr.write(`pop: ${output.error.message}\n`);
      return 1;
    }
    // A bug, not bad input: still one line, never a stack trace (set POP_DEBUG=1 for it).
    process.stderr.write(`pop: internal error: ${oneLine(String((error as Error)?.message ?? error))}\n`);
    if (process.env.POP_DEBUG === "1") {
      process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
    }
    return 2;
  }
}

/**
 * Ends snarkjs's curve worker threads when a command started them, so the process exits on its
 * own; the check is releaseProver's own, made here so that a command that never proved does
 * not load the prover (a fifth of a second) just to find nothing to release.
 */
async function releaseProverIfStarted(): Promise<void> {
  if ((globalThis as { curve_bn128?: unknown }).curve_bn128 == null) return;
  const { releaseProver } = await import("@pop/protocol/generateProof");
  await releaseProver();
}

const code = await main(process.argv.slice(2));
await releaseProverIfStarted();
process.exitCode = code;
