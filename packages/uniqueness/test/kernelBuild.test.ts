import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KERNELS, renderKernel } from "../scripts/kernel.js";

describe("the committed WebAssembly kernels", () => {
  for (const kernel of KERNELS) {
    it(`${kernel.module} is exactly what ${kernel.source} compiles to`, async () => {
      const committed = readFileSync(new URL(`../${kernel.module}`, import.meta.url), "utf8");
      expect(committed).toBe(await renderKernel(kernel));
    });
  }
});
