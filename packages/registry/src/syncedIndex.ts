import { chainTime } from "@pop/contracts/actions/chainTime";
import type { Address, PublicClient } from "viem";
import { RegistryIndexer } from "./indexer.js";

/**
 * Opens a registry's SQLite event index (created if absent), brings it up to the chain's latest
 * confirmed block (undoing a reorganisation first), and reads the chain's time, for status queries.
 * @param params.client a public client on the registry's chain
 * @param params.registry the registry address
 * @param params.fromBlock the registry's deployment block
 * @param params.path the index file
 * @param params.confirmations blocks left unindexed under the latest (default: the indexer's,
 *   12 off the local chains)
 * @returns the synced index (close it when done) and the chain's time
 * @throws InputError for an index file of another registry; ChainError when the chain fails
 */
export async function openSyncedIndex(params: {
  client: PublicClient;
  registry: Address;
  fromBlock: bigint;
  path: string;
  confirmations?: bigint;
}): Promise<{ indexer: RegistryIndexer; now: number }> {
  const indexer = await RegistryIndexer.open(params);
  try {
    await indexer.sync(params.confirmations === undefined ? {} : { confirmations: params.confirmations });
    return { indexer, now: Number(await chainTime(params.client)) };
  } catch (error) {
    indexer.close();
    throw error;
  }
}
