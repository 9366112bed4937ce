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
        // Failing commands print nothing on stdout.
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/**
 * Expects a clean refusal: the exit code, stdout empty, and exactly one stderr line with the
 * message, never a stack trace.
 */
export function refusal(run: Run): { code: number; line: string } {
  const progress = /^pop: (proving|proved|POP_PRIVATE_KEY is not set)/;
  const lines = run.stderr.split("\n").filter((line) => line.length > 0 && !progress.test(line));
  if (lines.length !== 1 || run.stdout !== "" || /\n\s+at /.test(run.stderr)) {
    throw new Error(`expected one error line and no stdout, got stdout=${run.stdout} stderr=${run.stderr}`);
  }
  return { code: run.code, line: lines[0]! };
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
