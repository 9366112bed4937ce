import { base64ToBytes } from "@pop/core/bytes";

/** A kernel instance over its own growable memory. */
export type KernelInstance<T> = { exports: T; memory: WebAssembly.Memory };

const modules = new Map<string, WebAssembly.Module>();

/**
 * Instantiates an embedded WebAssembly kernel (base64 from src/generated) with a fresh memory
 * of its own. Compiling is synchronous: the kernels are a few hundred bytes, under the limit
 * browsers set for synchronous compiles on the main thread.
 * @param base64 the kernel's bytes
 */
export function instantiateKernel<T>(base64: string): KernelInstance<T> {
  let module = modules.get(base64);
  if (module === undefined) {
    module = new WebAssembly.Module(base64ToBytes(base64));
    modules.set(base64, module);
  }
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { exports: instance.exports as unknown as T, memory };
}

const PAGE = 65_536;

/** Grows `memory` so that it holds at least `bytes` bytes. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
  if (pages > 0) {
    memory.grow(pages);
  }
}
