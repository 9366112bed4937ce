import type { Address, Hex } from "viem";
import { PARTIES, REASONS as REASON_NAMES } from "../../generated/enums.js";
import type { ActionClients } from "../writeContract.js";
import type { readHumanity } from "./readHumanity.js";
import type { readRequest } from "./readRequest.js";

/**
 * Challenge reasons as the contract numbers them (None is the only reason for a revocation):
 * IHumanityRegistry.Reason, generated from the Solidity source.
 */
export const REASONS = REASON_NAMES;
/** A challenge reason, as pop prints it. */
export type Reason = (typeof REASONS)[number];

/** A side of a dispute: IHumanityRegistry.Party without None (a ruling of 0 refuses to arbitrate). */
export type Side = Exclude<(typeof PARTIES)[number], "none">;
/** The sides of a dispute, in the contract's order (requester 1, challenger 2). */
export const SIDES: readonly Side[] = PARTIES.filter((party): party is Side => party !== "none");

/** A vouch signed off chain by a registered human's owner wallet. */
export type SignedVouch = { expirationTimestamp: bigint; signature: Hex };

/** What a registry action needs: the clients and the registry's address. */
export type RegistryClients = ActionClients & { registry: Address };

/** Where the humanity set's events start (the registry's deployment block keeps reads short). */
export type FromBlock = { fromBlock?: bigint };

/** The event range a read takes, without an undefined fromBlock (exactOptionalPropertyTypes). */
export function eventRange(options: FromBlock): FromBlock {
  return options.fromBlock === undefined ? {} : { fromBlock: options.fromBlock };
}

/** A humanity record, exactly as `humanity(id)` returns it. */
export type HumanityRecord = Awaited<ReturnType<typeof readHumanity>>;
/** A request record, exactly as `request(id)` returns it. */
export type RequestRecord = Awaited<ReturnType<typeof readRequest>>;
