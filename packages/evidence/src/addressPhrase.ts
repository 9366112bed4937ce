import { InputError } from "@pop/core/errors";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as spanish } from "@scure/bip39/wordlists/spanish.js";
import { hexDigits } from "./addressSign.js";
import { foldWord, wordsOf } from "./words.js";

/**
 * The address-bound phrase (policy v1, verbal confirmation): the submitter's address read as a
 * 160-bit big-endian integer, written in base 2048 with exactly 15 digits (most significant
 * first, leading zeros kept), each digit a word of the BIP-39 list of the submitter's language.
 */

export const PHRASE_LANGUAGES = ["english", "spanish"] as const;
export type PhraseLanguage = (typeof PHRASE_LANGUAGES)[number];

/** Words of the phrase. */
export const PHRASE_WORDS = 15;
/** Words that may be left out of each phrase (the address-bound one and the announced one). */
export const MAY_OMIT = 7;

const WORDLISTS: Record<PhraseLanguage, readonly string[]> = { english, spanish };

/** Checks a --lang value. */
export function phraseLanguage(value: string): PhraseLanguage {
  if (!(PHRASE_LANGUAGES as readonly string[]).includes(value)) {
    throw new InputError(`language must be one of ${PHRASE_LANGUAGES.join(", ")}, not ${value}`);
  }
  return value as PhraseLanguage;
}

/** The 15 words of an address's phrase. */
export function addressPhrase(address: string, language: PhraseLanguage = "english"): string[] {
  const list = WORDLISTS[language];
  let value = BigInt(`0x${hexDigits(address)}`);
  const words: string[] = [];
  for (let i = 0; i < PHRASE_WORDS; i++) {
    words.unshift(list[Number(value & 2047n)]!);
    value >>= 11n;
  }
  return words;
}

export type PhraseCheck = {
  ok: boolean;
  /** Words the two phrases have in common, in order (the longest such sequence). */
  kept: number;
  /** Words left out of the address-bound phrase and of the announced one to make them equal. */
  omittedFromAddressPhrase: number;
  omittedFromAnnounced: number;
};

/**
 * The policy's rule: up to seven words may be omitted from the address-bound phrase and,
 * separately, up to seven from the announced phrase (each keeping its order); the two must
 * then be identical. That holds exactly when their longest common subsequence leaves at most
 * seven words of each. Words compare case- and accent-insensitively.
 * @param announced the words the submitter said, in order, as written down
 */
export function checkAddressPhrase(
  address: string,
  announced: string,
  language: PhraseLanguage = "english",
): PhraseCheck {
  const expected = addressPhrase(address, language).map(foldWord);
  const said = wordsOf(announced);
  const kept = longestCommonSubsequence(expected, said);
  const omittedFromAddressPhrase = expected.length - kept;
  const omittedFromAnnounced = said.length - kept;
  return {
    ok: omittedFromAddressPhrase <= MAY_OMIT && omittedFromAnnounced <= MAY_OMIT,
    kept,
    omittedFromAddressPhrase,
    omittedFromAnnounced,
  };
}

function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const row = [0];
    for (let j = 0; j < b.length; j++) {
      row.push(word === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, row[j]!));
    }
    previous = row;
  }
  return previous[b.length]!;
}
