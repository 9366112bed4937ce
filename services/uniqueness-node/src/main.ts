import { InputError, PopError } from "@pop/core/errors";
import type { FaultStep } from "./execute/types.js";
import { startNode } from "./node.js";
import { NODE_USAGE, parseNodeArguments } from "./nodeArguments.js";
import type { NodeFaults } from "./nodeContext.js";

/**
 * A node as a process: what the `pop-uniqueness-node` bin and `pop uniqueness node` both run.
 * Its stdout carries one JSON object a line: `{"ready":true,"party":p,"url":u}` once both its ports
 * listen, then `{"settled":requestId,"modality":m,"outcome":"committed"|"aborted","party":p}`
 * for each enrolment or removal it settles after a crash. Its log goes to stderr. For tests,
 * `--crash-at STEP` makes the node SIGKILL itself the first time it reaches that fault step
 * (execute/types.ts FAULT_STEPS), as a power cut would there.
 */

/** Options for a node process (the command line gives the rest). */
export type ServeOptions = {
  /** Test-only fault-injection points (never read from the environment). */
  faults?: NodeFaults;
  /** Writes one stdout line (default: process.stdout). */
  print?: (line: string) => void;
};

/** The faults with one more: SIGKILL at `step` (nothing after it runs, not even a flush). */
function crashingAt(step: FaultStep, faults: NodeFaults = {}): NodeFaults {
  return {
    ...faults,
    at: async (at, requestId) => {
      if (at === step) process.kill(process.pid, "SIGKILL");
      await faults.at?.(at, requestId);
    },
  };
}

/**
 * Runs a node from its command line until SIGINT or SIGTERM.
 * @param argv the arguments (see NODE_USAGE)
 * @param options test hooks and where stdout lines go
 * @throws InputError for a bad command line or data directory, StoreError for a gallery the
 *   node will not run on
 */
export async function serveNode(argv: readonly string[], options: ServeOptions = {}): Promise<void> {
  const args = parseNodeArguments(argv);
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const { crashAt, ...nodeArgs } = args;
  const faults = crashAt === undefined ? options.faults : crashingAt(crashAt, options.faults);
  const node = await startNode({
    ...nodeArgs,
    ...(faults === undefined ? {} : { faults }),
    onSettled: ({ requestId, modality, outcome }) =>
      print(JSON.stringify({ settled: requestId, modality, outcome, party: args.party })),
  });
  print(JSON.stringify({ ready: true, party: node.party, url: node.url }));
  await stopped;
  await node.close();
}

/**
 * serveNode with the command-line contract: exit 0 when stopped; on an error exactly one line
 * on stderr (never a stack trace) and exit 2 for bad input, exit 1 (with `{"error"}` on stdout)
 * for a refusal. `--help` prints the usage line and exits 0.
 * @param argv the arguments
 * @param options as for serveNode
 * @returns the exit code
 */
export async function nodeMain(argv: readonly string[], options: ServeOptions = {}): Promise<number> {
  if (argv.includes("--help")) {
    process.stdout.write(`${NODE_USAGE}\n`);
    return 0;
  }
  try {
    await serveNode(argv, options);
    return 0;
  } catch (error) {
    const message = (
      error instanceof PopError ? error.shortMessage : `internal error: ${(error as Error)?.message ?? String(error)}`
    )
      .replace(/\s+/g, " ")
      .trim();
    process.stderr.write(`pop-uniqueness-node: ${message}\n`);
    if (error instanceof PopError && !(error instanceof InputError)) {
      process.stdout.write(`${JSON.stringify({ error: message })}\n`);
      return 1;
    }
    return 2;
  }
}
