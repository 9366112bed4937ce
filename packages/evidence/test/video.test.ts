import { closeSync, openSync, writeFileSync } from "node:fs";
import { readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { closedEyes, ffmpeg, frontalFace, mediaDir, otherFace, slideshow } from "@pop/test-utils/media";
import { beforeAll, describe, expect, it } from "vitest";
import type { FaceFinding } from "../src/faceModel.js";
import { checkPhoto } from "../src/photo.js";
import type { RuleResult } from "../src/report.js";
import { checkVideo } from "../src/video.js";

const dir = mediaDir("video");
const at = (name: string) => join(dir, name);
const statuses = (rules: RuleResult[]) => Object.fromEntries(rules.map((r) => [r.rule, r.status]));
const ruleOf = (rules: RuleResult[], name: string) => rules.find((r) => r.rule === name);
let photo: FaceFinding;

beforeAll(async () => {
  await frontalFace(480).png().toFile(at("open.png"));
  await (await closedEyes(480)).png().toFile(at("closed.png"));
  await otherFace(480).png().toFile(at("other.png"));
  await frontalFace().jpeg().toFile(at("photo.jpg"));
  photo = (await checkPhoto(at("photo.jpg"))).face!;
  slideshow(at("face.mp4"), [[at("open.png"), 3]]);
  slideshow(at("face.mov"), [[at("open.png"), 3]]);
  slideshow(at("face.webm"), [[at("open.png"), 3]], {
    codec: ["-c:v", "libvpx-vp9", "-b:v", "300k", "-c:a", "libopus"],
  });
  slideshow(at("face.avi"), [[at("open.png"), 3]], { codec: ["-c:v", "mpeg4", "-q:v", "5", "-c:a", "pcm_s16le"] });
  slideshow(at("silent.mp4"), [[at("open.png"), 3]], { silent: true });
  slideshow(at("other.mp4"), [[at("other.png"), 3]]);
  slideshow(at("blink.mp4"), [
    [at("open.png"), 1.5],
    [at("closed.png"), 0.25],
    [at("open.png"), 2.25],
  ]);
  slideshow(at("small.mp4"), [[at("open.png"), 2]], { size: 320 });
  slideshow(at("matroska.webm"), [[at("open.png"), 2]], {
    codec: ["-c:v", "libx264", "-c:a", "aac", "-f", "matroska"],
  });
  ffmpeg([
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=640x480:rate=25",
    "-f",
    "lavfi",
    "-i",
    "sine",
    "-t",
    "3",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    at("testsrc.mp4"),
  ]);
  ffmpeg([
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=352x352:rate=1",
    "-f",
    "lavfi",
    "-i",
    "sine",
    "-t",
    "121",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    at("long.mp4"),
  ]);
  await writeFile(at("webm-named.mp4"), await readFile(at("face.webm")));
  const mp4 = await readFile(at("face.mp4"));
  await writeFile(at("truncated.mp4"), mp4.subarray(0, mp4.length >> 1));
  await writeFile(at("garbage.mp4"), Buffer.from("not a video, only text. ".repeat(100)));
  await writeFile(at("empty.mp4"), new Uint8Array(0));
  const fd = openSync(at("huge.mp4"), "w");
  writeFileSync(fd, Buffer.from("....ftypisom"));
  closeSync(fd);
  await truncate(at("huge.mp4"), 3 * 1024 ** 3);
}, 120_000);

describe("video rules (policy v2 section 3)", () => {
  it("a face video passes every rule in mp4, mov, webm and avi, and is the photo's person", async () => {
    for (const name of ["face.mp4", "face.mov", "face.webm", "face.avi"]) {
      const result = await checkVideo(at(name), { photo });
      expect(statuses(result.rules)).toEqual({
        "video format": "pass",
        "video duration": "pass",
        "video resolution": "pass",
        "audio track": "pass",
        "face in frames": "pass",
        "facing the camera": "pass",
        upright: "pass",
        "internal features visible": "pass",
        "same person as the photo": "pass",
        liveness: "pass",
        "anti-spoofing": "pass",
      });
      expect(result.frames).toBe(6); // 3 s at 2 frames a second
      expect(result.embedding).toHaveLength(1024);
    }
  });

  it("no audio, too small, too long, nobody on screen, someone else: each fails its rule", async () => {
    expect(ruleOf((await checkVideo(at("silent.mp4"))).rules, "audio track")?.status).toBe("fail");
    expect(ruleOf((await checkVideo(at("small.mp4"))).rules, "video resolution")).toMatchObject({
      status: "fail",
      measured: { width: 320, height: 320 },
    });
    const long = await checkVideo(at("long.mp4"));
    expect(ruleOf(long.rules, "video duration")).toMatchObject({ status: "fail", measured: { seconds: 121 } });
    const testsrc = await checkVideo(at("testsrc.mp4"));
    expect(ruleOf(testsrc.rules, "face in frames")).toMatchObject({
      status: "fail",
      measured: { frames: 6, withOneFace: 0 },
    });
    const other = await checkVideo(at("other.mp4"), { photo });
    expect(ruleOf(other.rules, "same person as the photo")?.status).toBe("fail");
    expect(ruleOf(other.rules, "same person as the photo")!.measured.similarity as number).toBeLessThan(0.65);
  });

  it("challenge–response: the blink is found in its window and not in another", async () => {
    const result = await checkVideo(at("blink.mp4"), {
      prompts: [
        { action: "blink", from: 1, to: 2.5 },
        { action: "blink", from: 2.5, to: 4 },
        { action: "turn-left", from: 0, to: 4 },
      ],
    });
    expect(result.prompts.map((p) => p.performed)).toEqual([true, false, false]);
    expect(result.prompts[0]!.at).toBeGreaterThanOrEqual(1.5);
    expect(result.prompts[0]!.at).toBeLessThan(1.8);
    expect(ruleOf(result.rules, "challenge: blink 1–2.5 s")).toMatchObject({ status: "pass" });
    expect(ruleOf(result.rules, "challenge: blink 2.5–4 s")).toMatchObject({
      status: "fail",
      message: "not performed in its window",
    });
    // A still video performs nothing.
    const still = await checkVideo(at("face.mp4"), { prompts: [{ action: "blink", from: 0, to: 3 }] });
    expect(still.prompts[0]!.performed).toBe(false);
  });

  it("containers are read from the content: a webm named .mp4, Matroska named .webm", async () => {
    expect(ruleOf((await checkVideo(at("webm-named.mp4"))).rules, "video format")).toMatchObject({
      status: "fail",
      message: "the name says mp4 but the content is matroska,webm",
    });
    expect(ruleOf((await checkVideo(at("matroska.webm"))).rules, "video format")).toMatchObject({
      status: "fail",
      message: "Matroska with codecs webm does not allow: not a webm file",
    });
  });

  it("corrupt input is a failed rule, never a crash: truncated, garbage, empty, a 3 GB sparse file, missing", async () => {
    for (const name of ["truncated.mp4", "garbage.mp4", "huge.mp4"]) {
      const { rules, status } = await checkVideo(at(name));
      expect(status).toBe("fail");
      expect(rules).toHaveLength(1);
      expect(rules[0]!.rule).toBe("video format");
      expect(rules[0]!.message).toMatch(/^not a video ffprobe can read: /);
    }
    expect((await checkVideo(at("empty.mp4"))).rules).toEqual([
      { rule: "video format", policy: "v2 3.B", status: "fail", measured: { bytes: 0 }, message: "the file is empty" },
    ]);
    expect((await checkVideo(at("missing.mp4"))).rules[0]).toMatchObject({
      rule: "video file",
      status: "fail",
      message: `cannot read ${at("missing.mp4")}: ENOENT`,
    });
  });
});
