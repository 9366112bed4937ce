import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MissingToolError, runTool } from "./ffmpeg.js";
import { SENTENCES } from "./spokenSentence.js";
import { wordsOf } from "./words.js";

/**
 * A machine transcript of the sentence said in a video, with Debian's pocketsphinx (offline,
 * the en-us model). Free speech recognition is weak here, so the recogniser may only choose
 * among the policies' English sentences (a JSGF grammar of their exact words): it either hears
 * one of them or nothing. Measured on espeak-ng speech: each sentence is heard exactly at
 * 120–165 words a minute; unrelated speech, and the policy's own loose revocation example,
 * give nothing. So a machine transcript can confirm a sentence, never refuse one: when it
 * hears nothing, a curator listens.
 */

const MODEL = "/usr/share/pocketsphinx/model/en-us";

/** The grammar: exactly one of the English sentences. */
export function sentenceGrammar(): string {
  const rules = Object.entries(SENTENCES).map(([kind, texts]) => `<${kind}> = ${wordsOf(texts.english).join(" ")} ;`);
  return [
    "#JSGF V1.0;",
    "grammar pop;",
    `public <said> = ${Object.keys(SENTENCES)
      .map((kind) => `<${kind}>`)
      .join(" | ")} ;`,
    ...rules,
    "",
  ].join("\n");
}

/**
 * Transcribes a video's (or audio file's) speech against the sentence grammar. Returns the
 * words heard ("" when none of the sentences was heard).
 * @throws MissingToolError when ffmpeg or pocketsphinx is not installed
 */
export async function transcribeSentence(path: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pop-transcribe-"));
  try {
    const wav = join(dir, "speech.wav");
    const extract = await runTool(
      "ffmpeg",
      ["-v", "error", "-nostdin", "-y", "-t", "125", "-i", path, "-vn", "-ac", "1", "-ar", "16000", wav],
      { timeoutMs: 60_000, maxStdout: 1024 },
    );
    if (extract.code !== 0) {
      return "";
    }
    const grammar = join(dir, "sentences.gram");
    await writeFile(grammar, sentenceGrammar());
    const run = await runTool(
      "pocketsphinx_continuous",
      [
        "-infile",
        wav,
        "-jsgf",
        grammar,
        "-dict",
        `${MODEL}/cmudict-en-us.dict`,
        "-hmm",
        `${MODEL}/en-us`,
        "-logfn",
        "/dev/null",
      ],
      { timeoutMs: 120_000, maxStdout: 64 * 1024 },
    );
    if (run.code !== 0) {
      throw new MissingToolError(
        `pocketsphinx failed: ${run.stderr.split("\n")[0] ?? ""} (Debian: apt-get install -y pocketsphinx pocketsphinx-en-us)`,
      );
    }
    return run.stdout.toString("utf8").split("\n").join(" ").replace(/\s+/g, " ").trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
