import { InputError, IssuerError } from "@pop/core/errors";
import { expectArray, expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { poseidon2, poseidon4 } from "poseidon-lite";
import { MAX_ISSUER_ID } from "./attributes.js";
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
  status: "active" | "revoked";
};

/** The JSON form of an issuer-set file. */
export type IssuerSetFile = {
  version: 1;
  type: "pop-issuer-set";
  issuers: { issuerId: number; name: string; publicKey: [string, string]; status: "active" | "revoked" }[];
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
   * @throws InputError for an id listed twice or a public key checkIssuerPublicKey refuses
   */
  constructor(records: readonly IssuerRecord[] = []) {
    for (const record of records) {
      checkIssuerPublicKey(record.publicKey, `issuer ${record.issuerId}'s publicKey`);
      if (this.#records.has(record.issuerId)) {
        throw new InputError(`issuer set lists issuer ${record.issuerId} twice`);
      }
      this.#records.set(record.issuerId, { ...record });
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
   * Adds an issuer as active. Adding the same key again is a no-op.
   * @param issuer the issuer (its public part is recorded)
   * @returns true when it was added, false when it was already there
   * @throws InputError for an id out of range or a public key checkIssuerPublicKey refuses;
   *   IssuerError when the id is taken by another key or was revoked
   */
  add(issuer: Pick<IssuerKey, "issuerId" | "name" | "publicKey">): boolean {
    expectInteger(issuer.issuerId, "issuerId", 0, MAX_ISSUER_ID);
    checkIssuerPublicKey(issuer.publicKey, `issuer ${issuer.issuerId}'s publicKey`);
    const existing = this.#records.get(issuer.issuerId);
    if (existing !== undefined) {
      const sameKey = existing.publicKey[0] === issuer.publicKey[0] && existing.publicKey[1] === issuer.publicKey[1];
      if (!sameKey) {
        throw new IssuerError(`issuer id ${issuer.issuerId} is already taken by another key`);
      }
      if (existing.status === "revoked") {
        throw new IssuerError(`issuer ${issuer.issuerId} was revoked; a revoked id is never reused`);
      }
      return false;
    }
    this.#records.set(issuer.issuerId, {
      issuerId: issuer.issuerId,
      name: issuer.name,
      publicKey: issuer.publicKey,
      status: "active",
    });
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
      version: 1,
      type: "pop-issuer-set",
      issuers: this.issuers.map((record) => ({
        issuerId: record.issuerId,
        name: record.name,
        publicKey: [record.publicKey[0].toString(), record.publicKey[1].toString()],
        status: record.status,
      })),
    };
  }
}

/**
 * Parses an issuer-set file strictly; every public key is checked (checkIssuerPublicKey).
 * @param value the parsed JSON
 * @returns the issuer set
 * @throws InputError naming the malformed field
 */
export function parseIssuerSet(value: unknown): IssuerSet {
  const object = expectObject(value, "issuer set", ["version", "type", "issuers"]);
  expectLiteral(object.version, "issuerSet.version", 1);
  expectLiteral(object.type, "issuerSet.type", "pop-issuer-set");
  const records = expectArray(object.issuers, "issuerSet.issuers").map((item, i): IssuerRecord => {
    const name = `issuerSet.issuers[${i}]`;
    const entry = expectObject(item, name, ["issuerId", "name", "publicKey", "status"]);
    const status = expectString(entry.status, `${name}.status`);
    if (status !== "active" && status !== "revoked") {
      throw new InputError(`${name}.status must be "active" or "revoked"`);
    }
    return {
      issuerId: expectInteger(entry.issuerId, `${name}.issuerId`, 0, MAX_ISSUER_ID),
      name: parseIssuerName(entry.name, `${name}.name`),
      publicKey: parseIssuerPublicKey(entry.publicKey, `${name}.publicKey`),
      status,
    };
  });
  return new IssuerSet(records);
}
