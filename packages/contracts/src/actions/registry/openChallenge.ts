import { ChainError } from "@pop/core/errors";
import { type Hex, parseEventLogs } from "viem";
import { chainCall } from "../../errors/chainError.js";
import { humanityRegistryAbi } from "../../generated/humanityRegistry.js";
import { challengeRequest } from "./challengeRequest.js";
import type { Reason, RegistryClients } from "./types.js";

/**
 * Challenges a request (challengeRequest) and returns the arbitrator's dispute id, read from the
 * registry's ERC-1497 `Dispute` event in the same transaction: jurors vote on that id.
 * @param clients the challenger's wallet and the registry
 * @param params what challengeRequest takes
 * @returns the transaction hash and the dispute id
 * @throws ChainError naming the contract's refusal, or when the transaction opened no dispute
 */
export async function openChallenge(
  clients: RegistryClients,
  params: { requestId: bigint; reason: Reason; duplicate?: Hex; evidence?: string },
): Promise<{ hash: Hex; disputeId: bigint }> {
  const hash = await challengeRequest(clients, params);
  const receipt = await chainCall(() => clients.client.getTransactionReceipt({ hash }));
  const [dispute] = parseEventLogs({ abi: humanityRegistryAbi, eventName: "Dispute", logs: receipt.logs }).filter(
    (log) => log.address.toLowerCase() === clients.registry.toLowerCase(),
  );
  if (dispute === undefined) throw new ChainError(`transaction ${hash} opened no dispute`, { details: { hash } });
  return { hash, disputeId: dispute.args.disputeID };
}
