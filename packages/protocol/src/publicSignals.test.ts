import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { BN254_BASE_FIELD, SNARK_SCALAR_FIELD } from "./field.js";
import {
  decodeDisclosure,
  encodeDisclosure,
  firstNonCanonicalSignal,
  parseGroth16Proof,
  readPublicSignals,
} from "./publicSignals.js";

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
  it("decodes the disclosure signal: flags, country, kind and the proof's time", () => {
    const T = 1_800_000_000;
    const at = (bits: bigint) => bits | (BigInt(T) << 16n);
    expect(decodeDisclosure(0n)).toEqual({ time: 0, disclosed: {} });
    expect(decodeDisclosure(at(0n))).toEqual({ time: T, disclosed: {} });
    expect(decodeDisclosure(at(1n | (756n << 2n)))).toEqual({ time: T, disclosed: { country: 756 } });
    expect(decodeDisclosure(at(1n))).toEqual({ time: T, disclosed: { country: 0 } });
    expect(decodeDisclosure(at(2n | (3n << 12n)))).toEqual({ time: T, disclosed: { kind: "kyc" } });
    expect(decodeDisclosure(at(3n | (4n << 2n) | (1n << 12n)))).toEqual({
      time: T,
      disclosed: { country: 4, kind: "registry" },
    });
    expect(decodeDisclosure((2n ** 40n - 1n) << 16n).time).toBe(2 ** 40 - 1);
  });

  it("encodes what it decodes", () => {
    for (const decoded of [
      { time: 0, disclosed: {} },
      { time: 1_800_000_000, disclosed: { country: 756, kind: "kyc" as const } },
      { time: 2 ** 40 - 1, disclosed: { kind: "biometric" as const } },
    ]) {
      expect(decodeDisclosure(encodeDisclosure(decoded))).toEqual(decoded);
    }
    expect(encodeDisclosure({ time: 1, disclosed: { country: 4 } })).toBe(1n | (4n << 2n) | (1n << 16n));
  });

  it("refuses a disclosure that lies about its flags or cannot come from the circuit", () => {
    expect(() => decodeDisclosure(756n << 2n)).toThrow(
      new InputError("disclosure holds a country that its flag says is hidden"),
    );
    expect(() => decodeDisclosure(3n << 12n)).toThrow(
      new InputError("disclosure holds a kind that its flag says is hidden"),
    );
    expect(() => decodeDisclosure(1n << 56n)).toThrow(new InputError("disclosure has bits outside its 56-bit layout"));
    expect(() => decodeDisclosure(1n | (1000n << 2n))).toThrow(/above 999/);
    expect(() => decodeDisclosure(2n)).toThrow(/kind code 0/);
  });

  it("reads six decimal signals and flags a non-canonical one by name", () => {
    const signals = readPublicSignals(["1", "2", "3", "0", "5", "6"]);
    expect(signals).toEqual({ merkleRoot: 1n, issuerRoot: 2n, nullifier: 3n, disclosure: 0n, scope: 5n, message: 6n });
    expect(firstNonCanonicalSignal(signals)).toBeUndefined();
    const overflow = readPublicSignals(["1", "2", `${3n + SNARK_SCALAR_FIELD}`, "0", "5", "6"]);
    expect(firstNonCanonicalSignal(overflow)).toBe("nullifier");
    expect(() => readPublicSignals(["1"])).toThrow(new InputError("publicSignals must have 6 items, not 1"));
    expect(() => readPublicSignals(["1", "2", "3", "0", "5", "6", "7"])).toThrow(
      new InputError("publicSignals must have 6 items, not 7"),
    );
    expect(() => readPublicSignals(["1", "2", "3", "0", "5", 6])).toThrow(/publicSignals\[5\] \(message\)/);
    expect(() => readPublicSignals(["1", "2", "3", "0", "5", "0x6"])).toThrow(/decimal string/);
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
