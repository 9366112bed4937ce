import { kindCode } from "@pop/protocol/attributes";
import { credentialLeaf } from "@pop/protocol/credential";
import { personhoodCircuitInput } from "@pop/protocol/generateProof";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity } from "@pop/protocol/identity";
import { poseidon1, poseidon2 } from "poseidon-lite";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadProverArtifacts } from "../src/artifacts.js";
import { personhoodFixture } from "./fixture.js";
import { computeWitness, satisfies, tamper, type Witness, wireIndex, wireValues } from "./witness.js";

const SUBGROUP_ORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;
const fixture = personhoodFixture();
const input = personhoodCircuitInput(fixture, 20);
const { wasm } = loadProverArtifacts(20);
const compiled = inject("compiled")["20"]!;

let witness: Witness;
let wire: (name: string) => number;

beforeAll(async () => {
  witness = await computeWitness(wasm, input);
  wire = await wireIndex(compiled.sym);
});

describe("personhood circuit (depth 20, committed wasm)", () => {
  it("outputs what the TypeScript library computes", () => {
    const { identity, credential, humanitySet, issuerSet, scope, message, time } = fixture;
    const { country, kind } = credential.attributes;
    expect(wireValues(witness).slice(1, 7)).toEqual([
      humanitySet.root,
      issuerSet.root(),
      poseidon2([scope, identity.nullifierKey]),
      3n | (BigInt(country) << 2n) | (BigInt(kindCode(kind)) << 12n) | (BigInt(time) << 16n),
      scope,
      message,
    ]);
  });

  it("has six public signals: time is packed into the disclosure", () => {
    expect(wire("main.disclosure")).toBe(4);
    expect(wire("main.scope")).toBe(5);
    expect(wire("main.message")).toBe(6);
    expect(wire("main.time")).toBeGreaterThan(6);
  });

  it("derives the nullifier from the nullifier key alone: a rotated authenticator gives the same one", async () => {
    const { identity, credential, scope } = fixture;
    // The same human after a rotation: a new authenticator, the same n, a leaf with the new c.
    const rotated = createIdentity();
    const set = new HumanitySet(fixture.humanitySet.leaves);
    const leaf = credentialLeaf({ ...credential, commitment: rotated.commitment });
    set.update(credentialLeaf(credential), leaf);
    const path = set.merkleProof(leaf);
    const values = wireValues(
      await computeWitness(wasm, {
        ...input,
        secret: rotated.authenticator.secretScalar,
        merkleProofLength: path.siblings.length,
        merkleProofIndex: path.index,
        merkleProofSiblings: [...path.siblings, ...Array(20 - path.siblings.length).fill(0n)],
      }),
    );
    expect(values[1]).toBe(set.root);
    expect(values[3]).toBe(poseidon2([scope, identity.nullifierKey]));
    expect(values[3]).toBe(wireValues(witness)[3]);
    // It is not the Semaphore v4 nullifier of the person's authenticator.
    expect(values[3]).not.toBe(poseidon2([scope, rotated.authenticator.secretScalar]));
  });

  it("computes N = Poseidon(n) inside the leaf", () => {
    expect(wireValues(witness)[wire("main.nullifierCommitment")]).toBe(poseidon1([fixture.identity.nullifierKey]));
  });

  it("outputs 0 for undisclosed fields, with the flags saying so", async () => {
    const hidden = await computeWitness(wasm, { ...input, disclose: 0 });
    const time = BigInt(fixture.time) << 16n;
    expect(wireValues(hidden)[4]).toBe(time);
    const countryOnly = await computeWitness(wasm, { ...input, disclose: 1 });
    expect(wireValues(countryOnly)[4]).toBe(time | 1n | (BigInt(fixture.credential.attributes.country) << 2n));
  });

  it("accepts the honest witness (so each tampered one below fails for its own reason)", async () => {
    expect(await satisfies(compiled.r1cs, witness)).toBe(true);
  });
});

describe("a cheating prover's witness fails the constraints", () => {
  const cases: [string, () => [string, bigint]][] = [
    ["attributes that do not match the leaf", () => ["main.country", 999n]],
    ["an expiry that does not match the leaf", () => ["main.expiresAt", 1_900_000_000n]],
    ["a wrong humanity-set root", () => ["main.merkleRoot", fixture.humanitySet.root + 1n]],
    ["a wrong issuer-set root", () => ["main.issuerRoot", 12345n]],
    ["a wrong nullifier", () => ["main.nullifier", poseidon2([fixture.scope, 1n])]],
    [
      "a Semaphore-style nullifier from the authenticator secret",
      () => ["main.nullifier", poseidon2([fixture.scope, fixture.identity.authenticator.secretScalar])],
    ],
    [
      "a nullifier key that is not N's (wrong n for N)",
      () => ["main.nullifierKey", fixture.identity.nullifierKey + 1n],
    ],
    [
      "an N that is not the leaf's (another human's)",
      () => ["main.nullifierCommitment", createIdentity().nullifierCommitment],
    ],
    [
      "a time in the disclosure that is not the time proven",
      () => ["main.disclosure", BigInt(fixture.time + 1) << 16n],
    ],
    ["a disclosure flag that lies (flag set, value hidden)", () => ["main.disclosure", 3n]],
    ["a disclosure that shows a value its flag hides", () => ["main.disclosure", 12345n << 2n]],
    ["another person's authenticator secret", () => ["main.secret", 42n]],
    ["a different time than the one proven", () => ["main.time", BigInt(fixture.time + 1)]],
  ];
  it.each(cases)("%s", async (_, change) => {
    const [name, value] = change();
    expect(await satisfies(compiled.r1cs, tamper(witness, wire(name), value))).toBe(false);
  });
});

describe("inputs no honest witness exists for", () => {
  const { attributes } = fixture.credential;
  const words = input.issuerWords as bigint[];
  // The issuer's word inside its group of four, and its bit inside the word.
  const slot = (attributes.issuerId >> 7) & 3;
  const bit = BigInt(attributes.issuerId % 128);
  const cases: [string, Record<string, unknown>][] = [
    ["expired: time == expiresAt", { time: attributes.expiresAt }],
    ["not yet issued: time < issuedAt", { time: attributes.issuedAt - 1 }],
    ["issuer not in the issuer set", { issuerWords: words.map((word, i) => (i === slot ? word ^ (1n << bit) : word)) }],
    [
      "issuer word over 128 bits (non-canonical bitmap)",
      { issuerWords: words.map((w, i) => (i === slot ? w + (1n << 128n) : w)) },
    ],
    ["field overflow: time >= 2^40", { time: 2n ** 40n + BigInt(fixture.time) }],
    ["field overflow: country >= 2^10", { country: 1024 + attributes.country }],
    ["country 1000 (ISO 3166 numeric codes stop at 999)", { country: 1000 }],
    ["field overflow: disclose flags >= 4", { disclose: 4 }],
    ["depth above the build's maximum", { merkleProofLength: 21 }],
  ];
  it.each(cases)("%s", async (_, change) => {
    await expect(computeWitness(wasm, { ...input, ...change })).rejects.toThrow(/Assert Failed|Error in template/);
  });

  it("secret + l is the same authenticator key and gives the same nullifier (no second vote)", async () => {
    const values = wireValues(
      await computeWitness(wasm, { ...input, secret: fixture.identity.authenticator.secretScalar + SUBGROUP_ORDER }),
    );
    expect(values.slice(1, 5)).toEqual(wireValues(witness).slice(1, 5));
  });

  it("another human's nullifier key gives a root that is not the set's (N is bound to the leaf)", async () => {
    const other = await computeWitness(wasm, { ...input, nullifierKey: createIdentity().nullifierKey });
    expect(wireValues(other)[1]).not.toBe(fixture.humanitySet.root);
  });

  it("attributes that do not match the leaf give a root that is not the set's", async () => {
    const other = await computeWitness(wasm, { ...input, country: attributes.country + 1 });
    const root = wireValues(other)[1];
    expect(root).not.toBe(fixture.humanitySet.root);
    const leaf = credentialLeaf({
      ...fixture.credential,
      attributes: { ...attributes, country: attributes.country + 1 },
    });
    expect(fixture.humanitySet.has(leaf)).toBe(false);
  });
});
