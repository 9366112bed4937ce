import { InputError, SetError } from "@pop/core/errors";
import { expectArray, expectLiteral, expectObject } from "@pop/core/json";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon2 } from "poseidon-lite";
import { parseDecimal } from "./field.js";

/** The largest humanity set the circuits support: 2^32 leaves. */
export const MAX_SET_DEPTH = 32;

/** A LeanIMT membership proof in the form the circuit takes (Semaphore v4's). */
export type SetMembershipProof = {
  root: bigint;
  leaf: bigint;
  /** Path bits, one per sibling present (LeanIMT skips levels with no sibling). */
  index: number;
  siblings: bigint[];
};

/** The JSON form of a humanity-set file. */
export type HumanitySetFile = { version: 1; type: "pop-humanity-set"; leaves: string[] };

const hash = (a: bigint, b: bigint) => poseidon2([a, b]);

/**
 * The humanity set: a Lean incremental Merkle tree (Poseidon, as Semaphore v4) of leaves
 * Poseidon(commitment, attributes). A removed member's leaf becomes 0, as on chain, so
 * indices never shift and the roots stay equal to the contract's.
 */
export class HumanitySet {
  readonly #tree: LeanIMT<bigint>;

  /** @param leaves the leaves in insertion order; 0 marks a removed member */
  constructor(leaves: readonly bigint[] = []) {
    this.#tree = new LeanIMT(hash);
    for (const leaf of leaves) {
      if (leaf === 0n) {
        this.#tree.insert(0n);
      } else {
        this.add(leaf);
      }
    }
  }

  /** The root, or 0 for the empty set (which no proof can match). */
  get root(): bigint {
    return this.#tree.size === 0 ? 0n : this.#tree.root;
  }

  /** The tree's depth. */
  get depth(): number {
    return this.#tree.depth;
  }

  /** The number of leaves. */
  get size(): number {
    return this.#tree.size;
  }

  /** The leaves in insertion order. */
  get leaves(): bigint[] {
    return [...this.#tree.leaves];
  }

  /** Whether `leaf` is in the set (0, a removed member's mark, never is). */
  has(leaf: bigint): boolean {
    return leaf !== 0n && this.#tree.has(leaf);
  }

  /**
   * Adds a leaf.
   * @param leaf a non-zero field element not yet in the set
   * @throws SetError when it is 0, already present, or the set is full
   */
  add(leaf: bigint): void {
    if (leaf === 0n) {
      throw new SetError("the zero leaf cannot be added (it marks removed members)");
    }
    if (this.has(leaf)) {
      throw new SetError("this leaf is already in the humanity set");
    }
    if (this.#tree.size >= 2 ** MAX_SET_DEPTH) {
      throw new SetError(`the humanity set is full (2^${MAX_SET_DEPTH} members)`);
    }
    this.#tree.insert(leaf);
  }

  /**
   * Replaces a member's leaf in place (key recovery, renewal).
   * @param oldLeaf a leaf of the set
   * @param newLeaf a non-zero leaf not in the set
   * @returns the index it replaced
   */
  update(oldLeaf: bigint, newLeaf: bigint): number {
    const index = this.#indexOf(oldLeaf);
    if (newLeaf === 0n) {
      throw new SetError("the zero leaf cannot be added (it marks removed members)");
    }
    if (this.has(newLeaf)) {
      throw new SetError("this leaf is already in the humanity set");
    }
    this.#tree.update(index, newLeaf);
    return index;
  }

  /**
   * Removes a member (revocation): its leaf becomes 0.
   * @param leaf a leaf of the set
   * @returns its index
   */
  remove(leaf: bigint): number {
    const index = this.#indexOf(leaf);
    this.#tree.update(index, 0n);
    return index;
  }

  /**
   * Sets the leaf at `index` as a replayed on-chain event says (the event reader's path):
   * an insert at index == size, or an update/removal of an existing index.
   * @param index the leaf index
   * @param leaf the new leaf (0 for a removal)
   */
  applyAt(index: number, leaf: bigint): void {
    if (index === this.#tree.size) {
      this.#tree.insert(leaf);
    } else if (index >= 0 && index < this.#tree.size) {
      this.#tree.update(index, leaf);
    } else {
      throw new SetError(`event index ${index} skips past the set's size ${this.#tree.size}`);
    }
  }

  #indexOf(leaf: bigint): number {
    if (!this.has(leaf)) {
      throw new SetError("the credential's leaf is not in the humanity set");
    }
    return this.#tree.indexOf(leaf);
  }

  /**
   * The membership proof of `leaf`.
   * @param leaf a leaf of the set
   * @throws SetError when it is not in the set
   */
  merkleProof(leaf: bigint): SetMembershipProof {
    const index = this.#indexOf(leaf);
    const proof = this.#tree.generateProof(index);
    return { root: proof.root, leaf: proof.leaf, index: proof.index, siblings: proof.siblings };
  }

  /** The file form. */
  toJSON(): HumanitySetFile {
    return { version: 1, type: "pop-humanity-set", leaves: this.leaves.map(String) };
  }
}

/**
 * Parses a humanity-set file strictly ("0" marks a removed member).
 * @param value the parsed JSON
 * @returns the set
 * @throws InputError when the file is malformed or lists a leaf twice
 */
export function parseHumanitySet(value: unknown): HumanitySet {
  const object = expectObject(value, "humanity set", ["version", "type", "leaves"]);
  expectLiteral(object.version, "humanitySet.version", 1);
  expectLiteral(object.type, "humanitySet.type", "pop-humanity-set");
  const leaves = expectArray(object.leaves, "humanitySet.leaves").map((leaf, i) =>
    parseDecimal(leaf, `humanitySet.leaves[${i}]`),
  );
  // A file listing a leaf twice is malformed input, not a refused operation: say so before
  // building the tree (whose add would throw a SetError).
  const first = new Map<bigint, number>();
  for (const [i, leaf] of leaves.entries()) {
    const earlier = leaf === 0n ? undefined : first.get(leaf);
    if (earlier !== undefined) {
      throw new InputError(`humanitySet.leaves[${i}] is already in the humanity set (as leaves[${earlier}])`);
    }
    first.set(leaf, i);
  }
  return new HumanitySet(leaves);
}
