import { checkAddressPhrase, type PhraseLanguage } from "./addressPhrase.js";
import { checkAddressSign, hexDigits } from "./addressSign.js";
import type { Prompt } from "./challenge.js";
import { faceSimilarity } from "./faceModel.js";
import { checkPhoto } from "./photo.js";
import { type RuleResult, round, rule, worst } from "./report.js";
import { checkSpokenSentence, SENTENCE_POLICY, type SentenceKind } from "./spokenSentence.js";
import { transcribeSentence } from "./transcribe.js";
import { checkVideo } from "./video.js";

/**
 * The full evidence report of a submission: the photo, the video, the address on the sign, the
 * spoken sentence and, when it was said, the address-bound phrase. What the curator UI and the
 * submitter's pre-flight check show.
 */

export type ReportedRule = RuleResult & { part: "photo" | "video" | "address" | "speech" };

export type EvidenceReport = {
  type: "pop.evidenceReport";
  version: 1;
  /** False when any rule fails (warnings do not fail a submission; a curator looks at them). */
  ok: boolean;
  status: RuleResult["status"];
  rules: ReportedRule[];
};

/** A mirrored photo (or video) is closer to the other once flipped; this margin makes it a warning. */
export const MIRROR_MARGIN = 0.03;

export type EvidenceInput = {
  photo?: string;
  video?: string;
  /** The submitter's address. */
  address: string;
  /** The text on the sign in the video, as read by a curator or OCR. */
  shown?: string;
  /** What was said in the video. */
  transcript?: string;
  sentence?: SentenceKind;
  language?: PhraseLanguage;
  prompts?: readonly Prompt[];
  /** Without a transcript, have pocketsphinx listen for the sentence (it can confirm it, never refuse it). */
  transcribe?: boolean;
};

function partRule(
  part: ReportedRule["part"],
  name: string,
  policy: string,
  status: RuleResult["status"],
  message: string,
  measured: Record<string, unknown> = {},
): ReportedRule {
  return { ...rule(name, policy, status, message, measured), part };
}

/** Builds the report. Bad media are failed rules; only a malformed address throws (InputError). */
export async function evidenceReport(input: EvidenceInput): Promise<EvidenceReport> {
  hexDigits(input.address); // a bad address is bad input, not a failed rule
  const rules: ReportedRule[] = [];
  const photo = input.photo === undefined ? undefined : await checkPhoto(input.photo);
  if (photo !== undefined) rules.push(...photo.rules.map((r) => ({ ...r, part: "photo" as const })));
  if (input.video !== undefined) {
    const video = await checkVideo(input.video, {
      ...(photo?.face === undefined ? {} : { photo: photo.face }),
      ...(input.prompts === undefined ? {} : { prompts: input.prompts }),
    });
    rules.push(...video.rules.map((r) => ({ ...r, part: "video" as const })));
    if (photo?.face !== undefined && photo.mirroredEmbedding !== undefined && video.embedding !== undefined) {
      const direct = faceSimilarity(photo.face.embedding, video.embedding);
      const flipped = faceSimilarity(photo.mirroredEmbedding, video.embedding);
      const mirrored = flipped - direct > MIRROR_MARGIN;
      rules.push(
        partRule(
          "photo",
          "not mirrored",
          "v2 2.H",
          mirrored ? "warn" : "pass",
          mirrored
            ? "the photo and the video look like mirror images of each other: check which is mirrored"
            : "photo and video agree",
          { similarity: round(direct), similarityMirrored: round(flipped) },
        ),
      );
    }
  }
  if (input.shown !== undefined) {
    const sign = checkAddressSign(input.address, input.shown);
    rules.push(
      partRule(
        "address",
        "address on the sign",
        "v2 3.D",
        sign.ok ? "pass" : "fail",
        sign.ok ? `accepted (${sign.edit})` : "the sign does not show the address",
        {
          edit: sign.edit,
        },
      ),
    );
  } else if (input.video !== undefined) {
    rules.push(
      partRule(
        "address",
        "address on the sign",
        "v2 3.D",
        "warn",
        "not read: pass the text on the sign (--shown) or check it by eye",
      ),
    );
  }
  if (input.transcript !== undefined) {
    const sentence = checkSpokenSentence(input.transcript, input.sentence ?? "certification", input.language);
    rules.push(
      partRule(
        "speech",
        `${sentence.sentence} sentence`,
        SENTENCE_POLICY[sentence.sentence],
        sentence.ok ? "pass" : "fail",
        sentence.ok ? `said (${sentence.language})` : "the sentence was not said",
        { language: sentence.language, edits: sentence.edits, allowed: sentence.allowed },
      ),
    );
    const phrase = checkAddressPhrase(input.address, input.transcript, input.language ?? "english");
    if (phrase.kept >= 8) {
      // The verbal confirmation (policy v1) is optional: judged only when its words were said.
      rules.push(
        partRule(
          "speech",
          "address-bound phrase",
          "v1 4 (verbal confirmation)",
          "pass",
          "the address-bound phrase was said",
          { kept: phrase.kept },
        ),
      );
    }
  } else if (input.video !== undefined && input.transcribe) {
    const heard = await transcribeSentence(input.video);
    const kind = input.sentence ?? "certification";
    const sentence = checkSpokenSentence(heard, kind, "english");
    rules.push(
      partRule(
        "speech",
        `${kind} sentence`,
        SENTENCE_POLICY[kind],
        sentence.ok ? "pass" : "warn",
        sentence.ok
          ? "heard by the machine transcript (pocketsphinx)"
          : "the machine transcript did not hear the sentence: listen for it (a machine transcript cannot refuse)",
        { heard, source: "pocketsphinx" },
      ),
    );
  } else if (input.video !== undefined) {
    rules.push(
      partRule(
        "speech",
        "spoken sentence",
        SENTENCE_POLICY.certification,
        "warn",
        "no transcript: listen for the sentence (pass --transcript)",
      ),
    );
  }
  const status = worst(rules.map((r) => r.status));
  return { type: "pop.evidenceReport", version: 1, ok: status !== "fail", status, rules };
}

/** The report as text for people: one line per rule, failures first. */
export function reportText(report: EvidenceReport): string {
  const order = { fail: 0, warn: 1, pass: 2 };
  const lines = [...report.rules]
    .sort((a, b) => order[a.status] - order[b.status])
    .map((r) => {
      const measured = Object.entries(r.measured)
        .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join("/") : String(value)}`)
        .join(", ");
      return `${r.status.toUpperCase().padEnd(4)}  ${r.part.padEnd(7)} ${r.rule} (${r.policy}): ${r.message}${measured === "" ? "" : ` [${measured}]`}`;
    });
  return `${[`evidence: ${report.status.toUpperCase()}${report.ok ? "" : " (a rule fails)"}`, ...lines].join("\n")}\n`;
}
