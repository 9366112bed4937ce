import { execFile, execFileSync } from "node:child_process";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { InputError } from "@pop/core/errors";
import { pathExists, readRegularFile, readTextFile } from "@pop/core/files";
import { checkWritable, writeFileAtomically, writeFilesAtomically } from "@pop/core/writeFiles";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
let dir: string;
const path = (name: string) => join(dir, name);

async function refusal(action: Promise<unknown>): Promise<{ message: string; reason: unknown }> {
  try {
    await action;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { message: (error as InputError).shortMessage, reason: (error as InputError).details.reason };
  }
  throw new Error("accepted");
}

/** Every entry of the test directory with its content (links as "-> target"). */
async function snapshot(): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    const info = await lstat(path(name));
    entries[name] = info.isSymbolicLink()
      ? `-> ${await readlink(path(name))}`
      : info.isFile()
        ? await readFile(path(name), "utf8")
        : "(dir)";
  }
  return entries;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-files-"));
  await writeFile(path("a.txt"), "hello");
  await mkdir(path("folder"));
  execFileSync("mkfifo", [path("fifo")]);
  await symlink("/dev/zero", path("zero-link"));
  await symlink(path("nowhere"), path("dangling"));
  await symlink(path("a.txt"), path("a-link"));
});

const text = (name: string, maxBytes = 1024) => readTextFile(name, { what: "transcript", maxBytes });

describe("reading a file the user named", () => {
  it("reads a regular file, through a symbolic link too", async () => {
    expect(await text(path("a.txt"))).toBe("hello");
    expect(await text(path("a-link"))).toBe("hello");
    expect(Buffer.from(await readRegularFile(path("a.txt"), { what: "x", maxBytes: 5 })).toString()).toBe("hello");
  });

  it("refuses a FIFO, a device, a directory at once, before reading", async () => {
    expect(await refusal(text(path("fifo")))).toEqual({
      message: `transcript ${path("fifo")} is a FIFO, not a file`,
      reason: "not-a-file",
    });
    expect(await refusal(text("/dev/zero"))).toEqual({
      message: "transcript /dev/zero is a device, not a file",
      reason: "not-a-file",
    });
    expect(await refusal(text(path("zero-link")))).toEqual({
      message: `transcript ${path("zero-link")} is a device, not a file`,
      reason: "not-a-file",
    });
    expect(await refusal(text(path("folder")))).toEqual({
      message: `transcript ${path("folder")} is a directory, not a file`,
      reason: "not-a-file",
    });
  });

  it("refuses a missing file and a dangling link as missing", async () => {
    expect(await refusal(text(path("none.txt")))).toEqual({
      message: `transcript ${path("none.txt")} does not exist`,
      reason: "missing",
    });
    expect((await refusal(text(path("dangling")))).reason).toBe("missing");
  });

  it("refuses a file over the limit, and a /proc file that reports size 0 but is longer", async () => {
    expect(await refusal(text(path("a.txt"), 4))).toEqual({
      message: `transcript ${path("a.txt")} is over 4 bytes`,
      reason: "too-large",
    });
    expect((await refusal(text("/proc/self/maps", 16))).reason).toBe("too-large");
  });

  it("refuses bytes that are not UTF-8 text", async () => {
    await writeFile(path("binary.txt"), Uint8Array.from([0xff, 0xfe, 0x00]));
    expect(await refusal(text(path("binary.txt")))).toEqual({
      message: `transcript ${path("binary.txt")} is not UTF-8 text`,
      reason: "not-text",
    });
  });

  it("refuses a file it may not read with a clear message (as an unprivileged user)", async () => {
    if (process.getuid?.() !== 0) {
      // Not root: this user cannot switch to nobody; an unreadable file of our own still fails.
      return;
    }
    const shared = await mkdtemp(join(tmpdir(), "pop-files-shared-"));
    await chmod(shared, 0o755);
    await writeFile(join(shared, "secret.txt"), "secret", { mode: 0o600 });
    const files = fileURLToPath(new URL("../dist/files.js", import.meta.url));
    const script = `import(${JSON.stringify(files)}).then((m) => m.readTextFile(process.argv[1], { what: "photo", maxBytes: 9 })).then(() => console.log("read"), (e) => console.log(JSON.stringify([e.constructor.name, e.shortMessage, e.details])))`;
    const { stdout } = await run("setpriv", [
      "--reuid=nobody",
      "--regid=nogroup",
      "--clear-groups",
      process.execPath,
      "-e",
      script,
      join(shared, "secret.txt"),
    ]);
    expect(JSON.parse(stdout)).toEqual([
      "InputError",
      `cannot read photo ${join(shared, "secret.txt")} (permission denied)`,
      { path: join(shared, "secret.txt"), reason: "unreadable", code: "EACCES" },
    ]);
  });
});

describe("pathExists", () => {
  it("counts a dangling symbolic link as existing", async () => {
    expect(await pathExists(path("dangling"))).toBe(true);
    expect(await pathExists(path("a.txt"))).toBe(true);
    expect(await pathExists(path("none"))).toBe(false);
  });
});

describe("writing files all-or-nothing", () => {
  it("writes every file with its mode", async () => {
    await writeFilesAtomically(
      [
        { path: path("w1.json"), content: "1", mode: 0o600 },
        { path: path("w2.json"), content: Uint8Array.from([0x32]) },
      ],
      { overwrite: false },
    );
    expect(await readFile(path("w1.json"), "utf8")).toBe("1");
    expect(await readFile(path("w2.json"), "utf8")).toBe("2");
    expect((await lstat(path("w1.json"))).mode & 0o777).toBe(0o600);
    expect((await lstat(path("w2.json"))).mode & 0o777).toBe(0o644);
  });

  it.each([
    ["an existing target without overwrite", "a.txt", false, "exists"],
    ["a dangling link without overwrite", "dangling", false, "exists"],
    ["a directory", "folder", true, "not-a-file"],
    ["a FIFO, even with overwrite", "fifo", true, "not-a-file"],
    ["a missing folder", "missing/x.json", true, "no-folder"],
    ["a folder that is a file", "a.txt/x.json", true, "no-folder"],
  ])("refuses %s and writes none of the files", async (_, target, overwrite, reason) => {
    const before = await snapshot();
    const files = [
      { path: path("new1.json"), content: "new" },
      { path: path(target), content: "new" },
      { path: path("new2.json"), content: "new" },
    ];
    expect((await refusal(writeFilesAtomically(files, { overwrite }))).reason).toBe(reason);
    expect(await snapshot()).toEqual(before);
  });

  it("names the file in the message", async () => {
    expect((await refusal(writeFileAtomically(path("a.txt"), "x", { overwrite: false }))).message).toBe(
      `${path("a.txt")} already exists (pass --force to replace it)`,
    );
    expect((await refusal(writeFileAtomically(path("no/x"), "x", { overwrite: true }))).message).toBe(
      `cannot write ${path("no/x")}: the folder ${path("no")} does not exist`,
    );
    expect(
      (
        await refusal(
          writeFilesAtomically(
            [
              { path: path("d"), content: "" },
              { path: path("d"), content: "" },
            ],
            {
              overwrite: true,
            },
          ),
        )
      ).message,
    ).toBe(`${path("d")} is written twice`);
  });

  it("never replaces a device node, even with overwrite", async () => {
    expect(await refusal(writeFileAtomically("/dev/null", "x", { overwrite: true }))).toEqual({
      message: "cannot write /dev/null: it is a device",
      reason: "not-a-file",
    });
    expect((await lstat("/dev/null")).isCharacterDevice()).toBe(true);
  });

  it("checks targets without writing (checkWritable)", async () => {
    const before = await snapshot();
    await checkWritable([path("new.json")], { overwrite: false });
    expect((await refusal(checkWritable([path("a.txt")], { overwrite: false }))).reason).toBe("exists");
    expect((await refusal(checkWritable([path("fifo")], { overwrite: true }))).reason).toBe("not-a-file");
    expect(await snapshot()).toEqual(before);
  });

  it("replaces a symbolic link with --force instead of writing through it", async () => {
    await writeFile(path("target.txt"), "keep");
    await symlink(path("target.txt"), path("link.json"));
    await writeFileAtomically(path("link.json"), "new", { overwrite: true });
    expect((await lstat(path("link.json"))).isSymbolicLink()).toBe(false);
    expect(await readFile(path("link.json"), "utf8")).toBe("new");
    expect(await readFile(path("target.txt"), "utf8")).toBe("keep");
  });

  it("creates folders and removes them again when a later file fails", async () => {
    const before = await snapshot();
    const node = path("node0");
    await expect(
      writeFilesAtomically(
        [
          { path: join(node, "key.json"), content: "k" },
          { path: path("a.txt"), content: "x" },
        ],
        { overwrite: false, directories: [{ path: node }] },
      ),
    ).rejects.toBeInstanceOf(InputError);
    expect(await snapshot()).toEqual(before);
    await writeFilesAtomically([{ path: join(node, "key.json"), content: "k", mode: 0o600 }], {
      overwrite: false,
      directories: [{ path: node }],
    });
    expect(await readFile(join(node, "key.json"), "utf8")).toBe("k");
    expect((await lstat(node)).mode & 0o777).toBe(0o700);
  });

  it("removes its temporary files and keeps the old ones when a write fails half-way", async () => {
    await writeFile(path("old.json"), "old");
    const before = await snapshot();
    // /proc/self is a folder in which no file can be created, even by root: the third
    // temporary file fails after the first two were written.
    const files = [
      { path: path("old.json"), content: "new" },
      { path: path("fresh.json"), content: "new" },
      { path: "/proc/self/pop-test.json", content: "new" },
    ];
    expect((await refusal(writeFilesAtomically(files, { overwrite: true }))).reason).toBe("unwritable");
    expect(await snapshot()).toEqual(before);
  });
});
