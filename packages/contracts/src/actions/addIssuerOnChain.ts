import { CREDENTIAL_KINDS, type CredentialKind, kindsBitmap } from "@pop/protocol/attributes";
import { checkIssuerPublicKey, type IssuerKey } from "@pop/protocol/issuer";
import type { Address, Hex } from "viem";
import { chainCall } from "../errors/chainError.js";
import { issuerRegistryAbi } from "../generated/issuerRegistry.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/**
 * Governance registers an issuer in the IssuerRegistry: its id, the credential kinds it may
 * issue, its EdDSA public key and its registrars (who may insert its leaves).
 * @param clients governance's wallet (the registry's owner) and a public client
 * @param params.issuerRegistry the IssuerRegistry address
 * @param params.issuer the issuer (its id and public key)
 * @param params.kinds the kinds it may issue (default: every kind)
 * @param params.registrars who may insert its leaves (default: the wallet)
 * @returns the transaction hash and the new issuer-set root
 * @throws InputError for an empty kind list, a kind listed twice, or a public key that is off the Baby JubJub curve,
 *   of small order or outside its prime-order subgroup (checked here, before anything is sent:
 *   the contract does not check it); ChainError naming the contract's refusal
 */
export async function addIssuerOnChain(
  clients: ActionClients,
  params: {
    issuerRegistry: Address;
    issuer: Pick<IssuerKey, "issuerId" | "publicKey">;
    kinds?: readonly CredentialKind[];
    registrars?: Address[];
  },
): Promise<{ tx: Hex; root: bigint; registrars: Address[] }> {
  checkIssuerPublicKey(params.issuer.publicKey, "issuer.publicKey");
  const bitmap = kindsBitmap(params.kinds ?? CREDENTIAL_KINDS);
  const registrars = params.registrars ?? [clients.wallet.account.address];
  const tx = await simulateAndWrite(clients, {
    address: params.issuerRegistry,
    abi: issuerRegistryAbi,
    functionName: "addIssuer",
    args: [BigInt(params.issuer.issuerId), bitmap, params.issuer.publicKey, registrars],
  });
  const root = await chainCall(() =>
    clients.client.readContract({ address: params.issuerRegistry, abi: issuerRegistryAbi, functionName: "issuerRoot" }),
  );
  return { tx, root, registrars };
}
