import { ChainError } from "@pop/core/errors";
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { chainCall } from "../errors/chainError.js";

/** What every write action needs: a public client and a wallet on the same chain. */
export type ActionClients = { client: PublicClient; wallet: WalletClient<Transport, Chain, Account> };

/**
 * Simulates a contract call (so a revert surfaces with its custom error before anything is
 * sent), sends it and waits for a successful receipt.
 * @returns the transaction hash
 * @throws ChainError naming the contract's custom error, or why the chain could not be reached
 */
export async function simulateAndWrite(
  clients: ActionClients,
  call: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] },
): Promise<Hex> {
  return chainCall(async () => {
    const { request } = await clients.client.simulateContract({ ...call, account: clients.wallet.account } as never);
    const hash = await clients.wallet.writeContract(request as never);
    const receipt = await clients.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new ChainError(`transaction ${hash} reverted`, { details: { hash } });
    return hash;
  });
}
