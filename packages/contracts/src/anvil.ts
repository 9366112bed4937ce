import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ChainError } from "@pop/core/errors";

/** A running local chain. */
export type LocalChain = { rpcUrl: string; process: ChildProcess; stop(): Promise<void> };

/**
 * Where the anvil binary is: the npm build for this platform when installed
 * (@foundry-rs/anvil-linux-amd64 is an optional dependency), else `anvil` from PATH.
 */
export function anvilBinary(): string {
  try {
    const require = createRequire(import.meta.url);
    const path = join(dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");
    if (existsSync(path)) return path;
  } catch {
    // Not installed on this platform: fall back to PATH.
  }
  return "anvil";
}

/**
 * Starts anvil on a free loopback port and resolves once it listens.
 * @param options.blockTime seconds between blocks (default: a block per transaction)
 * @param options.timeoutMs how long to wait for it to listen
 * @param options.chainId the chain id (default 31337)
 * @param options.port the loopback port (default: a free one)
 * @returns the chain: its RPC URL and a stop function
 * @throws ChainError when anvil cannot start (missing binary, port taken) or does not listen in time
 */
export function startAnvil(
  options: { blockTime?: number; timeoutMs?: number; chainId?: number; port?: number } = {},
): Promise<LocalChain> {
  const port = String(options.port ?? 0);
  const args = ["--host", "127.0.0.1", "--port", port, "--chain-id", String(options.chainId ?? 31337)];
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  const child = spawn(anvilBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new ChainError("anvil did not start listening in time"));
    }, options.timeoutMs ?? 20_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new ChainError(
          `cannot start anvil (${(error as NodeJS.ErrnoException).code ?? error.message}); install Foundry's anvil or run on linux-x64`,
        ),
      );
    });
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        child.stderr.removeAllListeners("data");
        child.stderr.resume();
        resolve({ rpcUrl: `http://${match[1]}`, process: child, stop });
      }
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    // Exiting before it listens (a taken port, a bad flag) is a failure to start, said at once.
    child.once("exit", (code) => {
      clearTimeout(timer);
      const reason =
        errors
          .split("\n")
          .find((line) => line.trim().length > 0)
          ?.trim() ?? `exit code ${code}`;
      reject(new ChainError(`anvil stopped before listening on port ${port}: ${reason}`));
    });
  });
}
