/**
 * Writes the generated files from the Solidity sources and the committed verification keys
 * (see solidity.ts): contracts/generated/*.sol, src/generated/*.ts (one module per contract and
 * enums.ts) and test/generated/*.ts (the test contracts). A module left over in
 * a generated folder from a contract that is gone is removed (or, with --check, reported).
 *
 *   npm run compile -w @pop/contracts            # writes the files
 *   npm run compile -w @pop/contracts -- --check # exits 1 when one is out of date
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { compile, GENERATED, TEST_GENERATED } from "./solidity.js";

const check = process.argv.includes("--check");
const files = await compile();
for (const [path, text] of Object.entries(files)) {
  if (check) {
    if ((await readFile(path, "utf8").catch(() => "")) !== text) {
      console.error(`${path} is out of date: run npm run compile -w @pop/contracts`);
      process.exitCode = 1;
    }
  } else {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    console.error(`wrote ${path}`);
  }
}
for (const folder of [GENERATED, TEST_GENERATED]) {
  for (const name of await readdir(folder).catch(() => [])) {
    const path = join(folder, name);
    if (path in files) continue;
    if (check) {
      console.error(`${path} is not generated any more: run npm run compile -w @pop/contracts`);
      process.exitCode = 1;
    } else {
      await rm(path);
      console.error(`removed ${path}`);
    }
  }
}
