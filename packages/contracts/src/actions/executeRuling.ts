import type { Address, Hex } from "viem";
import { committeeArbitratorAbi } from "../generated/committeeArbitrator.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/**
 * Anyone passes a CommitteeArbitrator's final ruling to the arbitrable (the registry) once the
 * appeal window has closed.
 * @param clients any wallet and a public client
 * @param params.arbitrator the CommitteeArbitrator address
 * @param params.disputeId the dispute
 * @returns the transaction hash
 * @throws ChainError naming the contract's refusal (not ruled, still appealable, …)
 */
export function executeRuling(
  clients: ActionClients,
  params: { arbitrator: Address; disputeId: bigint },
): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: params.arbitrator,
    abi: committeeArbitratorAbi,
    functionName: "executeRuling",
    args: [params.disputeId],
  });
}
