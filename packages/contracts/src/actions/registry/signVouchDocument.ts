import type { Address, Hex } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { type SignedVouchFile, signedVouchFile } from "../../files/signedVouchFile.js";
import { chainTime } from "../chainTime.js";
import type { RegistryClients } from "./types.js";
import { signVouch } from "./vouchTypedData.js";

/**
 * Signs an EIP-712 vouch for a claim that expires `lifetime` seconds after the chain's latest
 * block, as a file document the claimer passes to advanceClaim. Nothing is sent.
 * @param clients the voucher's wallet (it must own a registered humanity when the vouch is
 *   counted) and the registry
 * @param params.claimer the claimer's wallet
 * @param params.humanityId the humanity claimed
 * @param params.lifetime seconds the vouch stays valid
 * @returns the signed vouch document
 */
export async function signVouchDocument(
  clients: RegistryClients & { chainId: number },
  params: { claimer: Address; humanityId: Hex; lifetime: number },
): Promise<SignedVouchFile> {
  const now = await chainTime(clients.client);
  const expirationTimestamp = now + BigInt(params.lifetime);
  const vouch = await chainCall(() =>
    signVouch(clients.wallet, {
      registry: clients.registry,
      chainId: clients.chainId,
      claimer: params.claimer,
      humanityId: params.humanityId,
      expirationTimestamp,
    }),
  );
  return signedVouchFile({
    chainId: clients.chainId,
    registry: clients.registry,
    voucher: clients.wallet.account.address,
    claimer: params.claimer,
    humanityId: params.humanityId,
    expirationTimestamp,
    signature: vouch.signature,
  });
}
