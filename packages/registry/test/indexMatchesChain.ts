/**
 * The index against the contract it indexes: every field the index tracks, for each humanity
 * the harness made (`humanity(id)`) and each request the registry opened (`request(id)`).
 */
import { KINDS, PARTIES, STATUSES } from "@pop/contracts/generated/enums";
import type { RegistryHarness } from "@pop/test-utils/registryHarness";
import { zeroAddress } from "viem";
import { expect } from "vitest";
import type { RegistryIndexer } from "../src/indexer.js";

/** Expects the index to hold exactly the contract's records. */
export async function expectIndexMatchesChain(indexer: RegistryIndexer, h: RegistryHarness): Promise<void> {
  const now = Number(await h.now());
  for (const id of h.ids) {
    const onChain = await h.humanity(id);
    const indexed = indexer.humanity(id, now);
    const stats = indexer.vouchallengerStats(id);
    expect({
      id,
      owner: indexed.owner,
      expirationTime: indexed.expirationTime,
      commitment: indexed.commitment,
      nullifierCommitment: indexed.nullifierCommitment,
      away: indexed.away,
      reportedAt: indexed.reportedAt,
      inadmissibleUntil: indexed.inadmissibleUntil,
      vouching: indexed.vouching,
      counts: [stats.vouches, stats.vouchallenges, stats.timesRemoved, stats.vouchallengesSinceRemoval],
      isVouchallenger: stats.isVouchallenger,
    }).toEqual({
      id,
      owner: onChain.owner === zeroAddress ? null : onChain.owner,
      expirationTime: Number(onChain.expirationTime),
      commitment: onChain.commitment === 0n ? null : String(onChain.commitment),
      nullifierCommitment: onChain.nullifierCommitment === 0n ? null : String(onChain.nullifierCommitment),
      away: onChain.away,
      reportedAt: onChain.reportedAt === 0n ? null : Number(onChain.reportedAt),
      inadmissibleUntil: Number(onChain.inadmissibleUntil),
      vouching: onChain.vouching,
      counts: [onChain.vouches, onChain.vouchallenges, onChain.timesRemoved, onChain.vouchallengesSinceRemoval],
      isVouchallenger: await h.read("isVouchallenger", [id]),
    });
  }
  const count = Number(await h.requestCount());
  const pending: number[] = [];
  for (let requestId = 0; requestId < count; requestId++) {
    const onChain = await h.request(BigInt(requestId));
    const indexed = indexer.humanity(onChain.humanityId, now).requests.find((r) => r.requestId === requestId);
    expect(
      indexed && {
        requestId,
        humanityId: indexed.humanityId,
        requester: indexed.requester,
        kind: indexed.kind,
        status: indexed.status,
        winner: indexed.winner,
        commitment: indexed.commitment,
        nullifierCommitment: indexed.nullifierCommitment,
        vouchers: indexed.vouchers,
        processedVouches: indexed.processedVouches,
      },
    ).toEqual({
      requestId,
      humanityId: onChain.humanityId.toLowerCase(),
      requester: onChain.requester,
      kind: KINDS[onChain.kind],
      status: STATUSES[onChain.status],
      winner: PARTIES[onChain.winner],
      commitment: String(onChain.commitment),
      nullifierCommitment: String(onChain.nullifierCommitment),
      vouchers: onChain.vouches.map((v) => v.toLowerCase()),
      processedVouches: onChain.processedVouches,
    });
    if (onChain.status >= 1 && onChain.status <= 3) pending.push(requestId);
  }
  expect(indexer.pendingRequests().map((r) => r.requestId)).toEqual(pending);
}
