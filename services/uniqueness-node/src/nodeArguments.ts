import { InputError } from "@pop/core/errors";
import { quoteText } from "@pop/core/text";
import { checkNodeHost } from "@pop/uniqueness/cluster/clusterFile";
import type { Party } from "@pop/uniqueness/mpc/templateShares";
import { FAULT_STEPS, type FaultStep } from "./execute/types.js";

/**
 * The node's command line: `--party 0|1|2 --data DIR [--port P] [--peer-port Q] [--host H] [--peer-timeout ms]
 * [--crash-at STEP]` (the ports default to those of the node's URLs in its cluster file; `--crash-at` is
 * for testing only: the node SIGKILLs itself when it first reaches that step, docs/uniqueness.md#ordered-and-concurrent),
 * read strictly, as the pop CLI reads its options: unknown, repeated, missing and valueless
 * options and stray arguments are refused. A value may start with one dash (a negative number
 * is then refused by its range, not taken for an option); one starting with "--" is the next option.
 */

/** What the command line says. */
export type NodeArguments = {
  party: Party;
  dataDir: string;
  /** The client port, when not the cluster file's. */
  port?: number;
  /** The peer port, when not the cluster file's. */
  peerPort?: number;
  host: string;
  peerTimeoutMs: number;
  /** Testing only: the step at which the node kills itself (one of FAULT_STEPS). */
  crashAt?: FaultStep;
};

/** The usage line, for --help and for errors. */
export const NODE_USAGE =
  "pop-uniqueness-node --party 0|1|2 --data DIR [--port P] [--peer-port Q] [--host 127.0.0.1] [--peer-timeout 30000] [--crash-at STEP (testing only)]";

const NAMES = ["party", "data", "port", "peer-port", "host", "peer-timeout", "crash-at"] as const;
type Name = (typeof NAMES)[number];

function integer(value: string, name: string, min: number, max: number): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(`--${name} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}

function faultStep(value: string): FaultStep {
  if (!(FAULT_STEPS as readonly string[]).includes(value)) {
    throw new InputError(`--crash-at must be one of ${FAULT_STEPS.join(", ")}`);
  }
  return value as FaultStep;
}

/**
 * Reads the node's command line.
 * @param argv the arguments after the command
 * @returns the node's settings
 * @throws InputError naming the option
 */
export function parseNodeArguments(argv: readonly string[]): NodeArguments {
  const values = new Map<Name, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--") || arg === "--") {
      throw new InputError(`unexpected argument ${quoteText(arg)} (options start with --)`);
    }
    const equals = arg.indexOf("=");
    const name = (equals === -1 ? arg.slice(2) : arg.slice(2, equals)) as Name;
    if (!NAMES.includes(name)) {
      throw new InputError(`unknown option --${quoteText(name).slice(1, -1)}`);
    }
    if (values.has(name)) {
      throw new InputError(`option --${name} given twice`);
    }
    const next = argv[i + 1];
    if (equals === -1 && (next === undefined || next.startsWith("--"))) {
      throw new InputError(`option --${name} needs a value`);
    }
    const value = equals === -1 ? argv[++i]! : arg.slice(equals + 1);
    if (value === "") {
      throw new InputError(`option --${name} must not be empty`);
    }
    values.set(name, value);
  }
  for (const name of ["party", "data"] as const) {
    if (!values.has(name)) {
      throw new InputError(`missing required option --${name}`);
    }
  }
  const port = values.get("port");
  const peerPort = values.get("peer-port");
  const crashAt = values.get("crash-at");
  return {
    party: integer(values.get("party")!, "party", 0, 2) as Party,
    dataDir: values.get("data")!,
    ...(port === undefined ? {} : { port: integer(port, "port", 1, 65_535) }),
    ...(peerPort === undefined ? {} : { peerPort: integer(peerPort, "peer-port", 1, 65_535) }),
    host: checkNodeHost(values.get("host") ?? "127.0.0.1", "--host"),
    peerTimeoutMs: integer(values.get("peer-timeout") ?? "30000", "peer-timeout", 1, 600_000),
    ...(crashAt === undefined ? {} : { crashAt: faultStep(crashAt) }),
  };
}
