import type { Address, Hex } from "viem";
import { committeeArbitratorAbi } from "../generated/committeeArbitrator.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/**
 * Anyone closes a CommitteeArbitrator round that reached no majority once its voting period has
 * passed: the choice with strictly the most votes cast rules, or 0 on a tie or when nobody voted
 * (docs/registry.md, Arbitration); the appeal window then starts.
 * @param clients any wallet and a public client
 * @param params.arbitrator the CommitteeArbitrator address
 * @param params.disputeId the dispute
 * @returns the transaction hash
 * @throws ChainError naming the contract's refusal (voting still running, not waiting, …)
 */
export function closeVoting(clients: ActionClients, params: { arbitrator: Address; disputeId: bigint }): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: params.arbitrator,
    abi: committeeArbitratorAbi,
    functionName: "closeVoting",
    args: [params.disputeId],
  });
}
