import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import {
  CREDENTIAL_KINDS,
  checkKinds,
  kindsBitmap,
  kindsFromBitmap,
  packAttributes,
  parseKindList,
  unpackAttributes,
} from "./attributes.js";

const base = { issuerId: 5, kind: "kyc" as const, country: 756, issuedAt: 1_800_000_000, expiresAt: 1_831_536_000 };

describe("credential attributes", () => {
  it("packs into the documented bit layout", () => {
    const expected = 5n | (3n << 10n) | (756n << 14n) | (1_800_000_000n << 24n) | (1_831_536_000n << 64n);
    expect(packAttributes(base)).toBe(expected);
  });

  it("round-trips through unpack", () => {
    expect(unpackAttributes(packAttributes(base))).toEqual(base);
    const registry = { ...base, kind: "registry" as const, country: 0, issuerId: 1023 };
    expect(unpackAttributes(packAttributes(registry))).toEqual(registry);
  });

  it.each([
    [{ issuerId: 1024 }, "issuerId must be an integer from 0 to 1023"],
    [{ issuerId: -1 }, "issuerId must be an integer from 0 to 1023"],
    [{ country: 1000 }, "country must be an integer from 0 to 999"],
    [{ country: 1.5 }, "country must be an integer from 0 to 999"],
    [{ expiresAt: 2 ** 40 }, "expiresAt must be an integer from 0 to 1099511627775"],
    [{ expiresAt: base.issuedAt }, "expiresAt must be after issuedAt"],
    [{ kind: "passport" }, "kind must be one of registry, biometric, kyc"],
  ])("refuses %o", (change, message) => {
    expect(() => packAttributes({ ...base, ...change } as typeof base)).toThrow(new InputError(message));
  });

  it("refuses packed values with bits outside the layout or an unknown kind", () => {
    expect(() => unpackAttributes(packAttributes(base) | (1n << 104n))).toThrow(/outside the 104-bit layout/);
    const kindZero = packAttributes(base) & ~(0xfn << 10n);
    expect(() => unpackAttributes(kindZero)).toThrow(/kind code 0/);
  });
});

describe("kind lists", () => {
  it("reads a comma-separated list into the canonical order and the registry's bitmap", () => {
    expect(parseKindList("kyc,registry", "--kinds")).toEqual(["registry", "kyc"]);
    expect(kindsBitmap(["registry", "kyc"])).toBe(0b1010);
    expect(kindsBitmap(CREDENTIAL_KINDS)).toBe(0b1110);
    expect(kindsFromBitmap(0b0100)).toEqual(["biometric"]);
    expect(kindsFromBitmap(0b1110)).toEqual([...CREDENTIAL_KINDS]);
  });

  it.each([
    ["passport", '--kinds takes a comma-separated list of registry, biometric, kyc (not "passport")'],
    ["", '--kinds takes a comma-separated list of registry, biometric, kyc (not "")'],
    ["kyc,", '--kinds takes a comma-separated list of registry, biometric, kyc (not "")'],
    ["kyc,kyc", "--kinds lists kyc twice"],
  ])("refuses the list %j", (text, message) => {
    expect(() => parseKindList(text, "--kinds")).toThrow(new InputError(message));
  });

  it("refuses an empty kind set, a repeated kind and a bitmap with unknown bits", () => {
    expect(() => checkKinds([], "kinds")).toThrow(new InputError("kinds must name at least one credential kind"));
    expect(() => checkKinds(["kyc", "kyc"], "kinds")).toThrow(new InputError("kinds lists kyc twice"));
    expect(() => kindsFromBitmap(0)).toThrow(new InputError("kinds bitmap 0 is not a set of known credential kinds"));
    expect(() => kindsFromBitmap(0b10001)).toThrow(
      new InputError("kinds bitmap 17 is not a set of known credential kinds"),
    );
  });
});
