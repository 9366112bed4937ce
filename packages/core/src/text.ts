/**
 * Text shown back to a person: a name or key from an untrusted file goes into a one-line
 * message or a report, so it is quoted with control, format (bidi) and line-breaking
 * characters escaped, and cut to a readable length.
 */

/**
 * Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters), line and
 * paragraph separators, surrogates and unassigned code points: characters that can hide or
 * reorder what a reader sees.
 */
export const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]/u;

/**
 * Whether `text` holds a character that can hide or reorder what a reader sees.
 * @param text the text
 * @returns true when it holds one of UNSAFE_CHARACTER
 */
export function hasUnsafeCharacter(text: string): boolean {
  return UNSAFE_CHARACTER.test(text);
}

/**
 * Quotes text for a one-line message: JSON-style double quotes, every unsafe character
 * written as \uXXXX (or JSON's short escapes), cut after `maxLength` characters with "…".
 * @param text the text
 * @param maxLength the most characters kept (64 by default)
 * @returns the quoted text
 * @example quoteText("a\u202eb") // '"a\\u202eb"'
 */
export function quoteText(text: string, maxLength = 64): string {
  const cut = [...text];
  const kept = cut.length > maxLength ? `${cut.slice(0, maxLength).join("")}…` : text;
  return JSON.stringify(kept).replace(
    new RegExp(UNSAFE_CHARACTER.source, "gu"),
    (character) => `\\u${character.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );
}
