import { InputError, SetError } from "@pop/core/errors";
import { Group } from "@semaphore-protocol/group";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HumanitySet, parseHumanitySet } from "./humanitySet.js";

describe("humanity set", () => {
  it("has the same root as a Semaphore v4 group of the same leaves (LeanIMT, Poseidon)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.bigInt({ min: 1n, max: 2n ** 250n }), { minLength: 1, maxLength: 40 }),
        (leaves) => {
          const set = new HumanitySet(leaves);
          expect(set.root).toBe(new Group(leaves).root);
          expect(set.size).toBe(leaves.length);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("gives membership proofs that Semaphore's group gives", () => {
    const leaves = [11n, 22n, 33n, 44n, 55n];
    const proof = new HumanitySet(leaves).merkleProof(44n);
    const theirs = new Group(leaves).generateMerkleProof(3);
    expect(proof).toEqual({ root: theirs.root, leaf: 44n, index: theirs.index, siblings: theirs.siblings });
  });

  it("refuses duplicates, the zero leaf and absent leaves", () => {
    const set = new HumanitySet([1n]);
    expect(() => set.add(1n)).toThrow(new SetError("this leaf is already in the humanity set"));
    expect(() => set.add(0n)).toThrow(SetError);
    expect(() => set.merkleProof(2n)).toThrow(new SetError("the credential's leaf is not in the humanity set"));
    expect(new HumanitySet().root).toBe(0n);
  });

  it("updates and removes in place, as Semaphore's group does", () => {
    const leaves = [11n, 22n, 33n, 44n, 55n];
    const set = new HumanitySet(leaves);
    const group = new Group(leaves);
    expect(set.update(22n, 99n)).toBe(1);
    group.updateMember(1, 99n);
    expect(set.remove(44n)).toBe(3);
    group.removeMember(3);
    expect(set.root).toBe(group.root);
    expect(set.leaves).toEqual([11n, 99n, 33n, 0n, 55n]);
    expect(set.has(0n)).toBe(false);
    expect(set.has(22n)).toBe(false);
    expect(() => set.remove(44n)).toThrow(new SetError("the credential's leaf is not in the humanity set"));
    expect(() => set.update(11n, 33n)).toThrow(new SetError("this leaf is already in the humanity set"));
    expect(() => set.update(11n, 0n)).toThrow(SetError);
    const reloaded = parseHumanitySet(JSON.parse(JSON.stringify(set.toJSON())));
    expect(reloaded.root).toBe(set.root);
    expect(reloaded.has(55n)).toBe(true);
  });

  it("round-trips through its file form and parses strictly", () => {
    const set = new HumanitySet([5n, 6n, 7n]);
    expect(parseHumanitySet(JSON.parse(JSON.stringify(set.toJSON()))).root).toBe(set.root);
    expect(() => parseHumanitySet({ ...set.toJSON(), leaves: ["5", "5"] })).toThrow(/already in the humanity set/);
    expect(() => parseHumanitySet({ ...set.toJSON(), leaves: ["7", "0", "5", "0", "5"] })).toThrow(
      new InputError("humanitySet.leaves[4] is already in the humanity set (as leaves[2])"),
    );
    expect(() => parseHumanitySet({ ...set.toJSON(), leaves: [5] })).toThrow(/leaves\[0\] must be a decimal string/);
    expect(() => parseHumanitySet({ ...set.toJSON(), leaves: ["05"] })).toThrow(/decimal string/);
    const r = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
    expect(() => parseHumanitySet({ ...set.toJSON(), leaves: [r] })).toThrow(/not a canonical field element/);
  });
});
