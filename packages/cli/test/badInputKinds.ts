import { type Case, duplicateKey, edited } from "./badInputHarness.js";

/**
 * Case makers shared by the bad-input tables: the output-path cases of a command's --out and the
 * cases of a JSON file kind (malformed, special files, the wrong shape, a key twice).
 */

/** Output-path cases for a command's --out (all of them with `full`, the common ones without). */
export function outputCases(command: string, args: string[], options: { full?: boolean } = {}): Case[] {
  const run = (out: string, force = false) => [...args, "--out", out, ...(force ? ["--force"] : [])];
  // Every command writes through one writer: the rarer paths are checked for a few commands.
  const rare = ["a FIFO as output", "a folder that is a file", "a symlink to a file without --force"].concat([
    "an unwritable folder (as nobody)",
  ]);
  const keep = (item: Case) => options.full === true || !rare.includes(item.name.slice(command.length + 2));
  const cases: Case[] = [
    {
      name: `${command}: an existing output`,
      args: run("id2.json"),
      code: 2,
      line: "pop: id2.json already exists (pass --force to replace it)",
    },
    {
      name: `${command}: a directory as output`,
      args: run("outdir", true),
      code: 2,
      line: "pop: cannot write outdir: it is a directory",
      files: { outdir: { dir: true } },
    },
    {
      name: `${command}: a FIFO as output`,
      args: run("out.fifo", true),
      code: 2,
      line: "pop: cannot write out.fifo: it is a FIFO",
      files: { "out.fifo": { fifo: true } },
    },
    {
      name: `${command}: a missing folder`,
      args: run("missing/out.json"),
      code: 2,
      line: "pop: cannot write missing/out.json: the folder missing does not exist",
    },
    {
      name: `${command}: a folder that is a file`,
      args: run("id2.json/out.json", true),
      code: 2,
      line: "pop: cannot write id2.json/out.json: id2.json is not a folder",
    },
    {
      name: `${command}: a dangling symlink without --force`,
      args: run("dangling.json"),
      code: 2,
      line: "pop: dangling.json already exists (pass --force to replace it)",
      files: { "dangling.json": { symlink: "nowhere.json" } },
    },
    {
      name: `${command}: a symlink to a file without --force`,
      args: run("link.json"),
      code: 2,
      line: "pop: link.json already exists (pass --force to replace it)",
      files: { "link.json": { symlink: "id2.json" } },
    },
    {
      name: `${command}: an unwritable folder (as nobody)`,
      args: run("out.json"),
      code: 2,
      line: "pop: cannot write out.json (EACCES)",
      user: "nobody",
    },
  ];
  return cases.filter(keep);
}

/** Cases for a JSON input read through the CLI's strict reader (`what` is the file kind). */
export function jsonFileCases(
  command: string,
  args: (file: string) => string[],
  what: string,
  base: string,
  options: { firstKey?: string; specialFiles?: boolean; version?: number } = {},
): Case[] {
  const { firstKey = "version", specialFiles = false, version = 1 } = options;
  const line = (text: string) => `pop: ${what} ${text}`;
  const special = new Set(
    ["an empty file", "UTF-16 text", "a missing file", "a directory", "a FIFO", "/dev/zero"].concat([
      "a symlink to /dev/zero",
      "a dangling symlink",
      "an unreadable file (as nobody)",
    ]),
  );
  // Every reader goes through one file reader: its special files are checked for a few kinds.
  const keep = (item: Case) => specialFiles || !special.has(item.name.slice(command.length + 2));
  const cases: Case[] = [
    {
      name: `${command}: malformed JSON`,
      args: args("bad.json"),
      code: 2,
      line: line("bad.json is not valid JSON"),
      files: { "bad.json": "{ not json" },
    },
    {
      name: `${command}: an empty file`,
      args: args("empty.json"),
      code: 2,
      line: line("empty.json is not valid JSON"),
      files: { "empty.json": "" },
    },
    {
      name: `${command}: UTF-16 text`,
      args: args("utf16.json"),
      code: 2,
      line: line("utf16.json is not UTF-8 text"),
      files: { "utf16.json": { bytes: [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00] } },
    },
    { name: `${command}: a missing file`, args: args("nope.json"), code: 2, line: line("nope.json does not exist") },
    {
      name: `${command}: a directory`,
      args: args("adir"),
      code: 2,
      line: line("adir is a directory, not a file"),
      files: { adir: { dir: true } },
    },
    {
      name: `${command}: a FIFO`,
      args: args("in.fifo"),
      code: 2,
      line: line("in.fifo is a FIFO, not a file"),
      files: { "in.fifo": { fifo: true } },
    },
    {
      name: `${command}: /dev/zero`,
      args: args("/dev/zero"),
      code: 2,
      line: line("/dev/zero is a device, not a file"),
    },
    {
      name: `${command}: a symlink to /dev/zero`,
      args: args("zero.json"),
      code: 2,
      line: line("zero.json is a device, not a file"),
      files: { "zero.json": { symlink: "/dev/zero" } },
    },
    {
      name: `${command}: a dangling symlink`,
      args: args("dangling.json"),
      code: 2,
      line: line("dangling.json does not exist"),
      files: { "dangling.json": { symlink: "nowhere.json" } },
    },
    {
      name: `${command}: an unreadable file (as nobody)`,
      args: args("secret.json"),
      code: 2,
      line: `pop: cannot read ${what} secret.json (permission denied)`,
      files: { "secret.json": { unreadable: "{}" } },
      user: "nobody",
    },
    {
      name: `${command}: JSON null`,
      args: args("null.json"),
      code: 2,
      line: /^pop: [a-zA-Z -]+ must be a JSON object$/,
      files: { "null.json": "null" },
    },
    {
      name: `${command}: a JSON array`,
      args: args("array.json"),
      code: 2,
      line: /^pop: [a-zA-Z -]+ must be a JSON object$/,
      files: { "array.json": "[]" },
    },
    {
      name: `${command}: an unknown field`,
      args: args("extra.json"),
      code: 2,
      line: /has an unknown field "nickname"$/,
      files: { "extra.json": edited(base, (d) => ({ ...d, nickname: "x" })) },
    },
    {
      name: `${command}: a duplicate top-level key`,
      args: args("dup.json"),
      code: 2,
      line: line(`dup.json has the key "${firstKey}" twice`),
      files: { "dup.json": duplicateKey(base, firstKey, 1) },
    },
    ...(firstKey !== "version"
      ? []
      : [
          {
            name: `${command}: version ${version + 1}`,
            args: args("next.json"),
            code: 2 as const,
            line: new RegExp(`[. ]version must be ${version}$`),
            files: { "next.json": edited(base, (d) => ({ ...d, version: version + 1 })) },
          },
        ]),
  ];
  return cases.filter(keep);
}
