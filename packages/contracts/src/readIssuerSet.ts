import { kindsFromBitmap } from "@pop/protocol/attributes";
import { IssuerSet } from "@pop/protocol/issuerSet";
import type { Address, PublicClient } from "viem";
import { issuerRegistryAbi } from "./generated/issuerRegistry.js";
import { type EventRange, readEvents } from "./readEvents.js";

/**
 * Rebuilds the issuer set off-chain from the registry's IssuerAdded and IssuerRevoked events,
 * with each issuer's kinds; its root equals the registry's issuerRoot.
 * @param params.client a public client
 * @param params.address the IssuerRegistry contract
 * @param params.fromBlock the deployment block (default 0)
 * @param params.chunk blocks per log query, for RPC providers that cap ranges (default 50,000)
 */
export async function readIssuerSet(
  params: { client: PublicClient; address: Address } & EventRange,
): Promise<IssuerSet> {
  const set = new IssuerSet();
  for (const log of await readEvents({ ...params, abi: issuerRegistryAbi })) {
    if (log.eventName === "IssuerAdded") {
      const { issuerId, kinds, publicKey } = log.args as {
        issuerId: bigint;
        kinds: number;
        publicKey: readonly [bigint, bigint];
      };
      set.add(
        { issuerId: Number(issuerId), name: `issuer ${issuerId}`, publicKey: [publicKey[0], publicKey[1]] },
        { kinds: kindsFromBitmap(kinds) },
      );
    } else if (log.eventName === "IssuerRevoked") {
      set.revoke(Number((log.args as { issuerId: bigint }).issuerId));
    }
  }
  return set;
}
