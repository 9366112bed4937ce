import { closeSync, openSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { frontalFace, mediaDir, twoFaces } from "@pop/test-utils/media";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPhoto, sniffImage } from "../src/photo.js";
import type { RuleResult } from "../src/report.js";

const dir = mediaDir("photo");
const at = (name: string) => join(dir, name);
const statuses = (rules: RuleResult[]) => Object.fromEntries(rules.map((r) => [r.rule, r.status]));
const ruleOf = (rules: RuleResult[], name: string) => rules.find((r) => r.rule === name);

beforeAll(async () => {
  const face = frontalFace();
  await face.clone().jpeg().toFile(at("face.jpg"));
  await face.clone().jpeg().toFile(at("face.jpeg"));
  await face.clone().png().toFile(at("face.png"));
  await face.clone().webp().toFile(at("face.webp"));
  await face.clone().grayscale().jpeg().toFile(at("grey.jpg"));
  await face.clone().flop().jpeg().toFile(at("mirrored.jpg"));
  await face.clone().rotate(90).jpeg().toFile(at("rotated90.jpg"));
  await face.clone().rotate(30, { background: "#000000" }).jpeg().toFile(at("rotated30.jpg"));
  await frontalFace(256).jpeg().toFile(at("side256.jpg"));
  await sharp(await frontalFace(300).png().toBuffer())
    .resize(300, 255)
    .jpeg()
    .toFile(at("side255.jpg"));
  await (await twoFaces()).jpeg().toFile(at("two.jpg"));
  await sharp({ create: { width: 400, height: 400, channels: 3, background: "#3a7bd5" } })
    .jpeg()
    .toFile(at("noface.jpg"));
  await face.clone().png().toFile(at("png-named.jpg"));
  await face.clone().gif().toFile(at("face.gif"));
  await face.clone().jpeg().toFile(at("face.bmp"));
  const jpeg = await readFile(at("face.jpg"));
  await writeFile(at("truncated.jpg"), jpeg.subarray(0, jpeg.length >> 1));
  await writeFile(at("garbage.jpg"), Buffer.from("this is not an image at all, only text".repeat(20)));
  await writeFile(at("empty.jpg"), new Uint8Array(0));
  // Over 3 MB: noise does not compress.
  const noise = new Uint8Array(1100 * 1000 * 3);
  for (let i = 0; i < noise.length; i += 65_536) crypto.getRandomValues(noise.subarray(i, i + 65_536));
  await sharp(noise, { raw: { width: 1100, height: 1000, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toFile(at("big.png"));
  // Size edges: the same photo padded after its end marker (decoders ignore trailing bytes).
  const small = await readFile(at("face.jpg"));
  for (const [name, size] of [
    ["3000000.jpg", 3_000_000],
    ["3000001.jpg", 3_000_001],
    ["3145729.jpg", 3 * 1024 * 1024 + 1],
  ] as const) {
    const padded = new Uint8Array(size);
    padded.set(small);
    await writeFile(at(name), padded);
  }
  // A 3 GB sparse file: it must be refused by its size, never read.
  const fd = openSync(at("huge.jpg"), "w");
  writeFileSync(fd, Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
  closeSync(fd);
  await (await import("node:fs/promises")).truncate(at("huge.jpg"), 3 * 1024 ** 3);
});

describe("photo rules (policy v2 section 2)", () => {
  it("a frontal colour face passes every rule, as jpg, jpeg, png and webp", async () => {
    for (const name of ["face.jpg", "face.jpeg", "face.png", "face.webp"]) {
      const { rules, status, face } = await checkPhoto(at(name));
      expect(statuses(rules)).toEqual({
        "photo size": "pass",
        "photo format": "pass",
        "photo resolution": "pass",
        "photo in colour": "pass",
        "one face": "pass",
        "facing the camera": "pass",
        upright: "pass",
        "internal features visible": "pass",
      });
      expect(status).toBe("pass");
      expect(face?.embedding).toHaveLength(1024);
    }
  });

  it("a grey copy fails the colour rule only", async () => {
    const { rules } = await checkPhoto(at("grey.jpg"));
    expect(ruleOf(rules, "photo in colour")).toMatchObject({ status: "fail", measured: { meanChroma: 0 } });
    expect(rules.filter((r) => r.status !== "pass").map((r) => r.rule)).toEqual(["photo in colour"]);
  });

  it("a rotated copy fails: 30° is not upright, at 90° no face is found", async () => {
    const tilted = await checkPhoto(at("rotated30.jpg"));
    expect(ruleOf(tilted.rules, "upright")?.status).toBe("fail");
    expect(Math.abs(ruleOf(tilted.rules, "upright")!.measured.roll as number)).toBeGreaterThan(25);
    const sideways = await checkPhoto(at("rotated90.jpg"));
    expect(ruleOf(sideways.rules, "one face")).toMatchObject({ status: "fail", message: "no face found" });
  });

  it("a mirrored copy passes the photo rules (mirroring shows only against the video)", async () => {
    expect((await checkPhoto(at("mirrored.jpg"))).status).toBe("pass");
  });

  it("size edges: 256 px passes, 255 px fails; over 3 MB fails", async () => {
    expect(ruleOf((await checkPhoto(at("side256.jpg"))).rules, "photo resolution")).toMatchObject({
      status: "pass",
      measured: { width: 256, height: 256 },
    });
    expect(ruleOf((await checkPhoto(at("side255.jpg"))).rules, "photo resolution")).toMatchObject({
      status: "fail",
      measured: { width: 300, height: 255 },
    });
    const big = await checkPhoto(at("big.png"));
    expect(ruleOf(big.rules, "photo size")?.status).toBe("fail");
    expect(ruleOf(big.rules, "photo size")!.measured.bytes as number).toBeGreaterThan(3 * 1024 * 1024);
  });

  it("the 3 MB edge: 3,000,000 bytes passes, one more is a warning (under 3 MiB), over 3 MiB fails", async () => {
    const sizeOf = async (name: string) => ruleOf((await checkPhoto(at(name))).rules, "photo size");
    expect(await sizeOf("3000000.jpg")).toMatchObject({ status: "pass", measured: { bytes: 3_000_000 } });
    expect(await sizeOf("3000001.jpg")).toMatchObject({ status: "warn", measured: { bytes: 3_000_001 } });
    expect(await sizeOf("3145729.jpg")).toMatchObject({ status: "fail", measured: { bytes: 3_145_729 } });
    // The padding does not stop the rest of the check.
    expect((await checkPhoto(at("3000000.jpg"))).status).toBe("pass");
  });

  it("two people, or nobody, fail the one-face rule", async () => {
    expect(ruleOf((await checkPhoto(at("two.jpg"))).rules, "one face")).toMatchObject({
      status: "fail",
      measured: { faces: 2 },
      message: "2 faces found",
    });
    expect(ruleOf((await checkPhoto(at("noface.jpg"))).rules, "one face")?.status).toBe("fail");
  });

  it("formats are read from the content: a lying name, gif, an unknown extension", async () => {
    const cases: [string, string][] = [
      ["png-named.jpg", "the name says jpeg but the content is png"],
      ["face.gif", "the content is gif, not jpg, png or webp"],
      ["face.bmp", 'the name ends in ".bmp", not .jpg, .jpeg, .png or .webp'],
      ["garbage.jpg", "the content is not an image format we know, not jpg, png or webp"],
      ["empty.jpg", "the file is empty"],
    ];
    for (const [name, message] of cases) {
      const { rules, status } = await checkPhoto(at(name));
      expect(status).toBe("fail");
      expect(ruleOf(rules, "photo format")).toMatchObject({ status: "fail", message });
    }
  });

  it("corrupt input gives a failed rule, never a crash: truncated, missing, a 3 GB sparse file", async () => {
    const truncated = await checkPhoto(at("truncated.jpg"));
    expect(ruleOf(truncated.rules, "photo format")?.status).toBe("fail");
    expect(ruleOf(truncated.rules, "photo format")?.message).toMatch(/^the jpeg file does not decode: /);
    const missing = await checkPhoto(at("missing.jpg"));
    expect(missing.rules).toEqual([
      {
        rule: "photo file",
        policy: "v2 2",
        status: "fail",
        measured: {},
        message: `cannot read ${at("missing.jpg")}: ENOENT`,
      },
    ]);
    const before = process.memoryUsage().rss;
    const huge = await checkPhoto(at("huge.jpg"));
    expect(statuses(huge.rules)).toEqual({ "photo size": "fail", "photo format": "fail" });
    expect(ruleOf(huge.rules, "photo format")?.message).toBe("not decoded: far too large for a photo");
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it("knows the magic bytes of the formats it names", () => {
    const bytes = (...values: (number | string)[]) =>
      new Uint8Array(values.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])));
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("jpeg");
    expect(sniffImage(bytes(0x89, "PNG\r\n", 0x1a, "\n"))).toBe("png");
    expect(sniffImage(bytes("RIFF", 0, 0, 0, 0, "WEBPVP8 "))).toBe("webp");
    expect(sniffImage(bytes("RIFF", 0, 0, 0, 0, "AVI LIST"))).toBe("unknown");
    expect(sniffImage(bytes(0, 0, 0, 0x18, "ftypheic"))).toBe("heif");
    expect(sniffImage(bytes(0xff, 0xd8))).toBe("unknown");
  });
});
