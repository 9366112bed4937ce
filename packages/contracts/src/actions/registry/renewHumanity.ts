import type { Hex } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { readDeposit } from "./readDeposit.js";
import { readHumanity } from "./readHumanity.js";
import { openRequest } from "./registryWrite.js";
import type { RegistryClients } from "./types.js";

/**
 * The owner asks to renew inside the renewal window, with evidence that differs from the last.
 * A renewal may rotate the authenticator commitment; it never changes the nullifier commitment.
 * @param params.commitment a new authenticator commitment (default: keep the current one)
 * @param params.nullifierCommitment the N of the identity renewing (a rotated identity keeps
 *        its N); the registry refuses any other than the humanity's (default: the humanity's
 *        own, read from the chain)
 * @throws ChainError naming the contract's refusal (HumanityRegistry__NullifierCommitmentMismatch, …)
 */
export async function renewHumanity(
  clients: RegistryClients,
  params: { evidence: string; commitment?: bigint; nullifierCommitment?: bigint; value?: bigint },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = params.value ?? (await readDeposit(clients.client, clients.registry));
  const nullifierCommitment = params.nullifierCommitment ?? (await ownNullifierCommitment(clients));
  return openRequest(clients, "renewHumanity", [params.evidence, params.commitment ?? 0n, nullifierCommitment], value);
}

/** The N of the humanity the wallet owns (0 when it owns none: the registry then refuses the renewal). */
async function ownNullifierCommitment(clients: RegistryClients): Promise<bigint> {
  const humanityId = await chainCall(() =>
    clients.client.readContract({
      address: clients.registry,
      abi: humanityRegistryAbi,
      functionName: "humanityOf",
      args: [clients.wallet.account.address],
    }),
  );
  return (await readHumanity(clients.client, clients.registry, humanityId)).nullifierCommitment;
}
