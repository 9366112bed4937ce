// Builds the native dot-product kernel (native/dots.c) at install, with npm's own node-gyp.
// It is optional: without a compiler the galleries use the WebAssembly kernel, so a failed
// build is a warning, never a failed install (docs/uniqueness.md#benchmark).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";

const gyp = process.env.npm_config_node_gyp;
const command = gyp ? process.execPath : "node-gyp";
const args = gyp ? [gyp, "rebuild"] : ["rebuild"];
const result = spawnSync(command, args, { cwd: join(dirname(new URL(import.meta.url).pathname), ".."), stdio: "pipe" });
if (result.status === 0) {
  console.log("@pop/uniqueness: built the native dot-product kernel");
} else {
  const why = result.error?.message ?? result.stderr?.toString().trim().split("\n").slice(-3).join(" ");
  console.warn(`@pop/uniqueness: no native dot-product kernel (${why}); galleries use the WebAssembly kernel`);
}
