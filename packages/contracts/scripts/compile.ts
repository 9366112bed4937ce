/**
 * Writes the generated files from the Solidity sources and the committed verification keys
 * (see solidity.ts): contracts/generated/*.sol and src/generated/artifacts.ts.
 *
 *   npm run compile -w @pop/contracts            # writes the files
 *   npm run compile -w @pop/contracts -- --check # exits 1 when one is out of date
 */
import { readFile, writeFile } from "node:fs/promises";
import { compile } from "./solidity.js";

const check = process.argv.includes("--check");
for (const [path, text] of Object.entries(await compile())) {
  if (check) {
    if ((await readFile(path, "utf8").catch(() => "")) !== text) {
      console.error(`${path} is out of date: run npm run compile -w @pop/contracts`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(path, text);
    console.error(`wrote ${path}`);
  }
}
