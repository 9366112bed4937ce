import { kindCode } from "@pop/protocol/attributes";
import { credentialLeaf } from "@pop/protocol/credential";
import { personhoodCircuitInput } from "@pop/protocol/generateProof";
import { poseidon2 } from "poseidon-lite";
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
    expect(wireValues(witness).slice(1, 8)).toEqual([
      humanitySet.root,
      issuerSet.root(),
      poseidon2([scope, identity.secretScalar]),
      3n | (BigInt(country) << 2n) | (BigInt(kindCode(kind)) << 12n),
      scope,
      message,
      BigInt(time),
    ]);
  });

  it("outputs 0 for undisclosed fields, with the flags saying so", async () => {
    const hidden = await computeWitness(wasm, { ...input, disclose: 0 });
    expect(wireValues(hidden)[4]).toBe(0n);
    const countryOnly = await computeWitness(wasm, { ...input, disclose: 1 });
    expect(wireValues(countryOnly)[4]).toBe(1n | (BigInt(fixture.credential.attributes.country) << 2n));
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
    ["a disclosure flag that lies (flag set, value hidden)", () => ["main.disclosure", 3n]],
    ["a disclosure that shows a value its flag hides", () => ["main.disclosure", 12345n << 2n]],
    ["another person's secret", () => ["main.secret", 42n]],
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
    [
      "field overflow: secret + l (same public key, other nullifier)",
      { secret: fixture.identity.secretScalar + SUBGROUP_ORDER },
    ],
    ["field overflow: time >= 2^40", { time: 2n ** 40n + BigInt(fixture.time) }],
    ["field overflow: country >= 2^10", { country: 1024 + attributes.country }],
    ["field overflow: disclose flags >= 4", { disclose: 4 }],
    ["depth above the build's maximum", { merkleProofLength: 21 }],
  ];
  it.each(cases)("%s", async (_, change) => {
    await expect(computeWitness(wasm, { ...input, ...change })).rejects.toThrow(/Assert Failed|Error in template/);
  });

  it("attributes that do not match the leaf give a root that is not the set's", async () => {
    const other = await computeWitness(wasm, { ...input, country: attributes.country + 1 });
    const root = wireValues(other)[1];
    expect(root).not.toBe(fixture.humanitySet.root);
    const leaf = credentialLeaf(fixture.identity.commitment, { ...attributes, country: attributes.country + 1 });
    expect(fixture.humanitySet.has(leaf)).toBe(false);
  });
});
