import { InputError } from "@pop/core/errors";

/** The BN254 scalar field modulus r: every circuit signal is an element of Z_r. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** The BN254 base field modulus q: proof point coordinates live in F_q. */
export const BN254_BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Whether `value` is a canonical element of the BN254 scalar field (0 <= value < r).
 * @param value the candidate
 * @returns true when it is in the field
 */
export function isFieldElement(value: bigint): boolean {
  return value >= 0n && value < SNARK_SCALAR_FIELD;
}

/**
 * Parses a canonical decimal string (no sign, no leading zeros) into a bigint smaller
 * than `modulus`.
 * @param value the JSON value to parse
 * @param name the parameter's name, used in the error message
 * @param modulus exclusive upper bound, the scalar field by default
 * @returns the parsed value
 * @throws InputError when it is not such a string
 */
export function parseDecimal(value: unknown, name: string, modulus = SNARK_SCALAR_FIELD): bigint {
  if (typeof value !== "string" || !DECIMAL.test(value) || value.length > 80) {
    throw new InputError(`${name} must be a decimal string`);
  }
  const parsed = BigInt(value);
  if (parsed >= modulus) {
    throw new InputError(`${name} is not a canonical field element (>= the modulus)`);
  }
  return parsed;
}
