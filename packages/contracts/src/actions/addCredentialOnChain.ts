import { IssuerError, SetError } from "@pop/core/errors";
import { checkSuccessor, expectSignedCredential } from "@pop/protocol/addCredentialToSet";
import { type Credential, checkCredential, credentialLeaf, type SignedCredential } from "@pop/protocol/credential";
import type { Address, Hex } from "viem";
import { chainCall } from "../errors/chainError.js";
import { humanitySetAbi } from "../generated/humanitySet.js";
import { issuerRegistryAbi } from "../generated/issuerRegistry.js";
import { readHumanitySet } from "../readHumanitySet.js";
import { addMember, updateMember } from "./addMember.js";
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
  await checkRegisteredSigner(clients, deployment, credential);
  const tx = await addMember(clients, {
    humanitySet: deployment.humanitySet,
    commitment: credential.commitment,
    nullifierCommitment: credential.nullifierCommitment,
    attributes: credential.attributes,
  });
  const root = await setRoot(clients, deployment.humanitySet);
  return { leaf: credentialLeaf(credential), root, tx };
}

/**
 * A registrar replaces a member's leaf with its successor's on chain: after an authenticator
 * rotation (new c) or a renewal (new attributes), N unchanged. Both credentials are checked as
 * `updateCredentialInSet` checks them off chain (same N, same issuer, each signed by the key the
 * IssuerRegistry records) before anything is sent; the siblings come from the set's events.
 * @param clients the registrar's wallet and a public client
 * @param params.deployment the IssuerRegistry and HumanitySet addresses, and the set's first block
 * @param params.from the credential whose leaf is in the set now
 * @param params.to the credential that replaces it
 * @returns the old and new leaves, the new root and the transaction hash
 * @throws CredentialError for a different N or issuer; IssuerError for a signer the registry does
 *   not record; SetError when the old leaf is not in the set; ChainError naming a refusal
 */
export async function updateCredentialOnChain(
  clients: ActionClients,
  params: {
    deployment: { issuerRegistry: Address; humanitySet: Address; fromBlock?: bigint };
    from: Credential;
    to: Credential;
  },
): Promise<{ oldLeaf: bigint; leaf: bigint; root: bigint; tx: Hex }> {
  const { deployment } = params;
  const [from, to] = [expectSignedCredential(params.from), expectSignedCredential(params.to)];
  checkSuccessor(from, to);
  await checkRegisteredSigner(clients, deployment, from);
  await checkRegisteredSigner(clients, deployment, to);
  const set = await readHumanitySet({
    client: clients.client,
    address: deployment.humanitySet,
    ...(deployment.fromBlock === undefined ? {} : { fromBlock: deployment.fromBlock }),
  });
  const oldLeaf = credentialLeaf(from);
  if (!set.has(oldLeaf)) throw new SetError("the old credential's leaf is not in the on-chain humanity set");
  const tx = await updateMember(clients, {
    humanitySet: deployment.humanitySet,
    from,
    to,
    siblings: set.merkleProof(oldLeaf).siblings,
  });
  const root = await setRoot(clients, deployment.humanitySet);
  return { oldLeaf, leaf: credentialLeaf(to), root, tx };
}

/** The credential is valid and signed by the key the IssuerRegistry records for its active issuer. */
async function checkRegisteredSigner(
  clients: ActionClients,
  deployment: { issuerRegistry: Address },
  credential: SignedCredential,
): Promise<void> {
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
}

/** The humanity set's root on chain now (after the caller's transaction). */
function setRoot(clients: ActionClients, humanitySet: Address): Promise<bigint> {
  return chainCall(() =>
    clients.client.readContract({ address: humanitySet, abi: humanitySetAbi, functionName: "root" }),
  );
}
