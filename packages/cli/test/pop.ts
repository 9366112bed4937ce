import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The `pop` launcher, run exactly as the installed bin runs it. */
export const POP = fileURLToPath(new URL("../bin/pop.js", import.meta.url));

/** One CLI run's outcome. */
export type Run = { code: number; stdout: string; stderr: string; json: Record<string, unknown> };

/**
 * Runs `pop` with arguments in a directory and collects its exit code and output.
 * @param args the arguments
 * @param cwd the working directory
 * @param env extra environment variables
 */
export function pop(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const options = { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...env } };
    execFile(process.execPath, [POP, ...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        // Bad input prints nothing on stdout.
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/**
 * Expects a clean refusal, as the CLI contract has it: exactly one stderr line with the
 * message (progress lines aside), never a stack trace; for exit 2 (bad input) nothing on
 * stdout, for exit 1 (a refused operation) the error as JSON on stdout,
 * `{"error": {"name", "message", "details"?}}`, whose message is the stderr line's.
 * @param run the CLI run
 * @returns the exit code and the stderr line
 */
export function refusal(run: Run): { code: number; line: string } {
  const progress = /^pop: (proving|proved|POP_PRIVATE_KEY is not set)/;
  const lines = run.stderr.split("\n").filter((line) => line.length > 0 && !progress.test(line));
  const fail = (why: string) =>
    new Error(`expected a clean refusal (${why}), got exit ${run.code} stdout=${run.stdout} stderr=${run.stderr}`);
  if (lines.length !== 1 || /\n\s+at /.test(run.stderr)) throw fail("one stderr line, no stack trace");
  const line = lines[0]!;
  if (run.code === 2 && run.stdout !== "") throw fail("exit 2 prints nothing on stdout");
  if (run.code === 1) {
    const error = errorOf(run.stdout);
    if (error === undefined || `pop: ${error.message}` !== line) throw fail("exit 1 prints the error as JSON");
  } else if (run.code !== 2) {
    throw fail("exit 1 or 2");
  }
  return { code: run.code, line };
}

/** The `error` object of a failed run's stdout, or undefined when stdout is not that JSON. */
export function errorOf(stdout: string): { name: string; message: string; details?: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const error = (value as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (typeof error !== "object" || error === null) return undefined;
  const keys = Object.keys(value as object);
  const known = Object.keys(error).every((key) => ["name", "message", "details"].includes(key));
  if (keys.length !== 1 || !known || typeof error.name !== "string" || typeof error.message !== "string") {
    return undefined;
  }
  return error as { name: string; message: string; details?: unknown };
}

/**
 * A signed credential document turned into a registry credential's shape: kind registry, no
 * issuer key, and a registration proof naming a HumanityRegistered log (which exists nowhere).
 */
export function asRegistryCredential(
  document: Record<string, unknown> & { issuer: Record<string, unknown>; credentialSubject: Record<string, unknown> },
): Record<string, unknown> {
  const { publicKey: _, ...issuer } = document.issuer;
  return {
    ...document,
    issuer,
    credentialSubject: { ...document.credentialSubject, kind: "registry" },
    proof: {
      type: "PopRegistryRegistration",
      proofPurpose: "assertionMethod",
      chainId: 31337,
      registry: `0x${"12".repeat(20)}`,
      humanityId: `0x${"34".repeat(20)}`,
      transactionHash: `0x${"56".repeat(32)}`,
      logIndex: 0,
    },
  };
}
