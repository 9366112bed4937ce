import { hasUnsafeCharacter, quoteText } from "@pop/core/text";
import { describe, expect, it } from "vitest";

describe("quoteText", () => {
  it("quotes plain text as JSON does", () => {
    expect(quoteText("Test KYC")).toBe('"Test KYC"');
    expect(quoteText('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it("escapes control, bidi, zero-width and separator characters", () => {
    expect(quoteText("a\nb\u0000")).toBe('"a\\nb\\u0000"');
    expect(quoteText("pay\u202eevil")).toBe('"pay\\u202eevil"');
    expect(quoteText("a\u200bb\u2028c\u2066")).toBe('"a\\u200bb\\u2028c\\u2066"');
    expect(quoteText("\ud800")).toBe('"\\ud800"');
  });

  it("cuts long text after the limit, by code point", () => {
    expect(quoteText("x".repeat(70))).toBe(`"${"x".repeat(64)}…"`);
    expect(quoteText("😀".repeat(3), 2)).toBe('"😀😀…"');
  });
});

describe("hasUnsafeCharacter", () => {
  it("finds what can hide or reorder text, and passes letters of every script", () => {
    expect(["\u202e", "\u200f", "\u0007", "\u2029", "\ufeff", "\u{e0001}"].map(hasUnsafeCharacter)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["Zürich KYC", "東京", "مصر", "Ελλάδα 2", "a_b-c.d"].map(hasUnsafeCharacter)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
