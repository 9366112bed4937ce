/**
 * Writes src/generated/artifacts.ts from the Solidity sources (see solidity.ts).
 *
 *   npm run compile -w @pop/contracts            # writes the file
 *   npm run compile -w @pop/contracts -- --check # exits 1 when it is out of date
 */
import { readFile, writeFile } from "node:fs/promises";
import { compile, GENERATED } from "./solidity.js";

const check = process.argv.includes("--check");
const text = await compile();
if (check) {
  const current = await readFile(GENERATED, "utf8").catch(() => "");
  if (current !== text) {
    console.error("src/generated/artifacts.ts is out of date: run npm run compile -w @pop/contracts");
    process.exit(1);
  }
} else {
  await writeFile(GENERATED, text);
  console.error(`wrote ${GENERATED}`);
}
