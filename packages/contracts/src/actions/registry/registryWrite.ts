import { ChainError } from "@pop/core/errors";
import { type Hex, parseEventLogs } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { simulateAndWrite } from "../writeContract.js";
import type { RegistryClients } from "./types.js";

/** Sends one call to the registry (simulated first), with ether when `value` is given. */
export function registryWrite(
  clients: RegistryClients,
  functionName: string,
  args: readonly unknown[],
  value?: bigint,
): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: clients.registry,
    abi: humanityRegistryAbi,
    functionName,
    args,
    ...(value === undefined ? {} : { value }),
  });
}

/** Sends a request-opening call and returns its hash with the id its RequestOpened event names. */
export async function openRequest(
  clients: RegistryClients,
  functionName: string,
  args: readonly unknown[],
  value: bigint,
): Promise<{ hash: Hex; requestId: bigint }> {
  const hash = await registryWrite(clients, functionName, args, value);
  const receipt = await chainCall(() => clients.client.getTransactionReceipt({ hash }));
  const [opened] = parseEventLogs({ abi: humanityRegistryAbi, eventName: "RequestOpened", logs: receipt.logs }).filter(
    (log) => log.address.toLowerCase() === clients.registry.toLowerCase(),
  );
  if (opened === undefined) throw new ChainError(`transaction ${hash} opened no request`, { details: { hash } });
  return { hash, requestId: opened.args.requestId };
}
