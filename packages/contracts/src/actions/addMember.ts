import { type CredentialAttributes, packAttributes } from "@pop/protocol/attributes";
import type { Address, Hex } from "viem";
import { humanitySetAbi } from "../generated/humanitySet.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/**
 * Inserts a credential's leaf into the on-chain humanity set; the wallet must be a registrar
 * of the credential's issuer and kind (else HumanitySet__NotRegistrar).
 * @param params.humanitySet the HumanitySet address
 * @param params.commitment the holder's identity commitment
 * @param params.attributes the credential's attributes
 * @returns the transaction hash
 */
export function addMember(
  clients: ActionClients,
  params: { humanitySet: Address; commitment: bigint; attributes: CredentialAttributes },
): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: params.humanitySet,
    abi: humanitySetAbi,
    functionName: "addMember",
    args: [params.commitment, packAttributes(params.attributes)],
  });
}
