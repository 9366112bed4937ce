import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "@pop/core/errors";
import { frontalFace, mediaDir, slideshow, speakingVideo } from "@pop/test-utils/media";
import { beforeAll, describe, expect, it } from "vitest";
import { addressPhrase } from "../src/addressPhrase.js";
import { evidenceReport, reportText } from "../src/evidenceReport.js";
import { SENTENCES } from "../src/spokenSentence.js";

const dir = mediaDir("report");
const at = (name: string) => join(dir, name);
const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";

beforeAll(async () => {
  await frontalFace().jpeg().toFile(at("photo.jpg"));
  await frontalFace(480).png().toFile(at("face.png"));
  await frontalFace(480).flop().png().toFile(at("mirrored.png"));
  slideshow(at("video.mp4"), [[at("face.png"), 2]]);
  slideshow(at("mirrored.mp4"), [[at("mirrored.png"), 2]]);
  speakingVideo(at("certifying.mp4"), at("face.png"), SENTENCES.certification.english);
  speakingVideo(at("chatting.mp4"), at("face.png"), "The weather is lovely today and I like green apples very much.");
  await writeFile(at("said.txt"), `${SENTENCES.certification.english}. ${addressPhrase(ADDRESS).join(" ")}.`);
}, 60_000);

describe("the evidence report", () => {
  it("a compliant submission: every rule passes, each names its policy section", async () => {
    const report = await evidenceReport({
      address: ADDRESS,
      photo: at("photo.jpg"),
      video: at("video.mp4"),
      shown: ADDRESS.toLowerCase(),
      transcript: `${SENTENCES.certification.english}. ${addressPhrase(ADDRESS).join(" ")}.`,
    });
    expect(report).toMatchObject({ type: "pop.evidenceReport", version: 1, ok: true, status: "pass" });
    expect(report.rules.filter((r) => r.status !== "pass")).toEqual([]);
    expect(report.rules.map((r) => `${r.part}: ${r.rule}`)).toEqual([
      "photo: photo size",
      "photo: photo format",
      "photo: photo resolution",
      "photo: photo in colour",
      "photo: one face",
      "photo: facing the camera",
      "photo: upright",
      "photo: internal features visible",
      "video: video format",
      "video: video duration",
      "video: video resolution",
      "video: audio track",
      "video: face in frames",
      "video: facing the camera",
      "video: upright",
      "video: internal features visible",
      "video: same person as the photo",
      "video: liveness",
      "video: anti-spoofing",
      "photo: not mirrored",
      "address: address on the sign",
      "speech: certification sentence",
      "speech: address-bound phrase",
    ]);
    expect(report.rules.every((r) => /^(v[12] |Hypersign)/.test(r.policy))).toBe(true);
  });

  it("a video that mirrors the photo is a warning; a wrong sign and a wrong sentence fail", async () => {
    const report = await evidenceReport({
      address: ADDRESS,
      photo: at("photo.jpg"),
      video: at("mirrored.mp4"),
      shown: "0x0000000000000000000000000000000000000000",
      transcript: SENTENCES.renewal.english,
    });
    const find = (rule: string) => report.rules.find((r) => r.rule === rule)!;
    expect(find("not mirrored").status).toBe("warn");
    expect(
      (find("not mirrored").measured.similarityMirrored as number) -
        (find("not mirrored").measured.similarity as number),
    ).toBeGreaterThan(0.03);
    expect(find("address on the sign")).toMatchObject({ status: "fail", measured: { edit: "none" } });
    expect(find("certification sentence").status).toBe("fail");
    expect(report.rules.some((r) => r.rule === "address-bound phrase")).toBe(false); // not said: not judged
    expect(report).toMatchObject({ ok: false, status: "fail" });
    const text = reportText(report);
    expect(text.split("\n")[0]).toBe("evidence: FAIL (a rule fails)");
    expect(text.split("\n")[1]).toMatch(
      /^FAIL {2}address address on the sign \(v2 3\.D\): the sign does not show the address \[edit=none\]$/,
    );
  });

  it("without a sign's text or a transcript, the video's address and sentence are left to a curator (warn)", async () => {
    const report = await evidenceReport({ address: ADDRESS, video: at("video.mp4") });
    expect(report.rules.filter((r) => r.status === "warn").map((r) => r.rule)).toEqual([
      "address on the sign",
      "spoken sentence",
    ]);
    expect(report).toMatchObject({ ok: true, status: "warn" });
  });

  it("a malformed address is bad input, not a report", async () => {
    await expect(evidenceReport({ address: "0x12", photo: at("photo.jpg") })).rejects.toThrow(InputError);
  });
});

describe("the machine transcript (pocketsphinx, restricted to the policies' sentences)", () => {
  const speech = async (video: string, sentence?: "certification" | "renewal") => {
    const report = await evidenceReport({
      address: ADDRESS,
      video: at(video),
      transcribe: true,
      ...(sentence ? { sentence } : {}),
    });
    return report.rules.find((r) => r.part === "speech")!;
  };

  it("confirms a sentence it hears, word for word", async () => {
    expect(await speech("certifying.mp4")).toMatchObject({
      rule: "certification sentence",
      status: "pass",
      measured: {
        heard: "i certify that i am a real human and that i am not already registered in this registry",
        source: "pocketsphinx",
      },
    });
  });

  it("never refuses: other speech, or another sentence than the one due, is a warning for a curator", async () => {
    expect(await speech("chatting.mp4")).toMatchObject({ status: "warn", measured: { heard: "" } });
    expect(await speech("certifying.mp4", "renewal")).toMatchObject({ rule: "renewal sentence", status: "warn" });
  });
});
