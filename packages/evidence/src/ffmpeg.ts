import { spawn } from "node:child_process";
import { PopError } from "@pop/core/errors";

/**
 * ffprobe and ffmpeg (Debian's `ffmpeg` package) as child processes: probing reads only what
 * it needs of a file, and frames are streamed out one at a time, so no video is ever held in
 * memory whole.
 */

/** Raised when a system tool (ffprobe, ffmpeg, pocketsphinx) is not installed. */
export class MissingToolError extends PopError {}

type Run = { code: number | null; stdout: Buffer; stderr: string };

/** Runs a tool to completion with a time limit and a cap on its output. */
export function runTool(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; maxStdout: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxStdout) {
        child.kill("SIGKILL");
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === "ENOENT"
          ? new MissingToolError(`${command} is not installed (Debian: apt-get install -y ffmpeg)`)
          : error,
      );
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(chunks), stderr });
    });
  });
}

/** What the video rules need from a probe. */
export type VideoProbe = {
  /** ffprobe's container names, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi". */
  formatName: string;
  duration: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodecs: string[];
  /** Display rotation from the stream's metadata (degrees), applied when frames are read. */
  rotation: number;
};

/** The first line of a tool's error output, without the "[demuxer @ 0x…]" prefix. */
function firstError(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.replace(/^\[[^\]]*\]\s*/, "").trim())
    .filter((line) => line !== "");
  return lines[0] ?? "unknown error";
}

/** Probes a video file; a string is the reason it cannot be read as a video. */
export async function probeVideo(path: string): Promise<VideoProbe | string> {
  const run = await runTool(
    "ffprobe",
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", path],
    { timeoutMs: 30_000, maxStdout: 1_000_000 },
  );
  if (run.code !== 0) {
    return firstError(run.stderr);
  }
  let data: {
    format?: { format_name?: string; duration?: string };
    streams?: {
      codec_type?: string;
      codec_name?: string;
      width?: number;
      height?: number;
      duration?: string;
      side_data_list?: { rotation?: number }[];
      tags?: { rotate?: string };
    }[];
  };
  try {
    data = JSON.parse(run.stdout.toString("utf8"));
  } catch {
    return "ffprobe gave no readable answer";
  }
  const streams = data.streams ?? [];
  const video = streams.find((s) => s.codec_type === "video");
  if (video === undefined) {
    return "no video stream";
  }
  const duration = Number(data.format?.duration ?? video.duration ?? Number.NaN);
  const rotation = Number(
    video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video.tags?.rotate ?? 0,
  );
  return {
    formatName: data.format?.format_name ?? "",
    duration,
    width: video.width ?? 0,
    height: video.height ?? 0,
    videoCodec: video.codec_name ?? "",
    audioCodecs: streams.filter((s) => s.codec_type === "audio").map((s) => s.codec_name ?? ""),
    rotation: Number.isFinite(rotation) ? rotation : 0,
  };
}

/** One decoded frame: raw RGB, `width` × `height` × 3 bytes, at `time` seconds. */
export type Frame = { time: number; pixels: Uint8Array; width: number; height: number };

/**
 * Streams frames at `fps` frames per second, scaled to `width` × `height`, from ffmpeg's
 * standard output, one at a time (display rotation applied by ffmpeg).
 */
export async function* readFrames(
  path: string,
  options: { fps: number; width: number; height: number; maxSeconds: number },
): AsyncGenerator<Frame> {
  const { fps, width, height } = options;
  const child = spawn(
    "ffmpeg",
    [
      "-v",
      "error",
      "-nostdin",
      "-t",
      String(options.maxSeconds),
      "-i",
      path,
      "-vf",
      `fps=${fps},scale=${width}:${height}`,
      "-f",
      "rawvideo",
      "-pix_fmt",
      "rgb24",
      "pipe:1",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new MissingToolError("ffmpeg is not installed (Debian: apt-get install -y ffmpeg)")
          : error,
      ),
    ),
  );
  spawnError.catch(() => {});
  child.stderr.resume();
  const frameBytes = width * height * 3;
  let buffer: Buffer = Buffer.alloc(0);
  let index = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      while (buffer.length >= frameBytes) {
        const pixels = new Uint8Array(buffer.subarray(0, frameBytes));
        buffer = buffer.subarray(frameBytes);
        yield { time: index / fps, pixels, width, height };
        index++;
      }
    }
    if (child.exitCode === null && child.signalCode === null) {
      await Promise.race([new Promise((resolve) => child.once("close", resolve)), spawnError]);
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
