import { readFileSync } from "node:fs";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import {
  decodeIrisBits,
  encodeIrisBits,
  hasPairedMask,
  IRIS_CODE_BYTES,
  irisBitString,
  irisCodeFromJson,
  irisCodeToJson,
  mirrorIrisCode,
  rotateIrisBits,
  rotateIrisCode,
} from "../src/irisCode.js";
import { distanceFraction, minDistance } from "../src/irisDistance.js";

const VECTORS = new URL("../../../test-vectors/iris/", import.meta.url);

function lines(file: string): string[] {
  return readFileSync(new URL(file, VECTORS), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

describe("all_rotations.txt", () => {
  const [first, ...rest] = lines("all_rotations.txt");
  const code = decodeIrisBits(first!, "code");
  const rotations = new Map(
    rest.map((line) => {
      const colon = line.indexOf(":");
      return [Number(line.slice(0, colon)), line.slice(colon + 1).replaceAll(" ", "")] as const;
    }),
  );

  it("has the 31 rotations −15..15", () => {
    expect([...rotations.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => i - 15));
  });

  it("decodes the code bit for bit and encodes it back to the same text", () => {
    expect(irisBitString(code)).toBe(rotations.get(0));
    expect(encodeIrisBits(code)).toBe(first);
  });

  it("reproduces every rotation bit for bit", () => {
    for (const [rotation, bits] of rotations) {
      expect(irisBitString(rotateIrisBits(code, rotation)), `rotation ${rotation}`).toBe(bits);
    }
  });

  it("rotating by r and then by −r gives the code back", () => {
    expect(rotateIrisBits(rotateIrisBits(code, 7), -7)).toEqual(code);
  });
});

describe("flipped_codes.txt", () => {
  const [code, mask, flippedCode, flippedMask] = lines("flipped_codes.txt");
  const original = irisCodeFromJson({ iris_codes: code, mask_codes: mask }, "original");
  const flipped = irisCodeFromJson({ iris_codes: flippedCode, mask_codes: flippedMask }, "flipped");

  it("the mirror of the flipped code is at distance exactly 0 from the original", () => {
    const fraction = distanceFraction(original, mirrorIrisCode(flipped));
    expect(fraction.mismatches).toBe(0);
    expect(fraction.common).toBeGreaterThan(6_000);
    expect(minDistance(original, mirrorIrisCode(flipped)).distance).toBe(0);
  });

  it("without mirroring the pair does not match", () => {
    expect(minDistance(original, flipped).distance).toBeGreaterThan(0.4);
  });

  it("mirroring twice gives the code back, and the masks come in real/imaginary pairs", () => {
    expect(mirrorIrisCode(mirrorIrisCode(original))).toEqual(original);
    expect(hasPairedMask(original)).toBe(true);
    expect(hasPairedMask(flipped)).toBe(true);
  });

  it("round-trips through the open-iris JSON form", () => {
    expect(irisCodeToJson(original)).toEqual({ iris_codes: code, mask_codes: mask });
  });
});

describe("distance", () => {
  const [code, mask] = lines("flipped_codes.txt");
  const iris = irisCodeFromJson({ iris_codes: code, mask_codes: mask }, "iris");

  it("a code against itself rotated by 5 is at 0 after rotation search and far without it", () => {
    const rotated = rotateIrisCode(iris, 5);
    expect(minDistance(rotated, iris)).toMatchObject({ mismatches: 0, rotation: -5, distance: 0 });
    expect(minDistance(rotated, iris, 0).distance).toBeGreaterThan(0.3);
    expect(minDistance(rotated, iris, 4).rotation).not.toBe(-5);
  });

  it("counts mismatches and common bits exactly", () => {
    const a = { code: new Uint8Array(IRIS_CODE_BYTES), mask: new Uint8Array(IRIS_CODE_BYTES).fill(0xff) };
    const b = { code: new Uint8Array(IRIS_CODE_BYTES), mask: new Uint8Array(IRIS_CODE_BYTES).fill(0xff) };
    b.code[0] = 0b1010_0000;
    b.code[10] = 0xff;
    b.mask[10] = 0x0f;
    expect(distanceFraction(a, b)).toEqual({ mismatches: 2 + 4, common: 12_800 - 4 });
  });
});

/** The same text with one of the unused bits before the "==" padding set. */
function withPaddingBit(text: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const last = alphabet.indexOf(text.at(-3)!);
  return `${text.slice(0, -3)}${alphabet[last ^ 1]}==`;
}

describe("bad input", () => {
  const [code, mask] = lines("flipped_codes.txt");
  const cases: [string, unknown, string][] = [
    ["not an object", [], "x must be a JSON object"],
    ["a missing field", { iris_codes: code }, 'x is missing the field "mask_codes"'],
    ["an unknown field", { iris_codes: code, mask_codes: mask, extra: 1 }, 'x has an unknown field "extra"'],
    ["a number", { iris_codes: 5, mask_codes: mask }, "x.iris_codes must be a string"],
    [
      "a short code",
      { iris_codes: code!.slice(4), mask_codes: mask },
      "x.iris_codes must be base64 of 1600 bytes (2136 characters)",
    ],
    [
      "a bad character",
      { iris_codes: `!${code!.slice(1)}`, mask_codes: mask },
      "x.iris_codes must be base64 of 1600 bytes (2136 characters)",
    ],
    [
      "non-canonical padding",
      { iris_codes: withPaddingBit(code!), mask_codes: mask },
      "x.iris_codes is not canonical base64",
    ],
  ];
  for (const [what, value, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => irisCodeFromJson(value, "x")).toThrow(new InputError(message));
    });
  }

  it("refuses a rotation bound out of range", () => {
    const iris = irisCodeFromJson({ iris_codes: code, mask_codes: mask }, "iris");
    expect(() => minDistance(iris, iris, 100)).toThrow(new InputError("rotations must be an integer from 0 to 99"));
    expect(() => minDistance(iris, iris, -1)).toThrow(InputError);
  });
});
