import { InputError } from "./errors.js";
import { quoteText } from "./text.js";

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
 * Parses JSON text strictly: a syntax error or a key given twice in one object (at any depth,
 * comparing the decoded keys, so "a" and "\u0061" collide) is an InputError that names the
 * source. JSON.parse alone lets the last key win, so a file could show one value to a reader
 * and mean another.
 * @param text the JSON text
 * @param name what it is (a file name), for the error message
 * @returns the parsed value
 * @throws InputError when the text is not JSON or repeats a key
 */
export function parseJson(text: string, name: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${name} is not valid JSON`, { cause: error });
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) {
    const where = duplicate.path === "" ? "" : ` (in ${duplicate.path})`;
    throw new InputError(`${name} has the key ${quoteText(duplicate.key)} twice${where}`, {
      details: { key: duplicate.key, path: duplicate.path },
    });
  }
  return value;
}

type Frame = { keys: Set<string>; key: string } | { index: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The first key repeated within one object of `text`, which must already be valid JSON (so
 * the scan only tracks nesting, strings and commas), with the path of its object. One pass.
 */
function firstDuplicateKey(text: string): { key: string; path: string } | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top !== undefined && "keys" in top) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (top.keys.has(key)) {
          return { key, path: pathOf(stack.slice(0, -1)) };
        }
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (code === 0x7b /* { */) {
      stack.push({ keys: new Set(), key: "" });
      expectKey = true;
    } else if (code === 0x5b /* [ */) {
      stack.push({ index: 0 });
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (code === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top !== undefined && "index" in top) top.index++;
      else expectKey = true;
    }
  }
  return undefined;
}

/** The index of the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** A JSON path like `issuers[1].name` of the objects and arrays on the stack. */
function pathOf(stack: readonly Frame[]): string {
  let path = "";
  for (const frame of stack) {
    if ("index" in frame) {
      path += `[${frame.index}]`;
    } else {
      path += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(frame.key)
        ? `${path === "" ? "" : "."}${frame.key}`
        : `[${quoteText(frame.key)}]`;
    }
  }
  return path;
}
