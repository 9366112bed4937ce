/**
 * Evidence checks: the full check of a 20-second 720p video and of a photo, against a naive
 * baseline in the same run that runs the face models on every frame (25 a second) instead of
 * sampling 2 a second.
 *
 *   npm run bench:evidence
 *
 * Prints a table, then one JSON line: {"bench":"evidence","video_s":…,"photo_ms":…,…}.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectFaces, faceModel } from "@pop/evidence/faceModel";
import { readFrames } from "@pop/evidence/ffmpeg";
import { checkPhoto } from "@pop/evidence/photo";
import { checkVideo } from "@pop/evidence/video";
import { frontalFace } from "@pop/test-utils/media";

const log = (message: string) => process.stderr.write(`${message}\n`);
const dir = mkdtempSync(join(tmpdir(), "pop-bench-evidence-"));
const photoPath = join(dir, "photo.jpg");
const videoPath = join(dir, "video.mp4");
await frontalFace(720).jpeg({ quality: 92 }).toFile(photoPath);
await frontalFace(720).png().toFile(join(dir, "face.png"));
// 20 s of 1280×720 at 30 frames a second, H.264 and AAC: the face slowly zooming, so frames differ.
execFileSync("ffmpeg", [
  "-v",
  "error",
  "-y",
  "-nostdin",
  "-loop",
  "1",
  "-i",
  join(dir, "face.png"),
  "-f",
  "lavfi",
  "-i",
  "sine=frequency=220:sample_rate=44100",
  "-t",
  "20",
  "-vf",
  "zoompan=z='1+0.0005*on':d=1:s=720x720:fps=30,pad=1280:720:280:0,format=yuv420p",
  "-c:v",
  "libx264",
  "-preset",
  "veryfast",
  "-c:a",
  "aac",
  videoPath,
]);

await faceModel(); // load the models once, outside the timings (about half a second)
const photoStart = performance.now();
const photo = await checkPhoto(photoPath);
const photoMs = performance.now() - photoStart;
const videoStart = performance.now();
const video = await checkVideo(videoPath, { photo: photo.face! });
const videoS = (performance.now() - videoStart) / 1000;
if (photo.status !== "pass" || video.status !== "pass") {
  throw new Error(`the bench media should pass: photo ${photo.status}, video ${video.status}`);
}

// Baseline: every frame through the face models.
const baselineStart = performance.now();
let baselineFrames = 0;
for await (const frame of readFrames(videoPath, { fps: 30, width: 640, height: 360, maxSeconds: 125 })) {
  await detectFaces(frame.pixels, frame.width, frame.height);
  baselineFrames++;
}
const baselineS = (performance.now() - baselineStart) / 1000;

log(`photo check            ${photoMs.toFixed(0)} ms (${photo.rules.length} rules)`);
log(`video check (20 s 720p) ${videoS.toFixed(2)} s (${video.frames} frames analysed, ${video.rules.length} rules)`);
log(`baseline, every frame   ${baselineS.toFixed(2)} s (${baselineFrames} frames)`);
log(`speedup                 ${(baselineS / videoS).toFixed(1)}×`);
console.log(
  JSON.stringify({
    bench: "evidence",
    video_s: Number(videoS.toFixed(2)),
    photo_ms: Math.round(photoMs),
    video_frames: video.frames,
    baseline_every_frame_s: Number(baselineS.toFixed(2)),
    speedup: Number((baselineS / videoS).toFixed(1)),
  }),
);
process.exit(0);
