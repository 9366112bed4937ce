import { extname } from "node:path";
import { judgePrompts, type PoseSample, type Prompt, type PromptResult } from "./challenge.js";
import { ANALYSIS_SIZE, detectFaces, type FaceFinding, faceSimilarity } from "./faceModel.js";
import { probeVideo, readFrames, type VideoProbe } from "./ffmpeg.js";
import { faceRules } from "./photo.js";
import { grade, median, mediaSize, type RuleResult, round, rule, worst } from "./report.js";

/**
 * The video rules of policy v2 section 3 (v1 section 4): length, resolution, container, an
 * audio track, the submitter's face in the frames under the photo's rules, the same person as
 * the photo, liveness and anti-spoofing scores (the Hypersign KYC checks), and challenge–
 * response prompts. Frames are streamed from ffmpeg and analysed one at a time.
 */

export const VIDEO_MAX_SECONDS = 120;
export const VIDEO_MIN_SIDE = 352;
/** Share of analysed frames that must show exactly one face (warn from the second). */
export const FACE_FRAMES_PASS = 0.9;
export const FACE_FRAMES_WARN = 0.6;
/**
 * Same person: cosine similarity of the photo's embedding and the video's mean embedding.
 * Measured on the package's sample faces: the same face rescaled, grey, mirrored or partly
 * squeezed 0.81–0.94; two different people 0.54. Pass from 0.75, warn from 0.65.
 */
export const SAME_PERSON_PASS = 0.75;
export const SAME_PERSON_WARN = 0.65;
/** Mean liveness and anti-spoofing scores over the face frames (0..1): pass from 0.5, warn from 0.3. */
export const LIVE_PASS = 0.5;
export const LIVE_WARN = 0.3;
/** Frames analysed per second: 2, or 8 when there are prompts (a blink lasts 100–300 ms). */
const FPS = 2;
const PROMPT_FPS = 8;

/** Containers by name, and what ffprobe must call them. */
const CONTAINERS: Record<string, { names: string[]; label: string }> = {
  ".mp4": { names: ["mp4", "mov"], label: "mp4" },
  ".mov": { names: ["mov", "mp4"], label: "mov" },
  ".webm": { names: ["webm"], label: "webm" },
  ".avi": { names: ["avi"], label: "avi" },
};
const WEBM_VIDEO = ["vp8", "vp9", "av1"];
const WEBM_AUDIO = ["vorbis", "opus"];

export type VideoCheck = {
  rules: RuleResult[];
  status: RuleResult["status"];
  prompts: PromptResult[];
  /** The mean face embedding over the frames (absent when no frame had one face). */
  embedding?: number[];
  /** Frames analysed. */
  frames: number;
};

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

/** The container rule: the content must be one of the four, and the name must say which. */
function containerRule(probe: VideoProbe, extension: string): RuleResult {
  const names = probe.formatName.split(",");
  const expected = CONTAINERS[extension];
  const measured = { container: probe.formatName, extension, video: probe.videoCodec, audio: probe.audioCodecs };
  if (expected === undefined) {
    return rule(
      "video format",
      "v2 3.B",
      "fail",
      `the name ends in "${extension}", not .webm, .mp4, .avi or .mov`,
      measured,
    );
  }
  if (!expected.names.some((name) => names.includes(name))) {
    return rule(
      "video format",
      "v2 3.B",
      "fail",
      `the name says ${expected.label} but the content is ${probe.formatName}`,
      measured,
    );
  }
  if (
    expected.label === "webm" &&
    (!WEBM_VIDEO.includes(probe.videoCodec) || probe.audioCodecs.some((codec) => !WEBM_AUDIO.includes(codec)))
  ) {
    return rule(
      "video format",
      "v2 3.B",
      "fail",
      "Matroska with codecs webm does not allow: not a webm file",
      measured,
    );
  }
  return rule("video format", "v2 3.B", "pass", `${expected.label}`, measured);
}

/**
 * Checks a video file. Never throws on bad media: a bad file is a failed rule.
 * @param options.photo the photo's face, for the same-person rule
 * @param options.prompts challenge prompts to judge
 */
export async function checkVideo(
  path: string,
  options: { photo?: FaceFinding; prompts?: readonly Prompt[] } = {},
): Promise<VideoCheck> {
  const rules: RuleResult[] = [];
  const prompts = options.prompts ?? [];
  const done = (extra: Partial<VideoCheck> = {}): VideoCheck => ({
    rules,
    status: worst(rules.map((r) => r.status)),
    prompts: prompts.map((p) => ({ ...p, performed: false })),
    frames: 0,
    ...extra,
  });
  const bytes = await mediaSize(path, "video", "v2 3");
  if (typeof bytes !== "number") {
    rules.push(bytes);
    return done();
  }
  if (bytes === 0) {
    rules.push(rule("video format", "v2 3.B", "fail", "the file is empty", { bytes }));
    return done();
  }
  const probe = await probeVideo(path);
  if (typeof probe === "string") {
    rules.push(rule("video format", "v2 3.B", "fail", `not a video ffprobe can read: ${probe}`, { bytes }));
    return done();
  }
  rules.push(containerRule(probe, extname(path).toLowerCase()));
  rules.push(
    rule(
      "video duration",
      "v2 3.A",
      probe.duration <= VIDEO_MAX_SECONDS ? "pass" : "fail",
      Number.isNaN(probe.duration)
        ? "the duration is unknown"
        : probe.duration <= VIDEO_MAX_SECONDS
          ? "at most 2 minutes"
          : "over 2 minutes",
      { seconds: round(probe.duration) },
    ),
  );
  const side = Math.min(probe.width, probe.height);
  rules.push(
    rule(
      "video resolution",
      "v2 3.A",
      side >= VIDEO_MIN_SIDE ? "pass" : "fail",
      side >= VIDEO_MIN_SIDE ? "at least 352×352" : "smaller than 352×352",
      { width: probe.width, height: probe.height },
    ),
  );
  rules.push(
    rule(
      "audio track",
      "v2 3.J",
      probe.audioCodecs.length > 0 ? "pass" : "fail",
      probe.audioCodecs.length > 0 ? "has audio" : "no audio track: the spoken sentence cannot be heard",
      { audio: probe.audioCodecs },
    ),
  );

  // Frames, scaled so the longer side is 640 (even sizes, as ffmpeg's scaler wants).
  const turned = Math.abs(probe.rotation) % 180 === 90;
  const [shownWidth, shownHeight] = turned ? [probe.height, probe.width] : [probe.width, probe.height];
  const scale = Math.min(1, ANALYSIS_SIZE / Math.max(shownWidth, shownHeight, 1));
  const width = Math.max(2, Math.round((shownWidth * scale) / 2) * 2);
  const height = Math.max(2, Math.round((shownHeight * scale) / 2) * 2);
  const fps = prompts.length > 0 ? PROMPT_FPS : FPS;
  const samples: PoseSample[] = [];
  const faces: FaceFinding[] = [];
  let frames = 0;
  let oneFace = 0;
  try {
    for await (const frame of readFrames(path, { fps, width, height, maxSeconds: VIDEO_MAX_SECONDS + 5 })) {
      frames++;
      const found = await detectFaces(frame.pixels, frame.width, frame.height);
      if (found.length !== 1) continue;
      oneFace++;
      const face = found[0]!;
      faces.push(face);
      samples.push({ time: frame.time, eyeOpenness: (face.eyeOpenness[0] + face.eyeOpenness[1]) / 2, yaw: face.yaw });
    }
  } catch (error) {
    rules.push(rule("face in frames", "v2 3.C", "fail", `frames could not be read: ${(error as Error).message}`));
    return done({ frames });
  }
  if (frames === 0) {
    rules.push(rule("face in frames", "v2 3.C", "fail", "no frame could be decoded"));
    return done();
  }
  const share = oneFace / frames;
  rules.push(
    rule(
      "face in frames",
      "v2 3.C",
      grade(share, FACE_FRAMES_PASS, FACE_FRAMES_WARN),
      share >= FACE_FRAMES_PASS
        ? "one face in the frames"
        : "the face is missing from many frames, or there are several",
      { frames, withOneFace: oneFace },
    ),
  );
  if (faces.length === 0) {
    return done({ frames });
  }
  const typical: FaceFinding = {
    ...faces[0]!,
    yaw: median(faces.map((f) => f.yaw)),
    pitch: median(faces.map((f) => f.pitch)),
    roll: median(faces.map((f) => f.roll)),
    meshScore: median(faces.map((f) => f.meshScore)),
  };
  rules.push(...faceRules(typical, "v2 3.C: 2"));
  const embedding = meanEmbedding(faces.map((f) => f.embedding));
  if (options.photo !== undefined) {
    const similarity = faceSimilarity(options.photo.embedding, embedding);
    rules.push(
      rule(
        "same person as the photo",
        "v2 3.C",
        grade(similarity, SAME_PERSON_PASS, SAME_PERSON_WARN),
        similarity >= SAME_PERSON_PASS ? "the same person as the photo" : "the face may not be the photo's",
        { similarity: round(similarity) },
      ),
    );
  }
  const live = mean(faces.map((f) => f.live));
  const real = mean(faces.map((f) => f.real));
  rules.push(
    rule(
      "liveness",
      "Hypersign liveness",
      grade(live, LIVE_PASS, LIVE_WARN),
      live >= LIVE_PASS ? "live" : "the liveness score is low",
      {
        meanLive: round(live),
      },
    ),
    rule(
      "anti-spoofing",
      "Hypersign anti-spoofing",
      grade(real, LIVE_PASS, LIVE_WARN),
      real >= LIVE_PASS ? "a real face, not a picture of one" : "the face may be a picture or a screen",
      { meanReal: round(real) },
    ),
  );
  const judged = judgePrompts(samples, prompts);
  for (const prompt of judged) {
    rules.push(
      rule(
        `challenge: ${prompt.action} ${prompt.from}–${prompt.to} s`,
        "Hypersign liveness (challenge–response)",
        prompt.performed ? "pass" : "fail",
        prompt.performed ? `performed at ${prompt.at} s` : "not performed in its window",
      ),
    );
  }
  return { rules, status: worst(rules.map((r) => r.status)), prompts: judged, embedding, frames };
}

function meanEmbedding(embeddings: readonly number[][]): number[] {
  const length = embeddings[0]?.length ?? 0;
  const out = new Array<number>(length).fill(0);
  for (const embedding of embeddings) {
    for (let i = 0; i < length; i++) out[i]! += embedding[i] ?? 0;
  }
  return out.map((value) => value / Math.max(1, embeddings.length));
}
