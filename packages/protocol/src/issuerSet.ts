import { InputError, IssuerError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { poseidon2, poseidon4 } from "poseidon-lite";
import { CREDENTIAL_KINDS, type CredentialKind, checkKinds, MAX_ISSUER_ID, parseKind } from "./attributes.js";
import {
  checkIssuerPublicKey,
  type IssuerKey,
  type PublicKey,
  parseIssuerName,
  parseIssuerPublicKey,
} from "./issuer.js";

/** An issuer as the issuer set records it. */
export type IssuerRecord = {
  issuerId: number;
  name: string;
  publicKey: PublicKey;
  /**
   * The credential kinds it may issue, as the IssuerRegistry's kinds bitmap records them; a
   * credential of another kind is refused (IssuerError). The root does not depend on them.
   */
  kinds: readonly CredentialKind[];
  status: "active" | "revoked";
};

/** The JSON form of an issuer-set file (version 2: each issuer's kinds are recorded). */
export type IssuerSetFile = {
  version: 2;
  type: "pop-issuer-set";
  issuers: {
    issuerId: number;
    name: string;
    publicKey: [string, string];
    kinds: CredentialKind[];
    status: "active" | "revoked";
  }[];
};

/** Bits per bitmap word, and words per set: 8 x 128 = 1024 issuer ids. */
export const ISSUER_WORD_BITS = 128;
export const ISSUER_WORDS = 8;

/** What the circuit needs to prove an issuer active: its group's four words, the other group's hash. */
export type IssuerMembershipWitness = { words: bigint[]; otherGroup: bigint };

function checkWords(words: readonly bigint[]): void {
  if (words.length !== ISSUER_WORDS || words.some((word) => word < 0n || word >> 128n !== 0n)) {
    throw new InputError("issuer-set words must be eight 128-bit values");
  }
}

/**
 * The issuer-set root of a bitmap: Poseidon(Poseidon(word0..word3), Poseidon(word4..word7)).
 * Issuer id i is bit (i mod 128) of word (i div 128). See issuer-set.circom for why a bitmap
 * (a third of the constraints of a binary tree) and why two 4-ary groups (deployable on chain).
 * @param words eight words, each < 2^128
 * @returns the root
 */
export function issuerSetRoot(words: readonly bigint[]): bigint {
  checkWords(words);
  return poseidon2([poseidon4(words.slice(0, 4)), poseidon4(words.slice(4, 8))]);
}

/**
 * The membership witness of issuer `issuerId` in a bitmap.
 * @param words eight words, each < 2^128
 * @param issuerId 0..1023
 */
export function issuerMembershipWitness(words: readonly bigint[], issuerId: number): IssuerMembershipWitness {
  checkWords(words);
  const group = issuerId >> 9;
  return {
    words: words.slice(4 * group, 4 * group + 4),
    otherGroup: poseidon4(words.slice(4 * (1 - group), 4 * (1 - group) + 4)),
  };
}

/** The set of issuers, active and revoked, with its bitmap root. */
export class IssuerSet {
  readonly #records = new Map<number, IssuerRecord>();

  /**
   * @param records the issuers, each id at most once
   * @throws InputError for an id listed twice, a public key checkIssuerPublicKey refuses or
   *   kinds checkKinds refuses
   */
  constructor(records: readonly IssuerRecord[] = []) {
    for (const record of records) {
      checkIssuerPublicKey(record.publicKey, `issuer ${record.issuerId}'s publicKey`);
      const kinds = checkKinds(record.kinds, `issuer ${record.issuerId}'s kinds`);
      if (this.#records.has(record.issuerId)) {
        throw new InputError(`issuer set lists issuer ${record.issuerId} twice`);
      }
      this.#records.set(record.issuerId, { ...record, kinds });
    }
  }

  /** Every issuer, ordered by id. */
  get issuers(): IssuerRecord[] {
    return [...this.#records.values()].sort((a, b) => a.issuerId - b.issuerId);
  }

  /** The record of issuer `issuerId`, if any. */
  get(issuerId: number): IssuerRecord | undefined {
    return this.#records.get(issuerId);
  }

  /** Whether issuer `issuerId` is in the set and active. */
  isActive(issuerId: number): boolean {
    return this.#records.get(issuerId)?.status === "active";
  }

  /**
   * Adds an issuer as active, with the kinds it may issue. Adding the same key with the same
   * kinds again is a no-op; its kinds never change (the IssuerRegistry has no call for it).
   * @param issuer the issuer (its public part is recorded)
   * @param options.kinds the credential kinds it may issue (default: every kind, as on chain)
   * @returns true when it was added, false when it was already there
   * @throws InputError for an id out of range, a public key checkIssuerPublicKey refuses or
   *   kinds checkKinds refuses; IssuerError when the id is taken by another key, was revoked or
   *   is recorded with other kinds
   */
  add(
    issuer: Pick<IssuerKey, "issuerId" | "name" | "publicKey">,
    options: { kinds?: readonly CredentialKind[] } = {},
  ): boolean {
    const { issuerId } = issuer;
    expectInteger(issuerId, "issuerId", 0, MAX_ISSUER_ID);
    checkIssuerPublicKey(issuer.publicKey, `issuer ${issuerId}'s publicKey`);
    const kinds = checkKinds(options.kinds ?? CREDENTIAL_KINDS, `issuer ${issuerId}'s kinds`);
    const existing = this.#records.get(issuerId);
    if (existing !== undefined) {
      const sameKey = existing.publicKey[0] === issuer.publicKey[0] && existing.publicKey[1] === issuer.publicKey[1];
      if (!sameKey) {
        throw new IssuerError(`issuer id ${issuerId} is already taken by another key`);
      }
      if (existing.status === "revoked") {
        throw new IssuerError(`issuer ${issuerId} was revoked; a revoked id is never reused`);
      }
      if (existing.kinds.join() !== kinds.join()) {
        throw new IssuerError(
          `issuer ${issuerId} is already in the set with kinds ${existing.kinds.join(", ")}; an issuer's kinds are fixed when it is added, as in the IssuerRegistry`,
        );
      }
      return false;
    }
    this.#records.set(issuerId, { issuerId, name: issuer.name, publicKey: issuer.publicKey, kinds, status: "active" });
    return true;
  }

  /**
   * Revokes an issuer: its bit is cleared, the root changes, and every leaf it issued stops
   * verifying at once.
   * @param issuerId the issuer's id
   */
  revoke(issuerId: number): void {
    const existing = this.#records.get(issuerId);
    if (existing === undefined || existing.status !== "active") {
      throw new IssuerError(`issuer ${issuerId} is not active in the issuer set`);
    }
    existing.status = "revoked";
  }

  /** The eight 128-bit bitmap words of the active issuers. */
  words(): bigint[] {
    const words = new Array<bigint>(ISSUER_WORDS).fill(0n);
    for (const record of this.#records.values()) {
      if (record.status === "active") {
        const index = Math.floor(record.issuerId / ISSUER_WORD_BITS);
        words[index] = (words[index] ?? 0n) | (1n << BigInt(record.issuerId % ISSUER_WORD_BITS));
      }
    }
    return words;
  }

  /** The root the personhood circuit outputs for this set. */
  root(): bigint {
    return issuerSetRoot(this.words());
  }

  /** The file form. */
  toJSON(): IssuerSetFile {
    return {
      version: 2,
      type: "pop-issuer-set",
      issuers: this.issuers.map((record) => ({
        issuerId: record.issuerId,
        name: record.name,
        publicKey: [record.publicKey[0].toString(), record.publicKey[1].toString()],
        kinds: [...record.kinds],
        status: record.status,
      })),
    };
  }
}

/**
 * The message for a version-1 file: it recorded no kinds, so it is refused rather than read
 * as "every kind" (docs/protocol.md#issuers-and-the-issuer-set says why).
 */
const VERSION_1 =
  'issuerSet.version 1 records no kinds per issuer and is no longer read: rebuild the set with pop issuers add --kinds for each issuer, or give each issuer its "kinds" (e.g. ["kyc"]) and set "version": 2';

/**
 * Parses an issuer-set file (version 2) strictly; every public key is checked
 * (checkIssuerPublicKey) and every issuer's kinds (at least one, each once). A version-1 file,
 * which records no kinds, is refused with a message saying how to rebuild it.
 * @param value the parsed JSON
 * @returns the issuer set
 * @throws InputError naming the malformed field
 */
export function parseIssuerSet(value: unknown): IssuerSet {
  const object = expectObject(value, "issuer set", ["version", "type", "issuers"]);
  if (object.version === 1) {
    throw new InputError(VERSION_1);
  }
  expectLiteral(object.version, "issuerSet.version", 2);
  expectLiteral(object.type, "issuerSet.type", "pop-issuer-set");
  const records = expectArray(object.issuers, "issuerSet.issuers").map((item, i): IssuerRecord => {
    const name = `issuerSet.issuers[${i}]`;
    const entry = expectObject(item, name, ["issuerId", "name", "publicKey", "kinds", "status"]);
    const status = expectString(entry.status, `${name}.status`);
    if (status !== "active" && status !== "revoked") {
      throw new InputError(`${name}.status must be "active" or "revoked"`);
    }
    return {
      issuerId: expectInteger(entry.issuerId, `${name}.issuerId`, 0, MAX_ISSUER_ID),
      name: parseIssuerName(entry.name, `${name}.name`),
      publicKey: parseIssuerPublicKey(entry.publicKey, `${name}.publicKey`),
      kinds: checkKinds(
        expectArray(entry.kinds, `${name}.kinds`).map((kind, j) => parseKind(kind, `${name}.kinds[${j}]`)),
        `${name}.kinds`,
      ),
      status,
    };
  });
  return new IssuerSet(records);
}
