import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { treeSnapshot } from "@pop/test-utils/files";
import { errorOf, POP } from "./pop.js";

/**
 * The bad-input suite's harness: each case runs `pop` once in a fresh directory holding a copy
 * of the shared fixtures and the case's own files, and must keep the CLI contract — its exit
 * code, exactly one stderr line (progress lines aside), nothing on stdout for exit 2, JSON
 * on stdout for exit 1, and no file in its directory changed, added or removed.
 */

/** A fixture document as a case edits it: any JSON, changed field by field. */
// biome-ignore lint/suspicious/noExplicitAny: a test edits fixture documents freely, field by field
export type Doc = any;

/** The shared fixtures, parsed (`json`) and as text (`text`), by file name. */
export type Fixtures = { dir: string; json: Record<string, Doc>; text: Record<string, string> };

/** A file a case puts in its directory (a function of the fixtures, or a special file). */
export type FileSpec =
  | string
  | ((fixtures: Fixtures) => string)
  | { fifo: true }
  | { dir: true }
  | { symlink: string }
  | { bytes: number[] }
  | { unreadable: string };

/** One bad-input case. */
export type Case = {
  name: string;
  args: string[];
  code: 1 | 2;
  /** The one stderr line: exactly, or a pattern. */
  line: string | RegExp;
  files?: Record<string, FileSpec>;
  /** Exit 1's stdout: the error JSON (default) or a JSON answer such as a report. */
  stdout?: "error" | "answer";
  /** Run as nobody (setpriv): for files root could read anyway. */
  user?: "nobody";
  env?: Record<string, string>;
};

/** The file as text with one key written twice: `"key": value,` is inserted before the first `"key"`. */
export const duplicateKey =
  (base: string, key: string, value: unknown) =>
  (fixtures: Fixtures): string => {
    const text = fixtures.text[base]!;
    const at = text.indexOf(`"${key}"`);
    if (at === -1) throw new Error(`${base} has no key ${key}`);
    return `${text.slice(0, at)}"${key}": ${JSON.stringify(value)}, ${text.slice(at)}`;
  };

/** A fixture's JSON, edited by `change` (which may mutate its copy or return a new value). */
export const edited =
  (base: string, change: (document: Doc) => unknown) =>
  (fixtures: Fixtures): string => {
    const copy = structuredClone(fixtures.json[base]);
    const result = change(copy);
    return JSON.stringify(result === undefined ? copy : result);
  };

/** The BN254 scalar field modulus r, and 2^256: numbers a field must refuse. */
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const TWO_256 = 2n ** 256n;

/** Whether unprivileged cases can run: root with setpriv (as here and in CI). */
export const CAN_DROP_PRIVILEGES = process.getuid?.() === 0 && existsSync("/usr/bin/setpriv");

/** Reads every top-level fixture file of `dir` (and cluster/cluster.json) as text and JSON. */
export async function loadFixtures(dir: string): Promise<Fixtures> {
  const fixtures: Fixtures = { dir, json: {}, text: {} };
  for (const name of [...(await readdir(dir)), "cluster/cluster.json"]) {
    if (!(await lstat(join(dir, name))).isFile()) continue;
    const text = await readFile(join(dir, name), "utf8");
    fixtures.text[name] = text;
    try {
      fixtures.json[name] = JSON.parse(text);
    } catch {
      // Not JSON (a transcript): text only.
    }
  }
  return fixtures;
}

async function makeCaseDir(root: string, fixtures: Fixtures, item: Case): Promise<string> {
  const dir = await mkdtemp(join(root, "case-"));
  await cp(fixtures.dir, dir, { recursive: true });
  const nobody = item.user === "nobody";
  for (const [name, spec] of Object.entries(item.files ?? {})) {
    const path = join(dir, name);
    await mkdir(join(path, ".."), { recursive: true });
    if (typeof spec === "string") await writeFile(path, spec);
    else if (typeof spec === "function") await writeFile(path, spec(fixtures));
    else if ("fifo" in spec) await run("mkfifo", [path]);
    else if ("dir" in spec) await mkdir(path);
    else if ("symlink" in spec) await symlink(spec.symlink, path);
    else if ("bytes" in spec) await writeFile(path, Uint8Array.from(spec.bytes));
    else await writeFile(path, spec.unreadable, { mode: 0o600 });
  }
  if (nobody) {
    // nobody may enter and read the case directory but not write it; only the files the
    // case declares unreadable stay root's own.
    for (const [path, entry] of Object.entries(await treeSnapshot(dir))) {
      const spec = item.files?.[path];
      const unreadable = typeof spec === "object" && "unreadable" in spec;
      if (entry.startsWith("dir")) await chmod(join(dir, path), 0o755);
      else if (entry.startsWith("file")) await chmod(join(dir, path), unreadable ? 0o600 : 0o644);
    }
    await chmod(dir, 0o755);
  }
  return dir;
}

function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { ...options, maxBuffer: 16 * 1024 * 1024, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const PROGRESS = /^pop: (proving|proved|POP_PRIVATE_KEY is not set)/;

/** What is wrong with one case's run, or undefined when it kept the contract. */
async function check(root: string, fixtures: Fixtures, item: Case): Promise<string | undefined> {
  const dir = await makeCaseDir(root, fixtures, item);
  const before = await treeSnapshot(dir);
  const command =
    item.user === "nobody"
      ? { file: "setpriv", args: ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, POP] }
      : { file: process.execPath, args: [POP] };
  const env = { ...process.env, POP_RPC_URL: "", ...item.env };
  const result = await run(command.file, [...command.args, ...item.args], { cwd: dir, env, timeout: 30_000 });
  const problems: string[] = [];
  const lines = result.stderr.split("\n").filter((line) => line !== "" && !PROGRESS.test(line));
  const line = lines[0] ?? "";
  if (result.code !== item.code) problems.push(`exit ${result.code}, not ${item.code}`);
  if (lines.length !== 1) problems.push(`${lines.length} stderr lines`);
  if (/\n\s+at /.test(result.stderr)) problems.push("a stack trace");
  if (typeof item.line === "string" ? line !== item.line : !item.line.test(line)) {
    problems.push(`stderr ${JSON.stringify(line)}, not ${String(item.line)}`);
  }
  if (item.code === 2 && result.stdout !== "") problems.push("stdout not empty");
  if (item.code === 1 && (item.stdout ?? "error") === "error") {
    const error = errorOf(result.stdout);
    if (error === undefined || `pop: ${error.message}` !== line) problems.push("stdout not the error JSON");
  }
  if (item.code === 1 && item.stdout === "answer") {
    try {
      JSON.parse(result.stdout);
    } catch {
      problems.push("stdout not JSON");
    }
  }
  if (process.env.POP_BAD_INPUT_LOG !== undefined) {
    // For whoever writes a case: every case's exit code and stderr line, appended to a file.
    await appendFile(process.env.POP_BAD_INPUT_LOG, `${result.code} ${item.name}: ${line}\n`);
  }
  const after = await treeSnapshot(dir);
  for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[path] !== after[path]) problems.push(`${path} changed (${before[path]} -> ${after[path]})`);
  }
  return problems.length === 0
    ? undefined
    : `${item.name}: pop ${item.args.join(" ")}\n    ${problems.join("\n    ")}\n    stderr: ${result.stderr.trim()}`;
}

/**
 * Runs cases, `concurrency` at a time, in fresh directories under `root`.
 * @returns one description per case that broke the contract (empty when all kept it)
 */
export async function runCases(root: string, fixtures: Fixtures, cases: readonly Case[], concurrency = 4) {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const item = cases[next++]!;
      const failure = await check(root, fixtures, item);
      if (failure !== undefined) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

/** A new root directory for a suite's cases and fixtures (traversable by nobody). */
export async function suiteRoot(name: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `pop-${name}-`));
  await chmod(root, 0o755);
  await mkdir(join(root, "fixtures"));
  return root;
}

export { run };
