/**
 * Test media, made by the tests from the sample faces that ship with @vladmandic/human: faces,
 * two faces, closed eyes, slideshow videos and speaking videos (ffmpeg and espeak-ng).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join } from "node:path";
import { EvidenceError } from "@pop/core/errors";
import sharp, { type Sharp } from "sharp";

const require = createRequire(import.meta.url);

/** Runs a media tool; a failure (tool missing, bad arguments) is an EvidenceError. */
function run(tool: string, args: string[]): void {
  try {
    execFileSync(tool, args);
  } catch (cause) {
    throw new EvidenceError(`${tool} failed making test media`, { cause, details: { tool } });
  }
}

/** The folder of @vladmandic/human's sample images. */
export const ASSETS = join(dirname(dirname(require.resolve("@vladmandic/human"))), "assets");

/**
 * A fresh temporary folder for a test's media.
 * @param name a word naming the test, part of the folder's name
 * @returns the folder's path (the caller removes it)
 */
export function mediaDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `pop-evidence-${name}-`));
}

/**
 * A frontal face (from the package's face-id screenshot).
 * @param size the square's side in pixels (default 320)
 * @returns the image, to encode with sharp
 */
export function frontalFace(size = 320): Sharp {
  return sharp(join(ASSETS, "screenshot-faceid.jpg"))
    .extract({ left: 13, top: 141, width: 140, height: 140 })
    .resize(size, size);
}

/**
 * Another person, facing the camera (from the package's samples sheet).
 * @param size the square's side in pixels (default 320)
 * @returns the image, to encode with sharp
 */
export function otherFace(size = 320): Sharp {
  return sharp(join(ASSETS, "samples.jpg"))
    .extract({ left: 320, top: 0, width: 220, height: 180 })
    .resize(size, size, { fit: "cover" });
}

/**
 * Two people side by side.
 * @returns a 700 × 360 image of the frontal face and the other face
 */
export async function twoFaces(): Promise<Sharp> {
  return sharp({ create: { width: 700, height: 360, channels: 3, background: "#888888" } }).composite([
    { input: await frontalFace().png().toBuffer(), left: 10, top: 20 },
    { input: await otherFace().png().toBuffer(), left: 370, top: 20 },
  ]);
}

/**
 * The frontal face with its eyes painted shut (skin-coloured lids with a dark lash line).
 * @param size the square's side in pixels (default 480)
 * @returns the image, to encode with sharp
 */
export async function closedEyes(size = 480): Promise<Sharp> {
  const k = size / 320;
  const lash = await sharp({
    create: { width: Math.round(44 * k), height: Math.max(2, Math.round(3 * k)), channels: 3, background: "#3a2a25" },
  })
    .png()
    .toBuffer();
  const lid = await sharp({
    create: { width: Math.round(56 * k), height: Math.round(28 * k), channels: 3, background: "#c49a86" },
  })
    .composite([{ input: lash, left: Math.round(6 * k), top: Math.round(14 * k) }])
    .png()
    .toBuffer();
  return sharp(await frontalFace(size).png().toBuffer()).composite([
    { input: lid, left: Math.round(87 * k), top: Math.round(98 * k) },
    { input: lid, left: Math.round(177 * k), top: Math.round(98 * k) },
  ]);
}

/**
 * Runs ffmpeg quietly (the tests' media maker).
 * @param args ffmpeg's arguments after `-v error -y -nostdin`
 * @throws EvidenceError when ffmpeg fails
 */
export function ffmpeg(args: string[]): void {
  run("ffmpeg", ["-v", "error", "-y", "-nostdin", ...args]);
}

/**
 * A video of still images shown one after another (`[image, seconds][]`) at 25 frames a
 * second, with a tone unless `silent`. Frames are written as a numbered sequence (the concat
 * demuxer drops short stills).
 * @param out the video file to write
 * @param slides each image file and how many seconds it shows
 * @param options.silent no audio track; options.codec ffmpeg's codec arguments (default H.264
 *   and AAC); options.size the square frame's side (default 480)
 * @throws EvidenceError when ffmpeg fails
 */
export function slideshow(
  out: string,
  slides: [string, number][],
  options: { silent?: boolean; codec?: string[]; size?: number } = {},
): void {
  const frames = mkdtempSync(join(tmpdir(), "pop-frames-"));
  let index = 0;
  for (const [file, seconds] of slides) {
    for (let i = 0; i < Math.round(seconds * 25); i++) {
      copyFileSync(file, join(frames, `f${String(index++).padStart(5, "0")}${extname(file)}`));
    }
  }
  const extension = extname(slides[0]![0]);
  const size = options.size ?? 480;
  ffmpeg([
    "-framerate",
    "25",
    "-i",
    join(frames, `f%05d${extension}`),
    ...(options.silent ? [] : ["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100"]),
    "-t",
    String(index / 25),
    "-vf",
    `scale=${size}:${size},format=yuv420p`,
    ...(options.codec ?? ["-c:v", "libx264", "-c:a", "aac"]),
    out,
  ]);
  rmSync(frames, { recursive: true });
}

/**
 * A video of a face image saying `text` (espeak-ng's en-us voice), as long as the speech.
 * @param out the video file to write (its `.wav` sibling holds the speech)
 * @param face the still image shown
 * @param text what the voice says
 * @throws EvidenceError when espeak-ng or ffmpeg fails
 */
export function speakingVideo(out: string, face: string, text: string): void {
  const wav = `${out}.wav`;
  run("espeak-ng", ["-v", "en-us", "-s", "150", "-w", wav, text]);
  ffmpeg([
    "-loop",
    "1",
    "-framerate",
    "25",
    "-i",
    face,
    "-i",
    wav,
    "-shortest",
    "-vf",
    "scale=480:480,format=yuv420p",
    "-c:v",
    "libx264",
    "-c:a",
    "aac",
    out,
  ]);
}
