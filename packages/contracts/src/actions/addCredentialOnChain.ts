import { IssuerError } from "@pop/core/errors";
import { expectSignedCredential } from "@pop/protocol/addCredentialToSet";
import { type Credential, checkCredential, credentialLeaf } from "@pop/protocol/credential";
import type { Address, Hex } from "viem";
import { chainCall } from "../errors/chainError.js";
import { humanitySetAbi } from "../generated/humanitySet.js";
import { issuerRegistryAbi } from "../generated/issuerRegistry.js";
import { addMember } from "./addMember.js";
import type { ActionClients } from "./writeContract.js";

/**
 * A registrar inserts a signed credential's leaf into the on-chain humanity set, after checking
 * the credential's signature against the key the IssuerRegistry records for its issuer (the
 * contract checks only who inserts, not what the issuer signed).
 * @param clients the registrar's wallet and a public client
 * @param params.deployment the IssuerRegistry and HumanitySet addresses
 * @param params.credential the credential: a registry credential is refused before the chain is
 *   asked anything (the registry contract inserted its leaf)
 * @returns the leaf, the new root and the transaction hash
 * @throws InputError for a registry credential; IssuerError when the issuer is not active or did not sign it; CredentialError for a
 *   refused credential; ChainError naming the contract's refusal
 */
export async function addCredentialOnChain(
  clients: ActionClients,
  params: { deployment: { issuerRegistry: Address; humanitySet: Address }; credential: Credential },
): Promise<{ leaf: bigint; root: bigint; tx: Hex }> {
  const { deployment } = params;
  const credential = expectSignedCredential(params.credential);
  const issuerId = credential.attributes.issuerId;
  const [active, , publicKey] = await chainCall(() =>
    clients.client.readContract({
      address: deployment.issuerRegistry,
      abi: issuerRegistryAbi,
      functionName: "issuer",
      args: [BigInt(issuerId)],
    }),
  );
  if (!active) throw new IssuerError(`issuer ${issuerId} is not an active member of the issuer set`);
  checkCredential(credential);
  if (publicKey[0] !== credential.issuerPublicKey[0] || publicKey[1] !== credential.issuerPublicKey[1]) {
    throw new IssuerError(`the credential is not signed by the key registered for issuer ${issuerId}`);
  }
  const tx = await addMember(clients, {
    humanitySet: deployment.humanitySet,
    commitment: credential.commitment,
    attributes: credential.attributes,
  });
  const root = await chainCall(() =>
    clients.client.readContract({ address: deployment.humanitySet, abi: humanitySetAbi, functionName: "root" }),
  );
  return { leaf: credentialLeaf(credential.commitment, credential.attributes), root, tx };
}
