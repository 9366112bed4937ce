import { open } from "node:fs/promises";
import { extname } from "node:path";
import sharp, { type Sharp } from "sharp";
import { analysisPixels, detectFaces, type FaceFinding } from "./faceModel.js";
import { grade, mediaSize, type RuleResult, round, rule, worst } from "./report.js";

/**
 * The photo rules of policy v2 section 2 (and v1 section 2): size, format by content,
 * resolution, colour, exactly one face, facing the camera, upright, internal features visible.
 * Mirroring cannot be seen on a face alone; the full check compares the photo with the video.
 */

/** "Under 3 megabytes": 3,000,000 bytes passes; up to 3 MiB (3,145,728) is a warning. */
export const PHOTO_MAX_BYTES = 3_000_000;
export const PHOTO_MAX_BYTES_BINARY = 3 * 1024 * 1024;
/** A file this large is not decoded at all (no photo rule can pass, and decoding costs memory). */
const DECODE_LIMIT_BYTES = 32 * 1024 * 1024;
export const PHOTO_MIN_SIDE = 256;
/** Mean chroma (max − min of R, G, B, 0..255) below which a photo is grey; below the second, nearly. */
export const COLOUR_FAIL = 3;
export const COLOUR_WARN = 8;
/** Head pose: facing the camera within 25° (warn to 35°); upright within 15° of roll (warn to 25°). */
export const FACING_PASS = 25;
export const FACING_WARN = 35;
export const UPRIGHT_PASS = 15;
export const UPRIGHT_WARN = 25;
/** Mesh confidence: all internal features fitted at 0.8 or more (warn from 0.5). */
export const FEATURES_PASS = 0.8;
export const FEATURES_WARN = 0.5;

export type ImageFormat = "jpeg" | "png" | "webp" | "gif" | "tiff" | "bmp" | "heif" | "unknown";

const EXTENSIONS: Record<string, ImageFormat> = { ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp" };

/** An image's format from its first bytes, whatever its name says. */
export function sniffImage(head: Uint8Array): ImageFormat {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (text(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (text(0, 4) === "RIFF" && text(8, 12) === "WEBP") return "webp";
  if (text(0, 4) === "GIF8") return "gif";
  if (text(0, 4) === "II*\0" || text(0, 4) === "MM\0*") return "tiff";
  if (text(0, 2) === "BM") return "bmp";
  if (text(4, 8) === "ftyp" && /^(heic|heix|mif1|avif)$/.test(text(8, 12))) return "heif";
  return "unknown";
}

export type PhotoCheck = {
  rules: RuleResult[];
  status: RuleResult["status"];
  face?: FaceFinding;
  /** The embedding of the photo's face mirrored (to tell whether photo and video are mirror images). */
  mirroredEmbedding?: number[];
};

/** The photo's first `bytes` bytes, or the error code that stopped reading them. */
async function readPhoto(path: string, bytes: number): Promise<Uint8Array | string> {
  try {
    const handle = await open(path, "r");
    try {
      const data = new Uint8Array(bytes);
      await handle.read(data, 0, bytes, 0);
      return data;
    } finally {
      await handle.close();
    }
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? "error";
  }
}

/** Checks a photo file against the policy. Never throws on bad media: a bad file is a failed rule. */
export async function checkPhoto(path: string): Promise<PhotoCheck> {
  const rules: RuleResult[] = [];
  const done = (face?: FaceFinding): PhotoCheck => ({
    rules,
    status: worst(rules.map((r) => r.status)),
    ...(face === undefined ? {} : { face }),
  });
  const bytes = await mediaSize(path, "photo", "v2 2");
  if (typeof bytes !== "number") {
    rules.push(bytes);
    return done();
  }
  rules.push(
    rule(
      "photo size",
      "v2 2.A",
      bytes <= PHOTO_MAX_BYTES ? "pass" : bytes <= PHOTO_MAX_BYTES_BINARY ? "warn" : "fail",
      bytes <= PHOTO_MAX_BYTES
        ? "under 3 MB"
        : bytes <= PHOTO_MAX_BYTES_BINARY
          ? "over 3 MB (3,000,000 bytes) but under 3 MiB: some readers of the policy would refuse it"
          : "over 3 MB",
      { bytes },
    ),
  );
  if (bytes === 0) {
    rules.push(rule("photo format", "v2 2.B", "fail", "the file is empty"));
    return done();
  }
  if (bytes > DECODE_LIMIT_BYTES) {
    rules.push(rule("photo format", "v2 2.B", "fail", "not decoded: far too large for a photo", { bytes }));
    return done();
  }
  const data = await readPhoto(path, bytes);
  if (typeof data === "string") {
    // Readable a moment ago (mediaSize opened it): changed or removed since. Still a rule.
    rules.push(rule("photo file", "v2 2", "fail", `cannot read ${path}: ${data}`));
    return done();
  }
  const format = sniffImage(data.subarray(0, 16));
  const extension = extname(path).toLowerCase();
  const named = EXTENSIONS[extension];
  if (format !== "jpeg" && format !== "png" && format !== "webp") {
    rules.push(
      rule(
        "photo format",
        "v2 2.B",
        "fail",
        `the content is ${format === "unknown" ? "not an image format we know" : format}, not jpg, png or webp`,
        {
          content: format,
          extension,
        },
      ),
    );
    return done();
  }
  if (named !== format) {
    rules.push(
      rule(
        "photo format",
        "v2 2.B",
        "fail",
        named === undefined
          ? `the name ends in "${extension}", not .jpg, .jpeg, .png or .webp`
          : `the name says ${named} but the content is ${format}`,
        { content: format, extension },
      ),
    );
    return done();
  }
  let image: Sharp;
  let width: number;
  let height: number;
  try {
    image = sharp(data, { failOn: "truncated", limitInputPixels: 100_000_000 });
    const meta = await image.metadata();
    // EXIF orientations 5..8 swap the sides as viewers show them.
    const swapped = (meta.orientation ?? 1) >= 5;
    width = (swapped ? meta.height : meta.width) ?? 0;
    height = (swapped ? meta.width : meta.height) ?? 0;
    await image.clone().raw().toBuffer(); // decode the whole image once: truncated files fail here
  } catch (error) {
    rules.push(
      rule("photo format", "v2 2.B", "fail", `the ${format} file does not decode: ${(error as Error).message}`, {
        content: format,
      }),
    );
    return done();
  }
  rules.push(rule("photo format", "v2 2.B", "pass", `${format}, named ${extension}`, { content: format, extension }));
  rules.push(
    rule(
      "photo resolution",
      "v2 2.A",
      Math.min(width, height) >= PHOTO_MIN_SIDE ? "pass" : "fail",
      Math.min(width, height) >= PHOTO_MIN_SIDE ? "at least 256×256" : "smaller than 256×256",
      { width, height },
    ),
  );
  const { pixels, width: w, height: h } = await analysisPixels(image);
  const chroma = meanChroma(pixels);
  rules.push(
    rule(
      "photo in colour",
      "v2 2.E",
      grade(chroma, COLOUR_WARN, COLOUR_FAIL),
      chroma >= COLOUR_WARN ? "in colour" : chroma >= COLOUR_FAIL ? "nearly grey: check by eye" : "black and white",
      { meanChroma: round(chroma) },
    ),
  );
  const faces = await detectFaces(pixels, w, h);
  // Faces under about a tenth of the picture's side are too small for the detector to count.
  const count = faces.length;
  rules.push(
    rule(
      "one face",
      "v2 2.C",
      count === 1 ? "pass" : "fail",
      count === 1 ? "exactly one face" : count === 0 ? "no face found" : `${count} faces found`,
      { faces: count },
    ),
  );
  if (count !== 1) {
    return done();
  }
  const face = faces[0]!;
  rules.push(...faceRules(face, "v2 2"));
  const mirrored = await analysisPixels(image.clone().flop());
  const mirroredFace = (await detectFaces(mirrored.pixels, mirrored.width, mirrored.height))[0];
  return { ...done(face), ...(mirroredFace === undefined ? {} : { mirroredEmbedding: mirroredFace.embedding }) };
}

/** The pose and feature rules for one face (photo rules 2.C, 2.D, 2.H; the video applies them too). */
export function faceRules(face: FaceFinding, section: string): RuleResult[] {
  const turn = Math.max(Math.abs(face.yaw), Math.abs(face.pitch));
  const tilt = Math.abs(face.roll);
  return [
    rule(
      "facing the camera",
      `${section}.C`,
      grade(turn, FACING_PASS, FACING_WARN, false),
      turn <= FACING_PASS ? "facing the camera" : "the head is turned",
      { yaw: round(face.yaw), pitch: round(face.pitch) },
    ),
    rule(
      "upright",
      `${section}.H`,
      grade(tilt, UPRIGHT_PASS, UPRIGHT_WARN, false),
      tilt <= UPRIGHT_PASS ? "upright" : "the face is rotated in the picture",
      { roll: round(face.roll) },
    ),
    rule(
      "internal features visible",
      `${section}.D`,
      grade(face.meshScore, FEATURES_PASS, FEATURES_WARN),
      face.meshScore >= FEATURES_PASS
        ? "eyes, nose and mouth found"
        : "the facial features are not all clearly visible",
      { meshScore: round(face.meshScore) },
    ),
  ];
}

function meanChroma(rgb: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    sum += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return rgb.length === 0 ? 0 : sum / (rgb.length / 3);
}
