/** Worker threads for the match benchmarks: a TypeScript module run through tsx, and its next message of a kind. */
import { type TransferListItem, Worker } from "node:worker_threads";

/**
 * Starts a worker thread running a TypeScript module, loaded through tsx as the benchmark is.
 * @param module the module's URL
 * @param workerData what the module reads as workerData
 * @param transferList MessagePorts and buffers moved to the worker
 */
export function startTsWorker(module: string, workerData: unknown, transferList: TransferListItem[] = []): Worker {
  return new Worker(
    `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(module)}, ${JSON.stringify(import.meta.url)}))`,
    { eval: true, workerData, transferList },
  );
}

/** The worker's next message whose `kind` is `kind` (rejects when the worker fails first). */
export function nextMessage(worker: Worker, kind: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message.kind === kind) {
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(message);
      }
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
  });
}
