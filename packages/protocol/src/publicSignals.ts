import { InputError } from "@pop/core/errors";
import { expectArray, expectLiteral, expectObject } from "@pop/core/json";
import { type CredentialKind, kindCode, kindFromCode } from "./attributes.js";
import { BN254_BASE_FIELD, SNARK_SCALAR_FIELD } from "./field.js";

/**
 * The public signals of the personhood circuit, in snarkjs order (personhood.circom). The
 * proof's time is packed into `disclosure` (see decodeDisclosure).
 */
export const PUBLIC_SIGNAL_NAMES = ["merkleRoot", "issuerRoot", "nullifier", "disclosure", "scope", "message"] as const;

/** A public signal's name. */
export type PublicSignalName = (typeof PUBLIC_SIGNAL_NAMES)[number];

/** The public signals, decoded to bigints. */
export type PublicSignals = Record<PublicSignalName, bigint>;

/** What the prover chose to disclose. An absent field was not disclosed. */
export type Disclosed = { country?: number; kind?: CredentialKind };

/** The disclosure signal decoded: the proof's time and what the prover chose to disclose. */
export type DecodedDisclosure = { time: number; disclosed: Disclosed };

/** A Groth16 proof in snarkjs's JSON form. */
export type Groth16Proof = {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: "groth16";
  curve: "bn128";
};

const DECIMAL = /^(0|[1-9][0-9]{0,79})$/;

function decimal(value: unknown, name: string): bigint {
  if (typeof value !== "string" || !DECIMAL.test(value)) {
    throw new InputError(`${name} must be a decimal string`);
  }
  return BigInt(value);
}

/**
 * Reads the public-signal array's shape: exactly six decimal strings. Canonicity
 * (< r) is a verification question, answered by `firstNonCanonicalSignal`.
 * @param value the JSON value
 * @returns the signals, possibly >= r
 */
export function readPublicSignals(value: unknown): PublicSignals {
  const items = expectArray(value, "publicSignals", PUBLIC_SIGNAL_NAMES.length);
  const signals = {} as PublicSignals;
  PUBLIC_SIGNAL_NAMES.forEach((name, i) => {
    signals[name] = decimal(items[i], `publicSignals[${i}] (${name})`);
  });
  return signals;
}

/**
 * The first signal that is not a canonical scalar-field element, if any: such a value
 * would alias `value mod r` inside the circuit and must be refused, not reduced.
 * @param signals the signals
 */
export function firstNonCanonicalSignal(signals: PublicSignals): PublicSignalName | undefined {
  return PUBLIC_SIGNAL_NAMES.find((name) => signals[name] >= SNARK_SCALAR_FIELD);
}

/** The signals as snarkjs's array of decimal strings. */
export function encodePublicSignals(signals: PublicSignals): string[] {
  return PUBLIC_SIGNAL_NAMES.map((name) => signals[name].toString());
}

/**
 * Decodes the disclosure signal: flags in bits 0-1 (country, kind), country in bits 2-11,
 * kind in bits 12-15, the proof's time (Unix seconds) in bits 16-55. A hidden field must be 0
 * and no other bit may be set.
 * @param disclosure the signal
 * @returns the time and what was disclosed
 * @throws InputError when the value cannot come from the circuit
 */
export function decodeDisclosure(disclosure: bigint): DecodedDisclosure {
  if (disclosure >> 56n !== 0n) {
    throw new InputError("disclosure has bits outside its 56-bit layout");
  }
  const time = Number((disclosure >> 16n) & 0xff_ffff_ffffn);
  const flags = Number(disclosure & 3n);
  const country = Number((disclosure >> 2n) & 0x3ffn);
  const kind = Number((disclosure >> 12n) & 0xfn);
  const disclosed: Disclosed = {};
  if (flags & 1) {
    if (country > 999) {
      throw new InputError("disclosure holds a country code above 999");
    }
    disclosed.country = country;
  } else if (country !== 0) {
    throw new InputError("disclosure holds a country that its flag says is hidden");
  }
  if (flags & 2) {
    disclosed.kind = kindFromCode(kind);
  } else if (kind !== 0) {
    throw new InputError("disclosure holds a kind that its flag says is hidden");
  }
  return { time, disclosed };
}

/**
 * Packs the disclosure signal as the circuit computes it (the inverse of decodeDisclosure).
 * @param decoded the proof's time (Unix seconds below 2^40) and the disclosed fields
 */
export function encodeDisclosure({ time, disclosed }: DecodedDisclosure): bigint {
  const { country, kind } = disclosed;
  const flags = (country === undefined ? 0n : 1n) | (kind === undefined ? 0n : 2n);
  const kindBits = kind === undefined ? 0n : BigInt(kindCode(kind));
  return flags | (BigInt(country ?? 0) << 2n) | (kindBits << 12n) | (BigInt(time) << 16n);
}

/**
 * Parses a Groth16 proof object strictly: snarkjs's shape, coordinates canonical in F_q.
 * Whether the points lie on the curve is left to the pairing check.
 * @param value the JSON value
 */
export function parseGroth16Proof(value: unknown): Groth16Proof {
  const object = expectObject(value, "proof.proof", ["pi_a", "pi_b", "pi_c", "protocol", "curve"]);
  expectLiteral(object.protocol, "proof.proof.protocol", "groth16");
  expectLiteral(object.curve, "proof.proof.curve", "bn128");
  const coordinate = (item: unknown, name: string): string => {
    if (decimal(item, name) >= BN254_BASE_FIELD) {
      throw new InputError(`${name} is not a canonical base-field element`);
    }
    return item as string;
  };
  const g1 = (item: unknown, name: string): [string, string, string] => {
    const [x, y, z] = expectArray(item, name, 3);
    expectLiteral(z, `${name}[2]`, "1");
    return [coordinate(x, `${name}[0]`), coordinate(y, `${name}[1]`), "1"];
  };
  const [b0, b1, b2] = expectArray(object.pi_b, "proof.proof.pi_b", 3);
  const pair = (item: unknown, name: string): [string, string] => {
    const [c0, c1] = expectArray(item, name, 2);
    return [coordinate(c0, `${name}[0]`), coordinate(c1, `${name}[1]`)];
  };
  const [one, zero] = expectArray(b2, "proof.proof.pi_b[2]", 2);
  expectLiteral(one, "proof.proof.pi_b[2][0]", "1");
  expectLiteral(zero, "proof.proof.pi_b[2][1]", "0");
  return {
    pi_a: g1(object.pi_a, "proof.proof.pi_a"),
    pi_b: [pair(b0, "proof.proof.pi_b[0]"), pair(b1, "proof.proof.pi_b[1]"), ["1", "0"]],
    pi_c: g1(object.pi_c, "proof.proof.pi_c"),
    protocol: "groth16",
    curve: "bn128",
  };
}
