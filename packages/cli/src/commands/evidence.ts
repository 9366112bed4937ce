import { readFile } from "node:fs/promises";
import { InputError } from "@pop/core/errors";
import { parseIsoTime } from "@pop/core/time";
import { addressPhrase, checkAddressPhrase, phraseLanguage } from "@pop/evidence/addressPhrase";
import { checkAddressSign } from "@pop/evidence/addressSign";
import { parsePrompts } from "@pop/evidence/challenge";
import { evidenceReport, reportText } from "@pop/evidence/evidenceReport";
import { checkPhoto } from "@pop/evidence/photo";
import {
  checkRenewalBlock,
  checkSignedRenewalBlock,
  DEFAULT_TOLERANCE_S,
  DEFAULT_WINDOW,
  parseWindow,
} from "@pop/evidence/renewalBlock";
import { checkSpokenSentence, sentenceKind } from "@pop/evidence/spokenSentence";
import { createPublicClient, http } from "viem";
import { parseIntegerOption, parseOptions } from "../args.js";
import { rpcUrl } from "../chain.js";
import { writeJsonFile } from "../io.js";
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
  const language = options.lang === undefined ? undefined : phraseLanguage(options.lang);
  const result = checkSpokenSentence(await readTranscript(options.transcript), kind, language);
  return { output: result, exitCode: result.ok ? 0 : 1 };
}

/**
 * `pop evidence renewal-check --rpc URL --submitted <ISO time> [--window 30d]` and either
 * `--shown-hash <hex prefix> --shown-time <ISO time> [--tolerance 60]` (the sign shows a block
 * hash and its time) or `--block-hash 0x… --signature 0x… --submitter 0x… [--shown-hash <hex>]`
 * (the submitter signed the block hash; the sign may show the signature's hash). Exit 0 when
 * the block checks out and the submission came within the window after it, 1 when not.
 */
export async function evidenceRenewalCheck(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    rpc: { type: "string" },
    "shown-hash": { type: "string" },
    "shown-time": { type: "string" },
    submitted: { type: "string", required: true },
    window: { type: "string" },
    tolerance: { type: "string" },
    "block-hash": { type: "string" },
    signature: { type: "string" },
    submitter: { type: "string" },
  });
  const client = createPublicClient({ transport: http(rpcUrl(options.rpc), { retryCount: 0 }) });
  const submitted = parseIsoTime(options.submitted, "--submitted");
  const window = parseWindow(options.window ?? DEFAULT_WINDOW);
  const signed = [options["block-hash"], options.signature, options.submitter];
  let result: Awaited<ReturnType<typeof checkRenewalBlock>>;
  if (signed.some((value) => value !== undefined)) {
    if (signed.some((value) => value === undefined) || options["shown-time"] !== undefined) {
      throw new InputError("the signed variant takes --block-hash, --signature and --submitter (and no --shown-time)");
    }
    result = await checkSignedRenewalBlock({
      client,
      blockHash: options["block-hash"]!,
      signature: options.signature!,
      submitter: options.submitter!,
      submitted,
      window,
      ...(options["shown-hash"] === undefined ? {} : { shownHash: options["shown-hash"] }),
    });
  } else {
    if (options["shown-hash"] === undefined || options["shown-time"] === undefined) {
      throw new InputError(
        "pass --shown-hash and --shown-time (or the signed variant's --block-hash, --signature, --submitter)",
      );
    }
    result = await checkRenewalBlock({
      client,
      shownHash: options["shown-hash"],
      shownTime: parseIsoTime(options["shown-time"], "--shown-time"),
      submitted,
      window,
      tolerance:
        options.tolerance === undefined
          ? DEFAULT_TOLERANCE_S
          : parseIntegerOption(options.tolerance, "tolerance", 0, 86_400),
    });
  }
  return { output: result, exitCode: result.ok ? 0 : 1 };
}

/**
 * `pop evidence check --address A [--photo p.jpg] [--video v.mp4] [--shown TEXT] [--transcript t.txt]
 * [--sentence …] [--lang …] [--prompts …] [--transcribe] [--human]`: one report over every rule, each with
 * the policy section it enforces, pass / fail / warn and what was measured. Exit 0 when no
 * rule fails, 1 when one does.
 */
export async function evidenceCheck(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    address: { type: "string", required: true },
    photo: { type: "string" },
    video: { type: "string" },
    shown: { type: "string" },
    transcript: { type: "string" },
    sentence: { type: "string" },
    lang: { type: "string" },
    prompts: { type: "string" },
    transcribe: { type: "boolean" },
    human: { type: "boolean" },
  });
  if (options.photo === undefined && options.video === undefined) {
    throw new InputError("pass --photo, --video or both");
  }
  const report = await evidenceReport({
    address: options.address,
    ...(options.photo === undefined ? {} : { photo: options.photo }),
    ...(options.video === undefined ? {} : { video: options.video }),
    ...(options.shown === undefined ? {} : { shown: options.shown }),
    ...(options.transcript === undefined ? {} : { transcript: await readTranscript(options.transcript) }),
    ...(options.sentence === undefined ? {} : { sentence: sentenceKind(options.sentence) }),
    ...(options.lang === undefined ? {} : { language: phraseLanguage(options.lang) }),
    ...(options.prompts === undefined ? {} : { prompts: parsePrompts(options.prompts) }),
    ...(options.transcribe ? { transcribe: true } : {}),
  });
  return { output: report, ...(options.human ? { text: reportText(report) } : {}), exitCode: report.ok ? 0 : 1 };
}

/**
 * `pop evidence face-embedding --photo p.jpg --out e.json [--force]`: the photo's face embedding
 * (1,024 numbers) for `pop uniqueness package --face`. The file is biometric data: written
 * private to its owner (mode 0600), never printed. Exit 1 when the photo fails a rule.
 */
export async function evidenceFaceEmbedding(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    photo: { type: "string", required: true },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  });
  const photo = await checkPhoto(options.photo);
  const failed = photo.rules.filter((r) => r.status === "fail");
  if (photo.face === undefined || failed.length > 0) {
    return { output: { ok: false, failed: failed.map((r) => `${r.rule}: ${r.message}`) }, exitCode: 1 };
  }
  await writeJsonFile(
    options.out,
    { embedding: photo.face.embedding },
    { mode: 0o600, overwrite: options.force === true },
  );
  return { output: { ok: true, out: options.out, dimensions: photo.face.embedding.length } };
}
