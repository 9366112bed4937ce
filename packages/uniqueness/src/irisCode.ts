import { base64ToBytes, bytesToBase64 } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { expectObject, expectString } from "@pop/core/json";

/**
 * World-compatible iris codes (docs/uniqueness.md#iris-codes): 12,800 code bits and 12,800 mask bits laid
 * out as 16 rows × 200 columns × 4 bits (two wavelets × real/imaginary), in open-iris byte
 * order: bit i is bit (7 − i mod 8) of byte ⌊i / 8⌋ of the base64-decoded bytes.
 */

/** Bits in a code (and in its mask). */
export const IRIS_CODE_BITS = 12_800;
/** Bytes in a code (and in its mask). */
export const IRIS_CODE_BYTES = IRIS_CODE_BITS / 8;
/** Rows of the polar iris image. */
export const IRIS_ROWS = 16;
/** Columns (angular positions) per row. */
export const IRIS_COLUMNS = 200;
/** Bits per row and column: two wavelets, each real and imaginary. */
export const IRIS_BITS_PER_COLUMN = 4;
/** Bits in one row: a rotation shifts each row by whole columns. */
export const IRIS_ROW_BITS = IRIS_COLUMNS * IRIS_BITS_PER_COLUMN;
/** Rotations tried each way when matching (World's and open-iris's default). */
export const MAX_ROTATION = 15;

/** An iris code and its mask (1 = the bit was seen), 1,600 bytes each in open-iris order. */
export type IrisCode = {
  readonly code: Uint8Array;
  readonly mask: Uint8Array;
};

/** The open-iris JSON form: `{"iris_codes": "<base64>", "mask_codes": "<base64>"}`. */
export type IrisCodeJson = {
  iris_codes: string;
  mask_codes: string;
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_LENGTH = Math.ceil(IRIS_CODE_BYTES / 3) * 4;

/** Bit `index` of a code or mask (0 or 1). */
export function irisBit(bits: Uint8Array, index: number): number {
  return ((bits[index >> 3] ?? 0) >> (7 - (index & 7))) & 1;
}

/** Sets bit `index` of a code or mask to `value` (0 or 1). */
export function setIrisBit(bits: Uint8Array, index: number, value: number): void {
  const shift = 7 - (index & 7);
  const byte = index >> 3;
  bits[byte] = ((bits[byte] ?? 0) & ~(1 << shift)) | ((value & 1) << shift);
}

/**
 * Decodes one base64 field of the open-iris form into 1,600 bytes.
 * @param text the base64 text
 * @param name the field's name, for the error message
 */
export function decodeIrisBits(text: string, name: string): Uint8Array {
  if (text.length !== BASE64_LENGTH || !BASE64.test(text)) {
    throw new InputError(`${name} must be base64 of ${IRIS_CODE_BYTES} bytes (${BASE64_LENGTH} characters)`);
  }
  const bytes = base64ToBytes(text);
  if (bytes.length !== IRIS_CODE_BYTES) {
    throw new InputError(`${name} must decode to ${IRIS_CODE_BYTES} bytes, not ${bytes.length}`);
  }
  if (encodeIrisBits(bytes) !== text) {
    // Non-zero padding bits would give two texts for one code.
    throw new InputError(`${name} is not canonical base64`);
  }
  return bytes;
}

/** Encodes 1,600 bytes of a code or mask as base64 (the open-iris form). */
export function encodeIrisBits(bits: Uint8Array): string {
  return bytesToBase64(bits);
}

/**
 * Reads an iris code from its open-iris JSON form, refusing unknown fields and bad lengths.
 * @param value the parsed JSON value
 * @param name what it is (a file name), for the error message
 */
export function irisCodeFromJson(value: unknown, name: string): IrisCode {
  const object = expectObject(value, name, ["iris_codes", "mask_codes"]);
  return {
    code: decodeIrisBits(expectString(object.iris_codes, `${name}.iris_codes`), `${name}.iris_codes`),
    mask: decodeIrisBits(expectString(object.mask_codes, `${name}.mask_codes`), `${name}.mask_codes`),
  };
}

/** The open-iris JSON form of an iris code. */
export function irisCodeToJson(iris: IrisCode): IrisCodeJson {
  return { iris_codes: encodeIrisBits(iris.code), mask_codes: encodeIrisBits(iris.mask) };
}

/** The bits of a code or mask as a string of 0s and 1s, bit 0 first (the vector files' form). */
export function irisBitString(bits: Uint8Array): string {
  let text = "";
  for (let i = 0; i < IRIS_CODE_BITS; i++) {
    text += irisBit(bits, i);
  }
  return text;
}

function checkRotation(rotation: number): void {
  if (!Number.isInteger(rotation) || Math.abs(rotation) >= IRIS_COLUMNS) {
    throw new InputError(`rotation must be an integer with |rotation| < ${IRIS_COLUMNS}`);
  }
}

/** Rotates each 800-bit row of `bits` right by 4·`rotation` bits (left when negative). */
export function rotateIrisBits(bits: Uint8Array, rotation: number): Uint8Array {
  checkRotation(rotation);
  const shift = (((rotation * IRIS_BITS_PER_COLUMN) % IRIS_ROW_BITS) + IRIS_ROW_BITS) % IRIS_ROW_BITS;
  const out = new Uint8Array(IRIS_CODE_BYTES);
  for (let row = 0; row < IRIS_ROWS; row++) {
    const base = row * IRIS_ROW_BITS;
    for (let j = 0; j < IRIS_ROW_BITS; j++) {
      setIrisBit(out, base + ((j + shift) % IRIS_ROW_BITS), irisBit(bits, base + j));
    }
  }
  return out;
}

/**
 * The iris code rotated by `rotation` columns: the key `rotation` of the vector file
 * `all_rotations.txt` (code and mask move together).
 */
export function rotateIrisCode(iris: IrisCode, rotation: number): IrisCode {
  return { code: rotateIrisBits(iris.code, rotation), mask: rotateIrisBits(iris.mask, rotation) };
}

/**
 * The column a column maps to in the mirror image: each half of the 200 columns is
 * reversed (the polar image is unwrapped from the top, so a left-right flip of the eye
 * reverses the angle within each half), as World's mirrored matching does.
 */
function mirroredColumn(column: number): number {
  const half = IRIS_COLUMNS / 2;
  return column < half ? half - 1 - column : IRIS_COLUMNS - 1 - (column - half);
}

/**
 * The code of the mirror image of the eye: columns reversed within each half and the
 * imaginary bits negated (a mirrored Gabor filter response has the conjugate phase).
 * Matching a code against the mirror of another catches a left eye enrolled as a right one.
 */
export function mirrorIrisCode(iris: IrisCode): IrisCode {
  const code = new Uint8Array(IRIS_CODE_BYTES);
  const mask = new Uint8Array(IRIS_CODE_BYTES);
  for (let i = 0; i < IRIS_CODE_BITS; i++) {
    const row = Math.floor(i / IRIS_ROW_BITS);
    const column = Math.floor((i % IRIS_ROW_BITS) / IRIS_BITS_PER_COLUMN);
    const within = i % IRIS_BITS_PER_COLUMN;
    const target = row * IRIS_ROW_BITS + mirroredColumn(column) * IRIS_BITS_PER_COLUMN + within;
    const imaginary = within & 1;
    setIrisBit(code, target, irisBit(iris.code, i) ^ imaginary);
    setIrisBit(mask, target, irisBit(iris.mask, i));
  }
  return { code, mask };
}

/**
 * Whether every mask bit equals its real/imaginary partner (bits 2k and 2k+1), as masks from
 * open-iris always do. The MPC engine stores only one bit of each pair, so it needs this.
 */
export function hasPairedMask(iris: IrisCode): boolean {
  for (const byte of iris.mask) {
    // Pairs are bits (7,6), (5,4), (3,2), (1,0) of each byte.
    if (((byte ^ (byte >> 1)) & 0x55) !== 0) {
      return false;
    }
  }
  return true;
}
