import type { ProveProgress } from "@pop/circuits/prove";
import type { CredentialKind } from "@pop/protocol/attributes";
import type { Credential } from "@pop/protocol/credential";
import type { PopIdentity } from "@pop/protocol/identity";
import { decodeDisclosure } from "@pop/protocol/publicSignals";
import type { Address, Hex } from "viem";
import type { DeploymentRecord } from "../files/deploymentFile.js";
import { mintToken } from "./mintToken.js";
import { proveForToken } from "./proveForToken.js";
import type { ActionClients } from "./writeContract.js";

/**
 * Proves personhood for the token's scope, bound to the minting wallet and disclosing the kind,
 * at the chain's time, and mints the wallet's soulbound token.
 * @param clients the holder's wallet and a public client
 * @param params.deployment the deployment (sets, verifier, token)
 * @param params.identity the holder's identity
 * @param params.credential the holder's credential
 * @param params.onProgress told how proving goes
 * @returns the token id (the nullifier), the holder, the disclosed kind and the transaction hash
 * @throws the errors of provePersonhood; ChainError naming the contract's refusal
 */
export async function mintPersonhoodToken(
  clients: ActionClients,
  params: { deployment: DeploymentRecord; identity: PopIdentity; credential: Credential; onProgress?: ProveProgress },
): Promise<{ tokenId: bigint; holder: Address; kind: CredentialKind | undefined; tx: Hex }> {
  const holder = clients.wallet.account.address;
  const solidityProof = await proveForToken(clients, { ...params, disclose: { kind: true } });
  const tx = await mintToken(clients, { token: params.deployment.personhoodToken, proof: solidityProof });
  return {
    tokenId: solidityProof.nullifier,
    holder,
    kind: decodeDisclosure(solidityProof.disclosure).disclosed.kind,
    tx,
  };
}
