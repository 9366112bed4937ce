import { InputError } from "./errors.js";

/** A parsed JSON object whose keys have been checked. */
export type JsonObject = Record<string, unknown>;

/**
 * Checks that `value` is a plain JSON object with exactly the required keys and at most
 * the optional ones: unknown fields are an error, not silently dropped.
 * @param value the value to check
 * @param name what it is, for the error message
 * @param required keys that must be present
 * @param optional keys that may be present
 * @returns the object
 */
export function expectObject(
  value: unknown,
  name: string,
  required: readonly string[],
  optional: readonly string[] = [],
): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(`${name} must be a JSON object`);
  }
  const object = value as JsonObject;
  for (const key of Object.keys(object)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new InputError(`${name} has an unknown field "${key}"`);
    }
  }
  for (const key of required) {
    if (!(key in object)) {
      throw new InputError(`${name} is missing the field "${key}"`);
    }
  }
  return object;
}

/**
 * Checks that `value` is an array of exactly `length` items (any length when omitted).
 * @returns the array
 */
export function expectArray(value: unknown, name: string, length?: number): unknown[] {
  if (!Array.isArray(value)) {
    throw new InputError(`${name} must be an array`);
  }
  if (length !== undefined && value.length !== length) {
    throw new InputError(`${name} must have ${length} items, not ${value.length}`);
  }
  return value;
}

/** Checks that `value` is a string, optionally matching `pattern`. */
export function expectString(value: unknown, name: string, pattern?: RegExp): string {
  if (typeof value !== "string") {
    throw new InputError(`${name} must be a string`);
  }
  if (pattern !== undefined && !pattern.test(value)) {
    throw new InputError(`${name} is malformed`);
  }
  return value;
}

/** Checks that `value` is an integer in [min, max]. */
export function expectInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Checks that `value` is exactly the literal `expected` (a version or type tag). */
export function expectLiteral<T extends string | number>(value: unknown, name: string, expected: T): T {
  if (value !== expected) {
    throw new InputError(`${name} must be ${JSON.stringify(expected)}`);
  }
  return expected;
}

/**
 * Parses JSON text, turning a syntax error into an InputError that names the source.
 * @param text the JSON text
 * @param name what it is (a file name), for the error message
 */
export function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${name} is not valid JSON`, { cause: error });
  }
}
