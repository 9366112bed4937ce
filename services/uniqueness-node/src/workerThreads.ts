import { type TransferListItem, Worker } from "node:worker_threads";
import { PopError } from "@pop/core/errors";

/**
 * Worker threads running one of pop's modules (a node's shard threads, the match benchmark's
 * parties): the built .js module as it is, or a .ts source through tsx (tests and benchmarks
 * run the sources).
 */

/** Raised when a worker thread fails or exits before it says what was awaited. */
export class WorkerThreadError extends PopError {}

/**
 * Starts a worker thread on a module.
 * @param module the module's URL (.js, or .ts loaded through tsx)
 * @param workerData what the module reads as workerData
 * @param transferList MessagePorts and buffers moved to the worker
 */
export function startModuleWorker(module: URL, workerData: unknown, transferList: TransferListItem[] = []): Worker {
  if (!module.pathname.endsWith(".ts")) return new Worker(module, { workerData, transferList });
  return new Worker(
    `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(module.href)}, ${JSON.stringify(import.meta.url)}))`,
    { eval: true, workerData, transferList },
  );
}

/**
 * The worker's next message whose `kind` is `kind`.
 * @throws WorkerThreadError when the worker fails or exits first
 */
export function nextMessage(worker: Worker, kind: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (message: Record<string, unknown>) => {
      if (message.kind !== kind) return;
      stop();
      resolve(message);
    };
    const onError = (error: Error) => {
      stop();
      reject(new WorkerThreadError(`a worker thread failed: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => {
      stop();
      reject(new WorkerThreadError(`a worker thread exited (${code}) before "${kind}"`));
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
  });
}
