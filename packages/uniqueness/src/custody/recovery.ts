import { bytesToHex, hexToBytes } from "@pop/core/bytes";
import type { Party } from "../mpc/templateShares.js";
import { cryptoRandom, type RandomSource } from "../randomSource.js";
import { combineNullifierKey, type EscrowShare } from "./escrow.js";
import { CustodyError, openBox, type SealedBox, sealBox } from "./seal.js";

/**
 * The last step of a recovery (docs/uniqueness.md#escrow-and-recovery): a node whose 1:1
 * comparison matched seals its escrow share of n to the person's new device key, bound to the
 * request and N; the person opens two or three of them and rebuilds n, checked against N.
 */

const recoveryData = (party: Party, requestId: string, n: string) =>
  `pop.recovery.v2|party=${party}|request=${requestId}|N=${n}`;

/**
 * A node seals its escrow share to the device key of a recovery.
 * @param options.share the node's escrow share
 * @param options.deviceKey the request's X25519 device key (hex)
 * @param options.requestId the recovery request
 * @param options.nullifierCommitment N (decimal)
 */
export function sealRecoveredShare(options: {
  share: EscrowShare;
  deviceKey: string;
  requestId: string;
  nullifierCommitment: string;
  random?: RandomSource;
}): SealedBox {
  const { share, requestId, nullifierCommitment } = options;
  const value = hexToBytes(share.value.toString(16).padStart(64, "0"), "escrow share", 32);
  return sealBox(
    value,
    hexToBytes(options.deviceKey, "deviceKey", 32),
    recoveryData(share.party, requestId, nullifierCommitment),
    options.random ?? cryptoRandom,
  );
}

/**
 * The person rebuilds n from the nodes' sealed shares.
 * @param options.shares each matching node's sealed share, by party
 * @param options.deviceSecret the new device's X25519 secret key
 * @param options.requestId the recovery request
 * @param options.nullifierCommitment N, which Poseidon(n) must equal
 * @returns n
 * @throws CustodyError when a share does not open; InputError when the shares rebuild another key
 */
export function recoverNullifierKey(options: {
  shares: readonly { party: Party; box: SealedBox }[];
  deviceSecret: Uint8Array;
  requestId: string;
  nullifierCommitment: string;
}): bigint {
  const { requestId, nullifierCommitment } = options;
  const opened = options.shares.map(({ party, box }): EscrowShare => {
    const bytes = openBox(
      box,
      options.deviceSecret,
      recoveryData(party, requestId, nullifierCommitment),
      `recovered share ${party}`,
    );
    if (bytes.length !== 32) throw new CustodyError(`recovered share ${party} is not 32 bytes`);
    return { party, value: BigInt(`0x${bytesToHex(bytes)}`) };
  });
  return combineNullifierKey(opened, BigInt(nullifierCommitment));
}
