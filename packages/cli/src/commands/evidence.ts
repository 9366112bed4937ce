import { InputError } from "@pop/core/errors";
import { readTextFile } from "@pop/core/files";
import { parseIsoTime } from "@pop/core/time";
import { checkWritable } from "@pop/core/writeFiles";
import { parsePrompts } from "@pop/evidence/challenge";
import { checkSpokenSentence, sentenceKind } from "@pop/evidence/spokenSentence";
import { parseIntegerOption } from "../args.js";
import { defineCommand } from "../command.js";
import { writeJsonFile } from "../io.js";

// The media, address and chain modules load viem, sharp and the face model: each command
// imports the ones it uses when it runs, so a refused option or transcript answers at once.
const addressSign = () => import("@pop/evidence/addressSign");
const addressPhrase = () => import("@pop/evidence/addressPhrase");

/** Transcripts are text files of a few lines: refuse anything that is clearly not one. */
const MAX_TRANSCRIPT_BYTES = 64 * 1024;

const LANG = "[--lang english|spanish]";

export const evidenceAddressCheck = defineCommand({
  name: "evidence address-check",
  usage: `pop evidence address-check --expected <address> --shown <text on the sign>
  Whether the sign shows the address (one swapped or mistyped character is accepted).`,
  options: {
    expected: { type: "string", required: true },
    shown: { type: "string", required: true },
  },
  async run(options) {
    const { checkAddressSign } = await addressSign();
    const result = checkAddressSign(options.expected, options.shown);
    return { output: result, exitCode: result.ok ? 0 : 1, summary: "the sign does not show the address" };
  },
});

export const evidencePhrase = defineCommand({
  name: "evidence phrase",
  usage: `pop evidence phrase --address <address> ${LANG}
  The 15-word phrase bound to the address, for the video.`,
  options: { address: { type: "string", required: true }, lang: { type: "string" } },
  async run(options) {
    const { addressPhrase: phrase, phraseLanguage } = await addressPhrase();
    return { output: { words: phrase(options.address, phraseLanguage(options.lang ?? "english")) } };
  },
});

export const evidencePhraseCheck = defineCommand({
  name: "evidence phrase-check",
  usage: `pop evidence phrase-check --address <address> --announced "<words said>" ${LANG}
  Whether the words said are the address's phrase (enough of it, in order).`,
  options: {
    address: { type: "string", required: true },
    announced: { type: "string", required: true },
    lang: { type: "string" },
  },
  async run(options) {
    const { checkAddressPhrase, phraseLanguage } = await addressPhrase();
    const { ok } = checkAddressPhrase(options.address, options.announced, phraseLanguage(options.lang ?? "english"));
    return { output: { ok }, exitCode: ok ? 0 : 1, summary: "the words said are not the address's phrase" };
  },
});

/**
 * Reads a transcript file: a regular file (a FIFO or a device is refused at once, before
 * reading), at most 64 KiB, UTF-8 text.
 * @param path the file
 * @returns its text
 * @throws InputError naming the file
 */
export async function readTranscript(path: string): Promise<string> {
  try {
    return await readTextFile(path, { what: "transcript", maxBytes: MAX_TRANSCRIPT_BYTES });
  } catch (error) {
    const { reason, code } = error instanceof InputError ? error.details : {};
    if (reason === "missing") {
      throw new InputError(`cannot read transcript ${path}: ${String(code)}`, { cause: error });
    }
    throw error;
  }
}

export const evidenceSentenceCheck = defineCommand({
  name: "evidence sentence-check",
  usage: `pop evidence sentence-check --sentence certification|renewal|revocation --transcript t.txt
                              ${LANG}
  Whether the transcript says the policy's sentence.`,
  options: {
    sentence: { type: "string", required: true },
    transcript: { type: "string", required: true },
    lang: { type: "string" },
  },
  async run(options) {
    const kind = sentenceKind(options.sentence);
    const language = options.lang === undefined ? undefined : (await addressPhrase()).phraseLanguage(options.lang);
    const result = checkSpokenSentence(await readTranscript(options.transcript), kind, language);
    return { output: result, exitCode: result.ok ? 0 : 1, summary: `the transcript does not say the ${kind} sentence` };
  },
});

export const evidenceRenewalCheck = defineCommand({
  name: "evidence renewal-check",
  usage: `pop evidence renewal-check --rpc URL --submitted <ISO> [--window 30d]
      --shown-hash <hex prefix> --shown-time <ISO> [--tolerance 60]          (block on the sign)
    | --block-hash 0x… --signature 0x… --submitter 0x… [--shown-hash <hex>]   (signed block hash)
  Whether the block on the sign (or the signed block hash) checks out and the submission came
  within the window after it.`,
  options: {
    rpc: { type: "string" },
    "shown-hash": { type: "string" },
    "shown-time": { type: "string" },
    submitted: { type: "string", required: true },
    window: { type: "string" },
    tolerance: { type: "string" },
    "block-hash": { type: "string" },
    signature: { type: "string" },
    submitter: { type: "string" },
  },
  async run(options) {
    const { checkRenewalBlock, checkSignedRenewalBlock, DEFAULT_TOLERANCE_S, DEFAULT_WINDOW, parseWindow } =
      await import("@pop/evidence/renewalBlock");
    const { publicClientFor } = await import("@pop/contracts/connect");
    const { rpcUrl } = await import("../chain.js");
    const submitted = parseIsoTime(options.submitted, "--submitted");
    const window = parseWindow(options.window ?? DEFAULT_WINDOW);
    const signed = [options["block-hash"], options.signature, options.submitter];
    const summary = "the renewal block does not check out";
    if (signed.some((value) => value !== undefined)) {
      if (signed.some((value) => value === undefined) || options["shown-time"] !== undefined) {
        throw new InputError(
          "the signed variant takes --block-hash, --signature and --submitter (and no --shown-time)",
        );
      }
      const result = await checkSignedRenewalBlock({
        client: publicClientFor(rpcUrl(options.rpc)),
        blockHash: options["block-hash"]!,
        signature: options.signature!,
        submitter: options.submitter!,
        submitted,
        window,
        ...(options["shown-hash"] === undefined ? {} : { shownHash: options["shown-hash"] }),
      });
      return { output: result, exitCode: result.ok ? 0 : 1, summary };
    }
    if (options["shown-hash"] === undefined || options["shown-time"] === undefined) {
      throw new InputError(
        "pass --shown-hash and --shown-time (or the signed variant's --block-hash, --signature, --submitter)",
      );
    }
    const shownTime = parseIsoTime(options["shown-time"], "--shown-time");
    const tolerance =
      options.tolerance === undefined
        ? DEFAULT_TOLERANCE_S
        : parseIntegerOption(options.tolerance, "tolerance", 0, 86_400);
    const result = await checkRenewalBlock({
      client: publicClientFor(rpcUrl(options.rpc)),
      shownHash: options["shown-hash"],
      shownTime,
      submitted,
      window,
      tolerance,
    });
    return { output: result, exitCode: result.ok ? 0 : 1, summary };
  },
});

export const evidenceCheck = defineCommand({
  name: "evidence check",
  usage: `pop evidence check --address <address> [--photo p.jpg] [--video v.mp4] [--shown <text on the sign>]
                     [--transcript t.txt] [--sentence certification|renewal|revocation]
                     ${LANG} [--prompts blink@1-3,turn-left@4-6] [--transcribe] [--human]
  One report over every rule, each with the policy section it enforces, pass / fail / warn and
  what was measured (--human: as text). Exit 0 when no rule fails, 1 when one does.`,
  options: {
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
  },
  async run(options) {
    if (options.photo === undefined && options.video === undefined) {
      throw new InputError("pass --photo, --video or both");
    }
    const { phraseLanguage } = await addressPhrase();
    const { evidenceReport, reportText } = await import("@pop/evidence/evidenceReport");
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
    const failed = report.rules.filter((rule) => rule.status === "fail").map((rule) => rule.rule);
    return {
      output: report,
      ...(options.human ? { text: reportText(report) } : {}),
      exitCode: report.ok ? 0 : 1,
      summary: `evidence refused: ${failed.join(", ")}`,
    };
  },
});

export const evidenceFaceEmbedding = defineCommand({
  name: "evidence face-embedding",
  usage: `pop evidence face-embedding --photo p.jpg --out embedding.json [--force]
  The photo's face embedding (1,024 numbers) for pop uniqueness package --face: biometric data,
  written 0600 and never printed. Exit 1 when the photo fails a rule.`,
  options: {
    photo: { type: "string", required: true },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    // A bad --out is refused before the face model spends seconds on the photo.
    await checkWritable([options.out], { overwrite: options.force });
    const { checkPhoto } = await import("@pop/evidence/photo");
    const photo = await checkPhoto(options.photo);
    const failed = photo.rules.filter((r) => r.status === "fail");
    if (photo.face === undefined || failed.length > 0) {
      return {
        output: { ok: false, failed: failed.map((r) => `${r.rule}: ${r.message}`) },
        exitCode: 1,
        summary: `the photo fails ${failed.map((r) => r.rule).join(", ") || "a rule"}`,
      };
    }
    await writeJsonFile(options.out, { embedding: photo.face.embedding }, { mode: 0o600, overwrite: options.force });
    return { output: { ok: true, out: options.out, dimensions: photo.face.embedding.length } };
  },
});
