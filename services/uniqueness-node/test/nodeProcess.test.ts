import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { nodeStatus } from "@pop/uniqueness/client/callCluster";
import { parseClientKey } from "@pop/uniqueness/cluster/clientKey";
import { parseCluster } from "@pop/uniqueness/cluster/clusterFile";
import { describe, expect, it } from "vitest";
import { initLocalCluster } from "../src/initCluster.js";

/** The node's own launcher, run as the installed bin runs it. */
const BIN = fileURLToPath(new URL("../bin/pop-uniqueness-node.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "pop-node-bin-"));
const port = 22_000 + Math.floor(Math.random() * 20_000);
const made = await initLocalCluster({ dir, basePort: port, host: "127.0.0.1", force: false });
const cluster = parseCluster(JSON.parse(readFileSync(made.cluster, "utf8")), "cluster");
const client = parseClientKey(JSON.parse(readFileSync(made.client, "utf8")), "client");

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

describe("the pop-uniqueness-node bin", () => {
  it("prints one readiness line once it listens, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "--party", "1", "--data", join(dir, "node1")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const first = await lines.next();
    expect(JSON.parse(String(first.value))).toEqual({ ready: true, party: 1, url: `https://127.0.0.1:${port + 1}` });
    const status = await nodeStatus({ cluster, client, party: 1 });
    expect([status.party, status.count, status.faces]).toEqual([1, 0, 0]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect((await lines.next()).done).toBe(true);
  });

  const data = join(dir, "node0");
  it.each([
    [[], "missing required option --party"],
    [["--party", "3", "--data", data, "--port", "7100"], "--party must be an integer from 0 to 2"],
    [["--party", "0", "--data", data, "--port", "70000"], "--port must be an integer from 1 to 65535"],
    [
      ["--party", "0", "--data", data, "--port", "7100", "--host", "bad host/x"],
      "--host must be a host name, an IPv4 address or a bracketed IPv6 address",
    ],
    [["--party", "0", "--party", "1", "--data", data, "--port", "7100"], "option --party given twice"],
    [
      ["--party", "0", "--data", data, "--port", "7100", "--peer-timeout", "0"],
      "--peer-timeout must be an integer from 1 to 600000",
    ],
    [["--party", "-1", "--data", data, "--port", "7100"], "--party must be an integer from 0 to 2"],
    [["--party", "0", "--data", data, "--port"], "option --port needs a value"],
    [["--party", "0", "--data", data, "--port", "7100", "--bogus"], "unknown option --bogus"],
    [
      ["--party", "0", "--data", data, "--port", "7100", "extra"],
      'unexpected argument "extra" (options start with --)',
    ],
    [
      ["--party", "1", "--data", data, "--port", "7100"],
      `node key file ${data}/node-key.json is for party 0, not party 1`,
    ],
    [
      ["--party", "0", "--data", join(dir, "nowhere"), "--port", "7100"],
      `node key file ${join(dir, "nowhere", "node-key.json")} does not exist`,
    ],
  ])("%j: exit 2, nothing on stdout, one line on stderr", async (args, message) => {
    const result = await run(args);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `pop-uniqueness-node: ${message}\n` });
  });
});
