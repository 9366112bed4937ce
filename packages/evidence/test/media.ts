import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import sharp, { type Sharp } from "sharp";

/** Test media, made by the tests from the sample faces that ship with @vladmandic/human. */
const require = createRequire(import.meta.url);
export const ASSETS = join(dirname(dirname(require.resolve("@vladmandic/human"))), "assets");

export function mediaDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `pop-evidence-${name}-`));
}

/** A frontal face (from the package's face-id screenshot), 320 × 320. */
export function frontalFace(size = 320): Sharp {
  return sharp(join(ASSETS, "screenshot-faceid.jpg"))
    .extract({ left: 13, top: 141, width: 140, height: 140 })
    .resize(size, size);
}

/** Another person, facing the camera (from the package's samples sheet). */
export function otherFace(size = 320): Sharp {
  return sharp(join(ASSETS, "samples.jpg"))
    .extract({ left: 320, top: 0, width: 220, height: 180 })
    .resize(size, size, { fit: "cover" });
}

/** Two people side by side. */
export async function twoFaces(): Promise<Sharp> {
  return sharp({ create: { width: 700, height: 360, channels: 3, background: "#888888" } }).composite([
    { input: await frontalFace().png().toBuffer(), left: 10, top: 20 },
    { input: await otherFace().png().toBuffer(), left: 370, top: 20 },
  ]);
}
