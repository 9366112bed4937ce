import { InputError } from "@pop/core/errors";
import type { RegisteredCredential } from "@pop/protocol/credential";
import { type Hex, zeroAddress } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { registryCredential } from "../../registryCredential.js";
import type { RegistryClients } from "./types.js";

/**
 * The registry credential of a registered humanity (default: the wallet's own), backed by the
 * HumanityRegistered log of its current leaf.
 * @param clients the wallet and the registry
 * @param params.humanityId the humanity (default: the one the wallet owns)
 * @param params.identity when given, a leaf holding another nullifier commitment (another
 *        human's keys) or another authenticator commitment (not renewed with this identity) is refused
 * @param params.identitySource where that identity comes from (an identity file), in messages
 * @param params.fromBlock the registry's deployment block (its events start there)
 * @returns the credential
 * @throws InputError when the wallet owns no humanity or a commitment differs;
 *   CredentialError (from registryCredential) when the humanity has no current leaf
 */
export async function credentialOfHumanity(
  clients: RegistryClients,
  params: {
    humanityId?: Hex;
    identity?: { commitment: bigint; nullifierCommitment: bigint };
    identitySource?: string;
    fromBlock: bigint;
  },
): Promise<RegisteredCredential> {
  const wallet = clients.wallet.account.address;
  const humanityId =
    params.humanityId ??
    (await chainCall(() =>
      clients.client.readContract({
        address: clients.registry,
        abi: humanityRegistryAbi,
        functionName: "humanityOf",
        args: [wallet],
      }),
    ));
  if (humanityId === zeroAddress) {
    throw new InputError(`the wallet ${wallet} owns no humanity here; pass --id 0x…`);
  }
  const credential = await registryCredential({
    client: clients.client,
    registry: clients.registry,
    humanityId,
    fromBlock: params.fromBlock,
  });
  const { identity } = params;
  if (identity !== undefined) {
    const source = params.identitySource ?? "the given identity";
    if (credential.nullifierCommitment !== identity.nullifierCommitment) {
      throw new InputError(
        `humanity ${humanityId}'s leaf holds another nullifier commitment than ${source}'s: another human's keys`,
      );
    }
    if (credential.commitment !== identity.commitment) {
      throw new InputError(
        `humanity ${humanityId}'s leaf holds another authenticator commitment than ${source}'s (a rotated identity needs a renewal with it first)`,
      );
    }
  }
  return credential;
}
