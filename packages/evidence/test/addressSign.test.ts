import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { checkAddressSign } from "../src/addressSign.js";

// An address with its EIP-55 checksum; its lower-case 40 digits, edited the way the policy's
// examples edit "abcd".
const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";
const digits = ADDRESS.slice(2).toLowerCase();
const at = 10; // the position the edits are made at ("abcd": a = 9, b = 10, c = 11, d = 12)

describe("the address on the sign (policy v2 3.D, v1 4)", () => {
  const cases: [string, string, string, boolean][] = [
    ["the same address", `0x${digits}`, "exact", true],
    ['an omitted character ("abcd" → "abd")', `0x${digits.slice(0, at + 1)}${digits.slice(at + 2)}`, "omitted", true],
    [
      'a mistaken character ("abcd" → "ab9d")',
      `0x${digits.slice(0, at + 1)}${digits[at + 1] === "9" ? "8" : "9"}${digits.slice(at + 2)}`,
      "mistaken",
      true,
    ],
    [
      'swapped adjacent characters ("abcd" → "acbd")',
      `0x${digits.slice(0, at)}${digits[at + 1]}${digits[at]}${digits.slice(at + 2)}`,
      "swapped",
      true,
    ],
    [
      'characters swapped that are not adjacent ("abcd" → "adcb")',
      `0x${digits.slice(0, at)}${digits[at + 2]}${digits[at + 1]}${digits[at]}${digits.slice(at + 3)}`,
      "none",
      false,
    ],
    [
      'an additional character ("abcd" → "abc0d")',
      `0x${digits.slice(0, at + 2)}0${digits.slice(at + 2)}`,
      "additional",
      true,
    ],
    ["an omitted first character", `0x${digits.slice(1)}`, "omitted", true],
    ["an additional last character", `0x${digits}a`, "additional", true],
    ["a mistaken last character", `0x${digits.slice(0, 39)}${digits[39] === "0" ? "1" : "0"}`, "mistaken", true],
    ["two omitted characters", `0x${digits.slice(0, 10)}${digits.slice(12)}`, "none", false],
    [
      "two mistaken characters far apart",
      `0x${digits[0] === "f" ? "e" : "f"}${digits.slice(1, 39)}${digits[39] === "0" ? "1" : "0"}`,
      "none",
      false,
    ],
    ["an omitted and an additional character", `0x${digits.slice(1)}0`, "none", false],
    ["an ellipsis", `0x${digits.slice(0, 6)}…${digits.slice(-4)}`, "none", false],
    ["an ENS name", "alice.eth", "none", false],
    ["nothing", "", "none", false],
    // Hand-written signs: case and spacing do not count, nor does writing the address without 0x.
    [
      "upper case with spaces and a line break",
      `0X ${digits.slice(0, 20).toUpperCase()}\n${digits.slice(20)}`,
      "exact",
      true,
    ],
    ["no 0x", digits, "exact", true],
    ['"Ox" for "0x"', `Ox${digits}`, "mistaken", true],
    ["no 0x and one omitted character", digits.slice(0, 39), "omitted", true],
  ];
  for (const [what, shown, edit, ok] of cases) {
    it(`${what}: ${edit}`, () => {
      expect(checkAddressSign(ADDRESS, shown)).toEqual({ ok, edit });
    });
  }

  it("refuses an expected address that is not one, or whose checksum is wrong", () => {
    expect(() => checkAddressSign("0x1234", "0x1234")).toThrow(
      new InputError("0x1234 is not an address (0x and 40 hex digits)"),
    );
    const badChecksum = ADDRESS.replace("E", "e");
    expect(() => checkAddressSign(badChecksum, badChecksum)).toThrow(
      new InputError(`${badChecksum} has a wrong EIP-55 checksum (mixed case that does not match)`),
    );
    expect(checkAddressSign(ADDRESS.toLowerCase(), ADDRESS)).toEqual({ ok: true, edit: "exact" });
  });
});
