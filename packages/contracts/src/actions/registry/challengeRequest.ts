import { type Hex, zeroAddress } from "viem";
import { readChallengeCost } from "./readChallengeCost.js";
import { registryWrite } from "./registryWrite.js";
import { REASONS, type Reason, type RegistryClients } from "./types.js";

/**
 * Challenges a request in its challenge period, paying the arbitrator's cost.
 * @param params.duplicate for sybil-attack: the duplicate humanity (registered, or with another open claim)
 */
export async function challengeRequest(
  clients: RegistryClients,
  params: { requestId: bigint; reason: Reason; duplicate?: Hex; evidence?: string },
): Promise<Hex> {
  const cost = await readChallengeCost(clients.client, clients.registry, params.requestId);
  const args = [
    params.requestId,
    REASONS.indexOf(params.reason),
    params.duplicate ?? zeroAddress,
    params.evidence ?? "",
  ];
  return registryWrite(clients, "challengeRequest", args, cost);
}
