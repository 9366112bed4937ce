import type { Address, Hex } from "viem";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { simulateAndWrite } from "../writeContract.js";
import type { RegistryClients } from "./types.js";

/**
 * Governance registers a genesis human without a request (the first vouchers of a new
 * registry; docs/registry.md, "Seeding").
 * @param clients governance's wallet and the registry
 * @param params.humanityId the humanity (bytes20)
 * @param params.owner the wallet that will own it
 * @param params.commitment the owner's authenticator commitment
 * @param params.nullifierCommitment the owner's N, kept by the humanity for life
 * @returns the transaction hash
 * @throws ChainError naming the contract's refusal (not governance, already registered, another N than the ID keeps, …)
 */
export function seedHumanity(
  clients: RegistryClients,
  params: { humanityId: Hex; owner: Address; commitment: bigint; nullifierCommitment: bigint },
): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: clients.registry,
    abi: humanityRegistryAbi,
    functionName: "seedHumanity",
    args: [params.humanityId, params.owner, params.commitment, params.nullifierCommitment],
  });
}
