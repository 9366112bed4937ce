/**
 * Regenerates src/generated/*Wasm.ts from assembly/*.ts (see kernel.ts).
 *
 *   npm run kernels -w @pop/uniqueness            # writes the files
 *   npm run kernels -w @pop/uniqueness -- --check # exits 1 when one is out of date
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { KERNELS, renderKernel } from "./kernel.js";

const check = process.argv.includes("--check");
for (const kernel of KERNELS) {
  const path = fileURLToPath(new URL(`../${kernel.module}`, import.meta.url));
  const text = await renderKernel(kernel);
  if (check) {
    if ((await readFile(path, "utf8").catch(() => "")) !== text) {
      console.error(`${kernel.module} is out of date: run npm run kernels -w @pop/uniqueness`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(path, text);
    console.error(`wrote ${kernel.module}`);
  }
}
