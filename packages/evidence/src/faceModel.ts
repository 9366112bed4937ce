import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Sharp } from "sharp";

/**
 * Face detection, mesh, embedding, liveness and anti-spoofing with @vladmandic/human on the
 * tfjs WebAssembly backend, all offline: the models ship inside the package. Two quirks of
 * running it in Node without native TensorFlow: the wasm build is loaded by path (the
 * package's exports do not name it), and Node's fetch cannot read file:// URLs, so the model
 * files are served once from a loopback HTTP server while they load.
 */

/** What the checks read from one detected face (angles in degrees). */
export type FaceFinding = {
  /** Detector confidence that this is a face (0..1). */
  boxScore: number;
  /** Mesh confidence: how well all 478 landmarks (eyes, nose, mouth, contour) were fitted (0..1). */
  meshScore: number;
  /** Head rotation: yaw (left/right), pitch (up/down), roll (tilt in the image plane). */
  yaw: number;
  pitch: number;
  roll: number;
  /** Anti-spoofing: how much the face looks like a real face rather than a photo of one (0..1). */
  real: number;
  /** Liveness score (0..1). */
  live: number;
  /** The face's 1,024-value embedding (for same-person checks and the uniqueness engine). */
  embedding: number[];
  /** Face box in the analysed image's pixels. */
  box: [number, number, number, number];
  /** Eye openness from the mesh: the eyelid gap over the eye width, left and right. */
  eyeOpenness: [number, number];
};

/** The longer side images are scaled to before detection (the models work at 256 px or less). */
export const ANALYSIS_SIZE = 640;

type HumanFace = {
  boxScore: number;
  faceScore: number;
  rotation?: { angle: { yaw: number; pitch: number; roll: number } };
  real?: number;
  live?: number;
  embedding?: number[];
  box: [number, number, number, number];
  mesh: [number, number, number][];
};
type HumanInstance = {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: HumanFace[] }>;
  tf: { tensor3d(values: Uint8Array, shape: [number, number, number], dtype: "int32"): { dispose(): void } };
};

let loading: Promise<HumanInstance> | undefined;

async function loadHuman(): Promise<HumanInstance> {
  const require = createRequire(import.meta.url);
  const humanDir = dirname(dirname(require.resolve("@vladmandic/human")));
  const wasmDir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "..", "dist");
  const modelsDir = join(humanDir, "models");
  const server = createServer((request, response) => {
    const name = (request.url ?? "").slice(1);
    // Only plain model file names: nothing outside the models directory is served.
    if (!/^[a-z0-9-]+\.(json|bin)$/.test(name)) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(modelsDir, name)).then(
      (data) => response.writeHead(200).end(data),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  try {
    const { port } = server.address() as { port: number };
    const { Human } = require(join(humanDir, "dist", "human.node-wasm.js")) as {
      Human: new (config: Record<string, unknown>) => HumanInstance;
    };
    const human = new Human({
      backend: "wasm",
      wasmPath: `${wasmDir}/`,
      modelBasePath: `http://127.0.0.1:${port}/`,
      debug: false,
      face: {
        enabled: true,
        detector: { rotation: true, maxDetected: 5, minConfidence: 0.5, return: false },
        mesh: { enabled: true },
        iris: { enabled: true },
        description: { enabled: true },
        emotion: { enabled: false },
        antispoof: { enabled: true },
        liveness: { enabled: true },
      },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    await human.load();
    return human;
  } finally {
    server.close();
  }
}

/** The shared detector, loaded on first use (about half a second). */
export function faceModel(): Promise<HumanInstance> {
  loading ??= loadHuman();
  return loading;
}

const DEGREES = 180 / Math.PI;

/** Eye openness from mesh points: the gap between the lids over the eye's width. */
function openness(mesh: [number, number, number][], top: number, bottom: number, inner: number, outer: number): number {
  const gap = Math.hypot(mesh[top]![0] - mesh[bottom]![0], mesh[top]![1] - mesh[bottom]![1]);
  const width = Math.hypot(mesh[inner]![0] - mesh[outer]![0], mesh[inner]![1] - mesh[outer]![1]);
  return width === 0 ? 0 : gap / width;
}

/** Faces in raw RGB pixels (`width` × `height` × 3 bytes). */
export async function detectFaces(pixels: Uint8Array, width: number, height: number): Promise<FaceFinding[]> {
  const human = await faceModel();
  const tensor = human.tf.tensor3d(pixels, [height, width, 3], "int32");
  try {
    const { face } = await human.detect(tensor);
    return face.map((f) => ({
      boxScore: f.boxScore,
      meshScore: f.faceScore,
      yaw: (f.rotation?.angle.yaw ?? 0) * DEGREES,
      pitch: (f.rotation?.angle.pitch ?? 0) * DEGREES,
      roll: (f.rotation?.angle.roll ?? 0) * DEGREES,
      real: f.real ?? 0,
      live: f.live ?? 0,
      embedding: f.embedding ?? [],
      box: f.box,
      // MediaPipe face-mesh indices: left eye 386/374 (lids), 362/263 (corners); right 159/145, 133/33.
      eyeOpenness:
        f.mesh.length >= 468 ? [openness(f.mesh, 386, 374, 362, 263), openness(f.mesh, 159, 145, 133, 33)] : [0, 0],
    }));
  } finally {
    tensor.dispose();
  }
}

/** Decodes an image (any format sharp reads) scaled to fit ANALYSIS_SIZE, as raw RGB. */
export async function analysisPixels(image: Sharp): Promise<{ pixels: Uint8Array; width: number; height: number }> {
  const { data, info } = await image
    .clone()
    .rotate() // apply EXIF orientation, as viewers do
    .resize(ANALYSIS_SIZE, ANALYSIS_SIZE, { fit: "inside", withoutEnlargement: true })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Uint8Array(info.width * info.height * 3);
  if (info.channels === 3) {
    pixels.set(data);
  } else {
    // A grey pipeline keeps one channel: spread it over R, G and B.
    for (let i = 0, j = 0; i < pixels.length; i += 3, j += info.channels) {
      pixels[i] = pixels[i + 1] = pixels[i + 2] = data[j]!;
    }
  }
  return { pixels, width: info.width, height: info.height };
}

/** Cosine similarity of two embeddings. */
export function faceSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
