import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "services/*/test/**/*.test.ts"],
    globalSetup: ["packages/circuits/test/compileOnce.ts"],
    // Proving is CPU-bound and the machines have two cores: run files one after another.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ["default", "./test/closingLineReporter.ts"],
  },
});
