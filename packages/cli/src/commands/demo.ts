import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@pop/core/errors";
import { runDemo } from "@pop/sdk/demo";
import { defineCommand } from "../command.js";
import { writeJsonFile } from "../io.js";
import { progress } from "../result.js";

export const demo = defineCommand({
  name: "demo",
  usage: `pop demo [--dir D]
  The whole flow on embedded defaults: two issuers, three people, a humanity set, credentials and
  six proofs in two scopes; shows that a nullifier repeats within a scope and differs across
  scopes and people, and survives an authenticator rotation (the old authenticator is then
  refused) and a second credential from another issuer. Every file is left in D (a new
  temporary folder by default).`,
  options: { dir: { type: "string" } },
  async run(options) {
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "pop-demo-")));
    await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(`cannot use ${dir} as the demo's folder (${error.code ?? "error"})`, { cause: error });
    });
    const report = await runDemo({
      write: (name, value, mode) =>
        writeJsonFile(join(dir, name), value, { overwrite: true, ...(mode === undefined ? {} : { mode }) }),
      onProgress: progress,
    });
    const { ok, ...rest } = report;
    return { output: { ok, dir, ...rest }, exitCode: ok ? 0 : 1 };
  },
});
