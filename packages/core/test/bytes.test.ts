import { bytesToBase64, hexToBytes, parseBase64 } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).shortMessage;
  }
  throw new Error("accepted");
}

describe("parseBase64", () => {
  it("reads canonical padded base64 of any length", () => {
    for (const length of [1, 2, 3, 4, 31, 32, 33]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);
      expect(parseBase64(bytesToBase64(bytes), "key")).toEqual(bytes);
    }
    expect(parseBase64(bytesToBase64(new Uint8Array(32)), "key", 32)).toEqual(new Uint8Array(32));
  });

  it.each([
    ["AAAAA", "identity.privateKey must be base64"],
    ["AAA", "identity.privateKey must be base64"],
    ["AA=A", "identity.privateKey must be base64"],
    ["AAAA AAAA", "identity.privateKey must be base64"],
    ["AA-_", "identity.privateKey must be base64"],
    ["", "identity.privateKey must be base64"],
    ["AB==", "identity.privateKey is not canonical base64"],
    ["AAB=", "identity.privateKey is not canonical base64"],
    ["AAAA", "identity.privateKey must be 32 bytes in base64"],
  ])("refuses %j: %s", (text, message) => {
    expect(refusal(() => parseBase64(text, "identity.privateKey", 32))).toBe(message);
  });

  it("refuses a value that is not a string", () => {
    expect(refusal(() => parseBase64(42, "k"))).toBe("k must be base64");
  });
});

describe("hexToBytes", () => {
  it("reads hex with or without 0x and checks the length", () => {
    expect(hexToBytes("0x0aff", "h")).toEqual(Uint8Array.from([10, 255]));
    expect(refusal(() => hexToBytes("0x0g", "h"))).toBe("h must be hex");
    expect(refusal(() => hexToBytes("0a", "h", 2))).toBe("h must be 2 bytes");
  });
});
