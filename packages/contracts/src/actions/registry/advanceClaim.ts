import type { Address, Hex } from "viem";
import { checkSignedVouch, type SignedVouchRecord } from "../../files/signedVouchFile.js";
import { chainTime } from "../chainTime.js";
import { advanceState } from "./advanceState.js";
import type { RegistryClients } from "./types.js";

/**
 * Moves a funded, vouched claim into its challenge period, counting on-chain vouches (by the
 * vouchers' Humanity IDs) and signed vouches. Each signed vouch is checked first (chain,
 * registry, claimer, expiry against the chain's time, signer), since the registry skips a bad
 * one without saying which.
 * @param clients the sender's wallet and the registry
 * @param params.claimer the claimer's wallet
 * @param params.vouchers Humanity IDs of on-chain vouchers
 * @param params.signed signed vouches, each with a name for messages (its file)
 * @returns the transaction hash and who signed the signed vouches
 * @throws InputError naming a bad signed vouch; ChainError naming the contract's refusal
 */
export async function advanceClaim(
  clients: RegistryClients & { chainId: number },
  params: { claimer: Address; vouchers: readonly Hex[]; signed: readonly { vouch: SignedVouchRecord; name: string }[] },
): Promise<{ tx: Hex; signedBy: Address[] }> {
  const now = await chainTime(clients.client);
  const expected = { chainId: clients.chainId, registry: clients.registry, claimer: params.claimer, now };
  const checked = [];
  for (const { vouch, name } of params.signed) checked.push(await checkSignedVouch(vouch, expected, name));
  const tx = await advanceState(clients, {
    claimer: params.claimer,
    vouchers: params.vouchers,
    signedVouches: checked.map(({ expirationTimestamp, signature }) => ({ expirationTimestamp, signature })),
  });
  return { tx, signedBy: checked.map((v) => v.voucher) };
}
