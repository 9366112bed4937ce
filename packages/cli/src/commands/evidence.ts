import { readFile } from "node:fs/promises";
import { addressPhrase, checkAddressPhrase, phraseLanguage } from "@pop/evidence/addressPhrase";
import { checkAddressSign } from "@pop/evidence/addressSign";
import { checkSpokenSentence, type SentenceLanguage, sentenceKind } from "@pop/evidence/spokenSentence";
import { InputError } from "@pop/protocol/errors";
import { parseOptions } from "../args.js";
import type { CommandResult } from "../result.js";

/** Transcripts are text files of a few lines: refuse anything that is clearly not one. */
const MAX_TRANSCRIPT_BYTES = 64 * 1024;

/** `pop evidence address-check --expected <address> --shown <text>`: exit 0 when accepted, 1 when not. */
export async function evidenceAddressCheck(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    expected: { type: "string", required: true },
    shown: { type: "string", required: true },
  });
  const result = checkAddressSign(options.expected, options.shown);
  return { output: result, exitCode: result.ok ? 0 : 1 };
}

/** `pop evidence phrase --address <address> [--lang english|spanish]`: the 15-word address-bound phrase. */
export async function evidencePhrase(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { address: { type: "string", required: true }, lang: { type: "string" } });
  return { output: { words: addressPhrase(options.address, phraseLanguage(options.lang ?? "english")) } };
}

/** `pop evidence phrase-check --address <address> --announced "<words said>" [--lang …]`: exit 0 when accepted. */
export async function evidencePhraseCheck(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    address: { type: "string", required: true },
    announced: { type: "string", required: true },
    lang: { type: "string" },
  });
  const { ok } = checkAddressPhrase(options.address, options.announced, phraseLanguage(options.lang ?? "english"));
  return { output: { ok }, exitCode: ok ? 0 : 1 };
}

/** Reads a transcript file: UTF-8 text, at most 64 KiB. */
export async function readTranscript(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(`cannot read transcript ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  if (bytes.length > MAX_TRANSCRIPT_BYTES) {
    throw new InputError(`transcript ${path} is over ${MAX_TRANSCRIPT_BYTES} bytes`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`transcript ${path} is not UTF-8 text`);
  }
}

/**
 * `pop evidence sentence-check --sentence certification|renewal|revocation --transcript t.txt
 * [--lang english|spanish]`: exit 0 when the transcript says the sentence, 1 when not.
 */
export async function evidenceSentenceCheck(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    sentence: { type: "string", required: true },
    transcript: { type: "string", required: true },
    lang: { type: "string" },
  });
  const kind = sentenceKind(options.sentence);
  const language = options.lang === undefined ? undefined : (phraseLanguage(options.lang) as SentenceLanguage);
  const result = checkSpokenSentence(await readTranscript(options.transcript), kind, language);
  return { output: result, exitCode: result.ok ? 0 : 1 };
}
