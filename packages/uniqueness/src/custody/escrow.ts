import { invert, mod } from "@noble/curves/abstract/modular.js";
import { bytesToHex } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { SNARK_SCALAR_FIELD } from "@pop/protocol/field";
import { nullifierCommitmentOf } from "@pop/protocol/identity";
import type { Party } from "../mpc/templateShares.js";
import { cryptoRandom, type RandomSource } from "../randomSource.js";

/**
 * Escrow of the nullifier key n (docs/uniqueness.md#escrow-and-recovery): n is split 2-of-3 by
 * Shamir over the BN254 scalar field (the field n lives in), share j = n + a·(j + 1) for a fresh
 * uniform a. One share alone is uniform; any two rebuild n. Each share is sealed to its node and
 * stored with the person's entry; on a recovery that matches, each node seals its share to the
 * person's new device key, and the person rebuilds n and checks Poseidon(n) = N.
 */

const R = SNARK_SCALAR_FIELD;

/** One party's escrow share. */
export type EscrowShare = { readonly party: Party; readonly value: bigint };

/** A uniform field element from 64 random bytes (the reduction's bias is below 2^-250). */
function randomField(random: RandomSource): bigint {
  return mod(BigInt(`0x${bytesToHex(random(64))}`), R);
}

function checkFieldElement(value: bigint, name: string): bigint {
  if (typeof value !== "bigint" || value < 0n || value >= R) {
    throw new InputError(`${name} must be a field element (0 ≤ x < the BN254 scalar field order)`);
  }
  return value;
}

/**
 * Splits a nullifier key into three shares, any two of which rebuild it.
 * @param nullifierKey n (non-zero, below the field order)
 * @param random the randomness (the platform's CSPRNG; seeded only in tests)
 * @returns the shares of parties 0, 1 and 2
 */
export function splitNullifierKey(nullifierKey: bigint, random: RandomSource = cryptoRandom): EscrowShare[] {
  checkFieldElement(nullifierKey, "the nullifier key");
  if (nullifierKey === 0n) throw new InputError("the nullifier key must not be 0");
  const slope = randomField(random);
  return ([0, 1, 2] as const).map((party) => ({ party, value: mod(nullifierKey + slope * BigInt(party + 1), R) }));
}

/**
 * Rebuilds n from two (or three) shares and checks it against N.
 * @param shares at least two shares of distinct parties
 * @param nullifierCommitment N, which Poseidon(n) must equal
 * @returns n
 * @throws InputError for too few or repeated shares, or when the shares rebuild another key
 */
export function combineNullifierKey(shares: readonly EscrowShare[], nullifierCommitment: bigint): bigint {
  const parties = new Set(shares.map((share) => share.party));
  if (shares.length < 2 || parties.size !== shares.length) {
    throw new InputError("rebuilding the nullifier key needs shares of two distinct nodes");
  }
  const [a, b] = shares as [EscrowShare, EscrowShare];
  const xa = BigInt(a.party + 1);
  const xb = BigInt(b.party + 1);
  // n = f(0) = (xb·f(xa) − xa·f(xb)) / (xb − xa)
  const numerator = mod(xb * checkFieldElement(a.value, "a share") - xa * checkFieldElement(b.value, "a share"), R);
  const n = mod(numerator * invert(mod(xb - xa, R), R), R);
  const slope = mod((a.value - n) * invert(xa, R), R);
  for (const share of shares.slice(2)) {
    if (mod(n + slope * BigInt(share.party + 1), R) !== share.value) {
      throw new InputError(`the escrow share of node ${share.party} does not agree with the others`);
    }
  }
  if (nullifierCommitmentOf(n) !== nullifierCommitment) {
    throw new InputError("the escrow shares rebuild a key whose commitment is not N");
  }
  return n;
}
