import type { Hex } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import type { RegistryTerms } from "../../registry.js";
import { registryWrite } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/**
 * Governance sets the terms requests opened from now on are judged under: arbitrator and its
 * extra data, base deposit, durations, vouch count and appeal stakes (docs/registry.md#governance).
 * Open requests keep the terms they were opened with.
 * @param clients governance's wallet and the registry
 * @param terms the new terms (`registryTerms` builds them from parameters)
 * @returns the transaction hash
 * @throws ChainError naming the contract's refusal (not governance, no arbitrator, no challenge period, a renewal period not inside the lifespan)
 */
export function setTerms(clients: RegistryClients, terms: RegistryTerms): Promise<Hex> {
  return registryWrite(clients, "setTerms", [terms]);
}

/** The terms of version `index` of a registry (the last is current). */
export function readTerms(
  clients: Pick<RegistryClients, "client" | "registry">,
  index?: bigint,
): Promise<RegistryTerms> {
  const read = { address: clients.registry, abi: humanityRegistryAbi } as const;
  return chainCall(async () => {
    const at = index ?? (await clients.client.readContract({ ...read, functionName: "termsCount" })) - 1n;
    return clients.client.readContract({ ...read, functionName: "terms", args: [at] });
  });
}
