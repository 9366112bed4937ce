import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "@pop/core/errors";

/**
 * The native kernels (native/dots.c, native/booleans.c, docs/uniqueness.md#benchmark): the
 * dot-product sums of assembly/dots.ts with the CPU's widest vectors (AVX-512 or AVX2, else
 * plain C), and the boolean engine's local loops. They are built at install by node-gyp when a
 * compiler is there; without them, or with POP_DOTS_KERNEL=wasm, galleries use the WebAssembly
 * kernel and the engine its TypeScript loops, which give the same shares and messages.
 */

/** The kernels a gallery can run its dot products on. */
export type DotsKernelName = "avx512" | "avx2" | "scalar" | "wasm";
export const DOTS_KERNELS: readonly DotsKernelName[] = ["avx512", "avx2", "scalar", "wasm"];

type NativeDots = {
  dots(
    query: Uint16Array,
    gallery: Uint16Array,
    count: number,
    rotations: number,
    code: Uint16Array,
    mask: Uint16Array,
  ): void;
  use(name?: string): Exclude<DotsKernelName, "wasm">;
} & NativeBooleans;

/** The replicated boolean engine's local loops (native/booleans.c), word for word as booleanShares.ts's. */
export type NativeBooleans = {
  andShares(
    aOwn: Uint32Array,
    aNext: Uint32Array,
    bOwn: Uint32Array,
    bNext: Uint32Array,
    zero: Uint32Array,
    out: Uint32Array,
  ): void;
  fullAdders(
    aOwn: Uint32Array,
    aNext: Uint32Array,
    bOwn: Uint32Array,
    bNext: Uint32Array,
    cOwn: Uint32Array,
    cNext: Uint32Array,
    zero: Uint32Array,
    message: Uint32Array,
    sumOwn: Uint32Array,
    sumNext: Uint32Array,
    carryOwn: Uint32Array,
  ): void;
  xorWords(a: Uint32Array, b: Uint32Array, out: Uint32Array): void;
  bitPlanes(values: Uint16Array, width: number, planes: Uint32Array): void;
};

/** The built module, from packages/uniqueness/build (dist/mpc and src/mpc are both two levels down). */
function loadNative(): NativeDots | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = join(here, "..", "..", "build", "Release", "pop_dots.node");
  if (!existsSync(path)) return undefined;
  return createRequire(import.meta.url)(path) as NativeDots;
}

const native = loadNative();
let current: DotsKernelName = "wasm";

/**
 * Chooses the kernel: the best the CPU and the build have, at most `name` ("wasm" always
 * works). Galleries use it from their next query on.
 * @param name the widest kernel to allow (default: POP_DOTS_KERNEL, else the best)
 * @returns the kernel in use
 * @throws InputError for an unknown name
 */
export function useDotsKernel(name: string | undefined = process.env.POP_DOTS_KERNEL): DotsKernelName {
  if (name !== undefined && name !== "" && !DOTS_KERNELS.includes(name as DotsKernelName)) {
    throw new InputError(`the dots kernel must be one of ${DOTS_KERNELS.join(", ")}, not ${name}`);
  }
  if (native === undefined || name === "wasm") {
    current = "wasm";
  } else {
    current = name === undefined || name === "" ? native.use("avx512") : native.use(name);
  }
  return current;
}

/** The kernel galleries use now. */
export function dotsKernel(): DotsKernelName {
  return current;
}

/** The native kernel when it is the one in use. */
export function nativeDots(): NativeDots | undefined {
  return current === "wasm" ? undefined : native;
}

/** The boolean engine's native loops, used with the native dots kernel ("wasm" runs TypeScript's). */
export function nativeBooleans(): NativeBooleans | undefined {
  return current === "wasm" ? undefined : native;
}

useDotsKernel();
