/**
 * Words as people say and write them: compared case- and accent-insensitively (signs are
 * hand-written, transcripts come from curators or speech recognisers).
 */

/** A word folded for comparison: Unicode NFD, combining marks dropped, lower case. */
export function foldWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The folded words of a text: runs of letters and digits; punctuation and spacing separate them. */
export function wordsOf(text: string): string[] {
  return (foldWord(text).match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word !== "");
}
