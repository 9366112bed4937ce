import { describe, expect, it } from "vitest";
import { SNARK_SCALAR_FIELD } from "./field.js";
import { hashToField, textToField } from "./hashToField.js";

describe("hashToField", () => {
  it("is keccak256 >> 8 (empty input: the well-known keccak256 of nothing)", () => {
    // keccak256("") = c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
    expect(hashToField(new Uint8Array())).toBe(0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a4n);
    expect(textToField("")).toBe(hashToField(new Uint8Array()));
  });

  it("hashes UTF-8 text and always lands below the field modulus", () => {
    // keccak256("abc") = 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45
    expect(textToField("abc")).toBe(0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6cn);
    expect(textToField("é")).toBe(hashToField(new Uint8Array([0xc3, 0xa9])));
    for (const text of ["", "a", "vote-2026", "x".repeat(1000)]) {
      expect(textToField(text) < 2n ** 248n && textToField(text) < SNARK_SCALAR_FIELD).toBe(true);
    }
  });
});
