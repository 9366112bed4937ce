import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestCluster } from "./localCluster.js";

/**
 * Three node processes of a test cluster, each the `pop-uniqueness-node` bin as installed (the
 * compiled dist/, so `npx tsc -b` first), each awaited by the JSON lines it prints on stdout:
 * its readiness, then one line per change it settles. Nothing here sleeps: every wait is on a
 * line printed or a process exiting.
 */

/** The node's own launcher, run as the installed bin runs it. */
const BIN = fileURLToPath(new URL("../bin/pop-uniqueness-node.js", import.meta.url));

/** One line a node printed on stdout. */
export type NodeLine = Record<string, unknown>;

type Waiter = { test: (line: NodeLine) => boolean; resolve: (line: NodeLine) => void };

type Running = { child: ChildProcess; exit: Promise<NodeJS.Signals | number | null> };

/** The cluster's node processes, started, killed and restarted one at a time. */
export class NodeProcesses {
  /** Every line each node printed, across its restarts. */
  readonly lines: NodeLine[][] = [[], [], []];
  /** Each node's stderr (its log), across its restarts. */
  readonly logs: string[] = ["", "", ""];
  readonly #running = new Map<number, Running>();
  readonly #waiters: Waiter[][] = [[], [], []];
  readonly #local: TestCluster;
  readonly #peerTimeoutMs: number;

  constructor(local: TestCluster, peerTimeoutMs: number) {
    this.#local = local;
    this.#peerTimeoutMs = peerTimeoutMs;
  }

  /**
   * Starts node `party` with extra options (e.g. `--crash-at enroll:prepared`).
   * @returns once it printed its readiness line; rejects if it exits first
   */
  start(party: number, extra: readonly string[] = []): Promise<void> {
    if (this.#running.has(party)) throw new Error(`node ${party} is running`);
    const args = ["--party", String(party), "--data", this.#local.nodeDir(party)];
    const child = spawn(process.execPath, [BIN, ...args, "--peer-timeout", String(this.#peerTimeoutMs), ...extra], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exit = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once("exit", (code, signal) => resolve(signal ?? code)),
    );
    this.#running.set(party, { child, exit });
    child.stderr!.on("data", (chunk: Buffer) => {
      this.logs[party] += chunk.toString();
    });
    const ready = this.#next(party, (line) => line.ready === true);
    createInterface({ input: child.stdout! }).on("line", (text) => {
      const line = JSON.parse(text) as NodeLine;
      this.lines[party]!.push(line);
      const waiters = this.#waiters[party]!;
      for (const waiter of waiters.filter((w) => w.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
    return Promise.race([
      ready.then(() => {}),
      exit.then((how) => {
        throw new Error(`node ${party} exited (${how}) before it was ready: ${this.logs[party]!.slice(-2000)}`);
      }),
    ]);
  }

  /** The next line (from now on) node `party` prints that passes `test`. */
  #next(party: number, test: (line: NodeLine) => boolean): Promise<NodeLine> {
    return new Promise((resolve) => this.#waiters[party]!.push({ test, resolve }));
  }

  /**
   * A line node `party` printed, or will print, that passes `test`.
   * @returns the line
   */
  printed(party: number, test: (line: NodeLine) => boolean): Promise<NodeLine> {
    const line = this.lines[party]!.find(test);
    return line === undefined ? this.#next(party, test) : Promise.resolve(line);
  }

  /**
   * As printed, but failing after `ms` (a bound on a wait, never a wait itself): a node that
   * never settles fails the test with its log instead of at the test's timeout.
   */
  printedWithin(party: number, ms: number, what: string, test: (line: NodeLine) => boolean): Promise<NodeLine> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`node ${party} did not print ${what} within ${ms} ms: ${this.logs[party]!.slice(-1500)}`));
      }, ms);
    });
    return Promise.race([this.printed(party, test), late]).finally(() => clearTimeout(timer));
  }

  /**
   * Waits for node `party` to exit by itself (a crash) and forgets it.
   * @returns the signal or exit code
   */
  async exited(party: number): Promise<NodeJS.Signals | number | null> {
    const running = this.#running.get(party);
    if (running === undefined) throw new Error(`node ${party} is not running`);
    const how = await running.exit;
    this.#running.delete(party);
    return how;
  }

  /** Stops node `party` with SIGTERM (its clean stop) and waits for it to exit. */
  async stop(party: number): Promise<void> {
    const running = this.#running.get(party);
    if (running === undefined) return;
    this.#running.delete(party);
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGTERM");
    await running.exit;
  }

  /** Stops every node. */
  async stopAll(): Promise<void> {
    await Promise.all([0, 1, 2].map((party) => this.stop(party)));
  }

  /** Whether node `party`'s process is running. */
  isRunning(party: number): boolean {
    return this.#running.has(party);
  }

  /**
   * The changes node `party` holds open on disk: its pending enrolments, removal markers and
   * rekey markers, in both galleries (slotStore.ts: pending/<request>.share,
   * removing/<request>.json, rekeying/<request>.json).
   * @returns each open change's request id
   */
  openChanges(party: number): string[] {
    const dir = this.#local.nodeDir(party);
    const folders = ["pending", "removing", "rekeying"];
    return [...folders, ...folders.map((folder) => join("face", folder))].flatMap((sub) => {
      const folder = join(dir, sub);
      if (!existsSync(folder)) return [];
      return readdirSync(folder)
        .filter((name) => /^[0-9a-f]{32}\.(share|json)$/.test(name))
        .map((name) => name.slice(0, 32));
    });
  }
}
