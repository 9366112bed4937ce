import { InputError } from "@pop/core/errors";
import type { PhraseLanguage } from "./addressPhrase.js";
import { wordsOf } from "./words.js";

/**
 * The sentences a submitter says on video (policy v2 3.F, renewal 2, revocation B; policy v1
 * for the Spanish alternative), checked on a transcript with the policies' tolerance:
 * speaking before or after the sentence is fine; in English, "poor accents, mispronunciations,
 * and the switch or oversight of words" are not grounds for rejection; in Spanish, "casual
 * omission of words, or accents" are not, but mispronounced words are. A different sentence
 * is rejected.
 *
 * The transcript is aligned with the sentence word by word (case and accents ignored), with
 * words before and after the sentence free. Each tolerated slip costs one edit: in English a
 * missing word, an extra word, a different word, or two adjacent words switched; in Spanish
 * only a missing word. At most a quarter of the sentence's words may be slips (3 of the 12
 * words of the revocation sentence: the policy's own example has 2).
 */

export const SENTENCES = {
  certification: {
    english: "I certify that I am a real human and that I am not already registered in this registry",
    spanish: "Certifico que soy una persona humana real y que no estoy actualmente en este registro",
  },
  renewal: { english: "I certify I am a real human and I reapply to keep being part of this registry" },
  revocation: { english: "I want to revoke my own submission from the Proof of Humanity registry" },
} as const;

export type SentenceKind = keyof typeof SENTENCES;
export const SENTENCE_KINDS = Object.keys(SENTENCES) as SentenceKind[];
/** The sentences' languages are the address-bound phrase's. */
export type SentenceLanguage = PhraseLanguage;

/** The policy section each sentence is required by. */
export const SENTENCE_POLICY: Record<SentenceKind, string> = {
  certification: "v2 3.F",
  renewal: "v2 renewal 2",
  revocation: "v2 revocation B",
};

export type SentenceCheck = {
  ok: boolean;
  sentence: SentenceKind;
  language: SentenceLanguage;
  /** Slips counted in the best alignment (words left out are always possible, so it is finite). */
  edits: number;
  /** Slips tolerated for this sentence. */
  allowed: number;
  /** The transcript's words that were aligned with the sentence. */
  said: string;
};

type Costs = { missing: number; extra: number; different: number; switched: number };
const TOLERANT: Costs = { missing: 1, extra: 1, different: 1, switched: 1 };
const OMISSIONS_ONLY: Costs = { missing: 1, extra: Infinity, different: Infinity, switched: Infinity };

/** Checks a sentence kind given on the command line. */
export function sentenceKind(value: string): SentenceKind {
  if (!(SENTENCE_KINDS as string[]).includes(value)) {
    throw new InputError(`sentence must be one of ${SENTENCE_KINDS.join(", ")}, not ${value}`);
  }
  return value as SentenceKind;
}

/**
 * Checks that a transcript contains the sentence. Without a language, every language the
 * sentence has is tried (the Spanish certification is an alternative to the English one) and
 * the best answer is returned.
 */
export function checkSpokenSentence(
  transcript: string,
  sentence: SentenceKind,
  language?: SentenceLanguage,
): SentenceCheck {
  const texts: Partial<Record<SentenceLanguage, string>> = SENTENCES[sentence];
  const languages = language === undefined ? (Object.keys(texts) as SentenceLanguage[]) : [language];
  const said = wordsOf(transcript);
  let best: SentenceCheck | undefined;
  for (const lang of languages) {
    const text = texts[lang];
    if (text === undefined) {
      throw new InputError(`the ${sentence} sentence has no ${lang} form`);
    }
    const expected = wordsOf(text);
    const { edits, from, to } = align(expected, said, lang === "english" ? TOLERANT : OMISSIONS_ONLY);
    const allowed = Math.floor(expected.length / 4);
    const check: SentenceCheck = {
      ok: edits <= allowed,
      sentence,
      language: lang,
      edits,
      allowed,
      said: said.slice(from, to).join(" "),
    };
    if (best === undefined || (check.ok && !best.ok) || (check.ok === best.ok && edits < best.edits)) {
      best = check;
    }
  }
  return best!;
}

/**
 * Optimal string alignment of the sentence's words against any stretch of the transcript:
 * cost[i][j] is the least cost of matching the first i words with a stretch ending at word j.
 */
function align(expected: readonly string[], said: readonly string[], costs: Costs) {
  const n = expected.length;
  const m = said.length;
  const cost = Array.from({ length: n + 1 }, (_, i) => new Array<number>(m + 1).fill(i === 0 ? 0 : Infinity));
  const start = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let j = 0; j <= m; j++) start[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    cost[i]![0] = cost[i - 1]![0]! + costs.missing;
    for (let j = 1; j <= m; j++) {
      const options: [number, number][] = [
        [cost[i - 1]![j]! + costs.missing, start[i - 1]![j]!],
        [cost[i]![j - 1]! + costs.extra, start[i]![j - 1]!],
        [cost[i - 1]![j - 1]! + (expected[i - 1] === said[j - 1] ? 0 : costs.different), start[i - 1]![j - 1]!],
      ];
      if (i > 1 && j > 1 && expected[i - 1] === said[j - 2] && expected[i - 2] === said[j - 1]) {
        options.push([cost[i - 2]![j - 2]! + costs.switched, start[i - 2]![j - 2]!]);
      }
      const [value, from] = options.reduce((a, b) => (b[0] < a[0] ? b : a));
      cost[i]![j] = value;
      start[i]![j] = from;
    }
  }
  let to = 0;
  for (let j = 1; j <= m; j++) {
    if (cost[n]![j]! < cost[n]![to]!) to = j;
  }
  return { edits: cost[n]![to]!, from: start[n]![to]!, to };
}
