import type { Address, Hex } from "viem";
import { committeeArbitratorAbi } from "../generated/committeeArbitrator.js";
import { PARTIES } from "../generated/enums.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/** A ruling by name: a winning party (IHumanityRegistry.Party), or "refuse" for Party.None. */
export type Ruling = "refuse" | Exclude<(typeof PARTIES)[number], "none">;
/** A committee juror's choices, as the arbitrator numbers rulings (0 refuses to arbitrate). */
export const RULINGS: readonly Ruling[] = PARTIES.map((party) => (party === "none" ? "refuse" : party));

/**
 * A juror of a CommitteeArbitrator votes on a dispute; the majority decides.
 * @param clients the juror's wallet and a public client
 * @param params.arbitrator the CommitteeArbitrator address
 * @param params.disputeId the dispute
 * @param params.ruling the vote
 * @returns the transaction hash
 * @throws ChainError naming the contract's refusal (not a juror, already voted, …)
 */
export function voteOnDispute(
  clients: ActionClients,
  params: { arbitrator: Address; disputeId: bigint; ruling: Ruling },
): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: params.arbitrator,
    abi: committeeArbitratorAbi,
    functionName: "vote",
    args: [params.disputeId, BigInt(RULINGS.indexOf(params.ruling))],
  });
}
