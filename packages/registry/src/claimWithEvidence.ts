import { claimHumanity } from "@pop/contracts/actions/registry/claimHumanity";
import { readDeposit } from "@pop/contracts/actions/registry/readDeposit";
import type { RegistryClients } from "@pop/contracts/actions/registry/types";
import type { EvidenceReport } from "@pop/evidence/evidenceReport";
import type { Hex } from "viem";

/** A claim's outcome: opened (with its request), or refused by the evidence pre-flight. */
export type ClaimOutcome =
  | { ok: true; requestId: bigint; humanityId: Hex; paid: bigint; tx: Hex; preflight?: EvidenceReport }
  | { ok: false; refused: string; report: EvidenceReport };

/**
 * Claims a Humanity ID for a human's two commitments, paying the deposit (or `value` towards it).
 * With a photo or video, the evidence pre-flight report (the policy's rules) runs first, and a
 * submission that fails a hard rule is refused before any deposit is spent, unless `force`
 * (docs/registry.md, "Claim").
 * @param clients the claimer's wallet and the registry
 * @param params.humanityId the ID claimed (by PoH's convention the wallet's address)
 * @param params.commitment the claimer's authenticator commitment c
 * @param params.nullifierCommitment the claimer's N: a first claim sets it for the ID, a reclaim
 *        must present the one the ID keeps (docs/registry.md#the-nullifier-commitment)
 * @param params.evidence the evidence bundle's CID
 * @param params.value wei paid now (default: the full deposit)
 * @param params.media the photo and/or video to check, and the text shown on the sign
 * @param params.force submit even when the pre-flight fails
 * @returns the outcome
 * @throws ChainError naming the contract's refusal; the evidence checks' errors
 */
export async function claimWithEvidence(
  clients: RegistryClients,
  params: {
    humanityId: Hex;
    commitment: bigint;
    nullifierCommitment: bigint;
    evidence: string;
    value?: bigint;
    media?: { photo?: string; video?: string; shown?: string };
    force?: boolean;
  },
): Promise<ClaimOutcome> {
  let preflight: EvidenceReport | undefined;
  const { media } = params;
  if (media !== undefined && (media.photo !== undefined || media.video !== undefined)) {
    // Loaded only when needed: the face models take a moment to load.
    const { evidenceReport } = await import("@pop/evidence/evidenceReport");
    preflight = await evidenceReport({ address: clients.wallet.account.address, ...media });
    if (!preflight.ok && params.force !== true) {
      return {
        ok: false,
        refused: "the evidence fails a hard rule; no deposit was spent (--force submits anyway)",
        report: preflight,
      };
    }
  }
  const value = params.value ?? (await readDeposit(clients.client, clients.registry));
  const { hash, requestId } = await claimHumanity(clients, {
    humanityId: params.humanityId,
    evidence: params.evidence,
    commitment: params.commitment,
    nullifierCommitment: params.nullifierCommitment,
    value,
  });
  return {
    ok: true,
    requestId,
    humanityId: params.humanityId,
    paid: value,
    tx: hash,
    ...(preflight === undefined ? {} : { preflight }),
  };
}
