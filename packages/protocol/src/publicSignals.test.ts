import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { BN254_BASE_FIELD, SNARK_SCALAR_FIELD } from "./field.js";
import { decodeDisclosure, firstNonCanonicalSignal, parseGroth16Proof, readPublicSignals } from "./publicSignals.js";

const proof = {
  pi_a: ["1", "2", "1"],
  pi_b: [
    ["1", "2"],
    ["3", "4"],
    ["1", "0"],
  ],
  pi_c: ["5", "6", "1"],
  protocol: "groth16",
  curve: "bn128",
};

describe("public signals", () => {
  it("decodes the disclosure signal: flags, country, kind", () => {
    expect(decodeDisclosure(0n)).toEqual({});
    expect(decodeDisclosure(1n | (756n << 2n))).toEqual({ country: 756 });
    expect(decodeDisclosure(1n)).toEqual({ country: 0 });
    expect(decodeDisclosure(2n | (3n << 12n))).toEqual({ kind: "kyc" });
    expect(decodeDisclosure(3n | (4n << 2n) | (1n << 12n))).toEqual({ country: 4, kind: "registry" });
  });

  it("refuses a disclosure that lies about its flags or cannot come from the circuit", () => {
    expect(() => decodeDisclosure(756n << 2n)).toThrow(
      new InputError("disclosure holds a country that its flag says is hidden"),
    );
    expect(() => decodeDisclosure(3n << 12n)).toThrow(
      new InputError("disclosure holds a kind that its flag says is hidden"),
    );
    expect(() => decodeDisclosure(1n << 16n)).toThrow(/outside its 16-bit layout/);
    expect(() => decodeDisclosure(1n | (1000n << 2n))).toThrow(/above 999/);
    expect(() => decodeDisclosure(2n)).toThrow(/kind code 0/);
  });

  it("reads seven decimal signals and flags a non-canonical one by name", () => {
    const signals = readPublicSignals(["1", "2", "3", "0", "5", "6", "7"]);
    expect(signals.nullifier).toBe(3n);
    expect(firstNonCanonicalSignal(signals)).toBeUndefined();
    const overflow = readPublicSignals(["1", "2", `${3n + SNARK_SCALAR_FIELD}`, "0", "5", "6", "7"]);
    expect(firstNonCanonicalSignal(overflow)).toBe("nullifier");
    expect(() => readPublicSignals(["1"])).toThrow(new InputError("publicSignals must have 7 items, not 1"));
    expect(() => readPublicSignals(["1", "2", "3", "0", "5", "6", 7])).toThrow(/publicSignals\[6\] \(time\)/);
    expect(() => readPublicSignals(["1", "2", "3", "0", "5", "6", "0x7"])).toThrow(/decimal string/);
  });

  it("parses a Groth16 proof strictly", () => {
    expect(parseGroth16Proof(proof)).toEqual(proof);
    expect(() => parseGroth16Proof({ ...proof, protocol: "plonk" })).toThrow(/protocol must be "groth16"/);
    expect(() => parseGroth16Proof({ ...proof, pi_a: ["1", "2"] })).toThrow(/pi_a must have 3 items/);
    expect(() => parseGroth16Proof({ ...proof, pi_c: [`${BN254_BASE_FIELD}`, "1", "1"] })).toThrow(
      /pi_c\[0\] is not a canonical base-field element/,
    );
    expect(() => parseGroth16Proof({ ...proof, extra: 1 })).toThrow(/unknown field "extra"/);
  });
});
