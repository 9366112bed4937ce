import { parseHumanityId } from "@pop/contracts/humanityId";
import { InputError } from "@pop/core/errors";
import { openSyncedIndex } from "@pop/registry/syncedIndex";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { registryOptions } from "./options.js";

/** The index options of the status commands. */
const indexOption = { index: { type: "string" } } as const;

/** Opens and syncs the registry's event index (default registry.sqlite). */
async function syncedIndex(options: { rpc: string | undefined; registry: string; index: string | undefined }) {
  const { connection, file } = await registryContext(options);
  return openSyncedIndex({
    client: connection.client,
    registry: file.registry,
    fromBlock: file.fromBlock,
    path: options.index ?? "registry.sqlite",
  });
}

export const registryStatus = defineCommand({
  name: "registry status",
  usage: `pop registry status --registry r.json (--id 0x… | --pending) [--index registry.sqlite] [--rpc URL]
  A humanity's status and requests, or the open requests, from the event index (synced first).`,
  options: { ...registryOptions, id: { type: "string" }, pending: { type: "boolean" }, ...indexOption },
  async run(options) {
    if ((options.id === undefined) === !options.pending) throw new InputError("pass --id 0x… or --pending");
    const id = options.id === undefined ? undefined : parseHumanityId(options.id);
    const { indexer, now } = await syncedIndex(options);
    try {
      if (id === undefined) return { output: { pending: indexer.pendingRequests() } };
      return { output: { ...indexer.humanity(id, now), vouches: indexer.vouchesOf(id) } };
    } finally {
      indexer.close();
    }
  },
});

export const registryVouchallenger = defineCommand({
  name: "registry vouchallenger",
  usage: `pop registry vouchallenger --registry r.json --id 0x… [--index registry.sqlite] [--rpc URL]
  A humanity's HIP-58 vouchallenger counts and verdict, from the event index.`,
  options: { ...registryOptions, id: { type: "string", required: true }, ...indexOption },
  async run(options) {
    const id = parseHumanityId(options.id);
    const { indexer } = await syncedIndex(options);
    try {
      return { output: indexer.vouchallengerStats(id) };
    } finally {
      indexer.close();
    }
  },
});
