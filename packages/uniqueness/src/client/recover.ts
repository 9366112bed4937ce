import { x25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@pop/core/bytes";
import type { ClientKey } from "../cluster/clientKey.js";
import type { Cluster } from "../cluster/clusterFile.js";
import type { CustodyPackage } from "../custody/package.js";
import { recoverNullifierKey } from "../custody/recovery.js";
import { cryptoRandom, type RandomSource } from "../randomSource.js";
import type { SignedResult } from "../wire/results.js";
import { callCluster } from "./callCluster.js";

/**
 * A recovery as the person's new device runs it (docs/uniqueness.md#escrow-and-recovery): a fresh
 * device key, the fresh capture sent for a 1:1 comparison with the person's entry together with
 * the commitment of the authenticator the device made first, and on a match (the entry now holds
 * that commitment) the three nodes' sealed escrow shares opened and combined into n, checked
 * against N.
 */

/** What a recovery gives. */
export type RecoveryOutcome =
  | { recovered: true; requestId: string; nullifierKey: bigint; answers: SignedResult<"recover">[] }
  | { recovered: false; requestId: string; answers: SignedResult<"recover">[] };

/**
 * Recovers a nullifier key from the cluster.
 * @param options.cluster the cluster file
 * @param options.client the issuer's client key (only registered issuers may ask)
 * @param options.package the fresh capture's package (made with N, without n)
 * @param options.personId the person id from the enrolment receipt, or null to look the entry up by N
 * @param options.commitment the commitment c of the new authenticator (made before the call): on a
 *   match it replaces the entry's, so only the new authenticator consents to a delete from then on
 * @param options.requestId the request's id (default: a fresh one)
 * @param options.random the device key's randomness (the platform's CSPRNG; seeded only in tests)
 * @throws ClusterError when a node refuses or the nodes disagree; InputError when the shares rebuild another key
 * @example
 * const authenticator = new Identity();
 * const outcome = await recoverFromCluster({ cluster, client, package: capture, personId, commitment: authenticator.commitment });
 * if (outcome.recovered) save(recoveredIdentity(outcome.nullifierKey, authenticator));
 */
export async function recoverFromCluster(options: {
  cluster: Cluster;
  client: ClientKey;
  package: CustodyPackage;
  personId: string | null;
  commitment: bigint;
  requestId?: string;
  random?: RandomSource;
}): Promise<RecoveryOutcome> {
  const deviceSecret = (options.random ?? cryptoRandom)(32).slice();
  const deviceKey = bytesToHex(x25519.getPublicKey(deviceSecret));
  const { requestId, result, answers } = await callCluster({
    cluster: options.cluster,
    kind: "recover",
    body: { package: options.package, personId: options.personId, deviceKey, commitment: String(options.commitment) },
    client: options.client,
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
  });
  if (!result.recovered) return { recovered: false, requestId, answers };
  const shares = answers.flatMap((answer) =>
    answer.result.recovered ? [{ party: answer.party, box: answer.result.share }] : [],
  );
  const nullifierKey = recoverNullifierKey({
    shares,
    deviceSecret,
    requestId,
    nullifierCommitment: options.package.nullifierCommitment,
  });
  return { recovered: true, requestId, nullifierKey, answers };
}
