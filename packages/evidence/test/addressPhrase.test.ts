import { InputError } from "@pop/core/errors";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as spanish } from "@scure/bip39/wordlists/spanish.js";
import { describe, expect, it } from "vitest";
import { addressPhrase, checkAddressPhrase, phraseLanguage } from "../src/addressPhrase.js";

const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";

/** The phrase by another route: the 160 bits as binary text, padded to 165, cut in 11s. */
function phraseByBits(address: string, list: readonly string[]): string[] {
  const bits = BigInt(address).toString(2).padStart(165, "0");
  return Array.from({ length: 15 }, (_, i) => list[Number.parseInt(bits.slice(11 * i, 11 * i + 11), 2)]!);
}

describe("the address-bound phrase (policy v1, verbal confirmation)", () => {
  it("is the address in base 2048, 15 digits, most significant first, as BIP-39 words", () => {
    expect(addressPhrase(ADDRESS)).toEqual(phraseByBits(ADDRESS, english));
    expect(addressPhrase(ADDRESS, "spanish")).toEqual(phraseByBits(ADDRESS, spanish));
    expect(addressPhrase(ADDRESS)).toHaveLength(15);
  });

  it("keeps leading zeros, and the top digit holds the 6 bits left over (160 = 14 × 11 + 6)", () => {
    expect(addressPhrase(`0x${"0".repeat(40)}`)).toEqual(Array(15).fill("abandon"));
    expect(addressPhrase(`0x${"0".repeat(37)}802`)).toEqual([...Array(13).fill("abandon"), "ability", "able"]);
    const top = addressPhrase(`0x${"f".repeat(40)}`);
    expect(top[0]).toBe(english[63]);
    expect(top.slice(1)).toEqual(Array(14).fill(english[2047]));
  });

  it("refuses a language it has no list for", () => {
    expect(() => phraseLanguage("klingon")).toThrow(
      new InputError("language must be one of english, spanish, not klingon"),
    );
  });
});

describe("checking the announced phrase", () => {
  const words = addressPhrase(ADDRESS);
  const say = (list: string[]) => list.join(" ");
  const strangers = ["zoo", "zone", "zero", "youth", "young", "yellow", "year", "wrong", "write"].filter(
    (word) => !words.includes(word),
  );

  const cases: [string, string, boolean][] = [
    ["the whole phrase", say(words), true],
    ["seven words left out", say(words.slice(7)), true],
    ["eight words left out", say(words.slice(8)), false],
    ["seven words left out of the middle", say([...words.slice(0, 4), ...words.slice(11)]), true],
    ["seven words added", say([...strangers.slice(0, 7), ...words]), true],
    ["eight words added", say([...strangers.slice(0, 8), ...words]), false],
    ["seven words said wrong (seven out of each phrase)", say([...strangers.slice(0, 7), ...words.slice(7)]), true],
    ["eight words said wrong", say([...strangers.slice(0, 8), ...words.slice(8)]), false],
    ["the phrase backwards", say([...words].reverse()), false],
    ["nothing", "", false],
    ["upper case and punctuation", `${say(words).toUpperCase()}.`, true],
  ];
  for (const [what, announced, ok] of cases) {
    it(`${what}: ${ok ? "accepted" : "refused"}`, () => {
      expect(checkAddressPhrase(ADDRESS, announced).ok).toBe(ok);
    });
  }

  it("reports how many words were left out of each side", () => {
    expect(checkAddressPhrase(ADDRESS, say([...strangers.slice(0, 2), ...words.slice(3)]))).toEqual({
      ok: true,
      kept: 12,
      omittedFromAddressPhrase: 3,
      omittedFromAnnounced: 2,
    });
  });

  it("compares Spanish words without their accents, and only against the Spanish list", () => {
    const spanishWords = addressPhrase(ADDRESS, "spanish");
    const plain = spanishWords.map((word) => word.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase());
    expect(spanishWords.some((word, i) => word !== plain[i]!.toLowerCase())).toBe(true); // some had accents
    expect(checkAddressPhrase(ADDRESS, plain.join(" "), "spanish").ok).toBe(true);
    expect(checkAddressPhrase(ADDRESS, say(words), "spanish").ok).toBe(false);
  });
});
