import { type ProveProgress, provePersonhood } from "@pop/circuits/prove";
import type { Credential } from "@pop/protocol/credential";
import type { DisclosureChoice } from "@pop/protocol/generateProof";
import type { PopIdentity } from "@pop/protocol/identity";
import type { DeploymentRecord } from "../files/deploymentFile.js";
import { addressToField, type SolidityPersonhoodProof, toSolidityProof } from "../solidityProof.js";
import { tokenScopeOf } from "../tokenScope.js";
import { readChainSets } from "./readChainSets.js";
import type { ActionClients } from "./writeContract.js";

/**
 * The proof a PersonhoodToken takes from the wallet: for the token's scope, bound to the
 * wallet's address, at the chain's time, against the sets rebuilt from the chain's events.
 * @param clients the holder's wallet and a public client
 * @param params.deployment the deployment (sets, token)
 * @param params.identity the holder's identity
 * @param params.credential the holder's credential
 * @param params.disclose what the proof reveals (mint needs the kind)
 * @param params.onProgress told how proving goes
 * @returns the proof in the token's calldata shape
 * @throws the errors of provePersonhood; ChainError when the chain cannot be read
 */
export async function proveForToken(
  clients: ActionClients,
  params: {
    deployment: DeploymentRecord;
    identity: PopIdentity;
    credential: Credential;
    disclose?: DisclosureChoice;
    onProgress?: ProveProgress;
  },
): Promise<SolidityPersonhoodProof> {
  const sets = await readChainSets(clients.client, params.deployment);
  const proof = await provePersonhood(
    {
      identity: params.identity,
      credential: params.credential,
      ...sets,
      scope: tokenScopeOf(params.deployment),
      message: addressToField(clients.wallet.account.address),
      ...(params.disclose === undefined ? {} : { disclose: params.disclose }),
    },
    params.onProgress === undefined ? {} : { onProgress: params.onProgress },
  );
  return toSolidityProof(proof).proof;
}
