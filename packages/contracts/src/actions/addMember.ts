import { packAttributes } from "@pop/protocol/attributes";
import type { LeafParts } from "@pop/protocol/credential";
import type { Address, Hex } from "viem";
import { humanitySetAbi } from "../generated/humanitySet.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/**
 * The HumanitySet `Member` struct of a leaf's parts.
 * @param parts the commitment c, the nullifier commitment N and the attributes
 */
export function memberOf(parts: LeafParts): { commitment: bigint; nullifierCommitment: bigint; attributes: bigint } {
  return {
    commitment: parts.commitment,
    nullifierCommitment: parts.nullifierCommitment,
    attributes: packAttributes(parts.attributes),
  };
}

/**
 * Inserts a credential's leaf Poseidon(c, N, attributes) into the on-chain humanity set; the
 * wallet must be a registrar of the credential's issuer and kind (else HumanitySet__NotRegistrar).
 * @param params.humanitySet the HumanitySet address
 * @param params.commitment the holder's authenticator commitment c
 * @param params.nullifierCommitment the holder's nullifier commitment N
 * @param params.attributes the credential's attributes
 * @returns the transaction hash
 */
export function addMember(clients: ActionClients, params: { humanitySet: Address } & LeafParts): Promise<Hex> {
  const member = memberOf(params);
  return simulateAndWrite(clients, {
    address: params.humanitySet,
    abi: humanitySetAbi,
    functionName: "addMember",
    args: [member.commitment, member.nullifierCommitment, member.attributes],
  });
}

/**
 * Replaces a member's leaf (`HumanitySet.updateMember`): c and the attributes may change, N may
 * not (else HumanitySet__NullifierCommitmentChanged); the wallet must be a registrar for both
 * the old and the new attributes.
 * @param params.humanitySet the HumanitySet address
 * @param params.from the current leaf's parts
 * @param params.to the new leaf's parts
 * @param params.siblings the current leaf's LeanIMT siblings (from the set's events)
 * @returns the transaction hash
 */
export function updateMember(
  clients: ActionClients,
  params: { humanitySet: Address; from: LeafParts; to: LeafParts; siblings: readonly bigint[] },
): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: params.humanitySet,
    abi: humanitySetAbi,
    functionName: "updateMember",
    args: [memberOf(params.from), memberOf(params.to), [...params.siblings]],
  });
}
