import { InputError } from "@pop/core/errors";
import { median } from "./report.js";

/**
 * Challenge–response liveness: the person is asked, at given moments of the recording, to
 * blink or to turn their head; the check says which prompts were performed, from the face
 * mesh over time. A replayed or synthesised video has to get the moments right.
 */

export const ACTIONS = ["blink", "turn-left", "turn-right"] as const;
export type Action = (typeof ACTIONS)[number];
/** Perform `action` between `from` and `to` seconds of the video. */
export type Prompt = { action: Action; from: number; to: number };

/** One analysed frame with one face: time, mean eye openness, head yaw in degrees. */
export type PoseSample = { time: number; eyeOpenness: number; yaw: number };

export type PromptResult = Prompt & { performed: boolean; at?: number };

/** Eyes count as closed below this share of their usual openness, and as open again above the second. */
export const BLINK_CLOSED = 0.6;
export const BLINK_OPEN = 0.85;
/** A head turn: yaw this many degrees away from the usual pose. Left is negative yaw (Human's convention). */
export const TURN_DEGREES = 20;

/** Parses prompts written as `blink@1.5-3,turn-left@4-6` (action@from-to, seconds). */
export function parsePrompts(text: string): Prompt[] {
  return text
    .split(",")
    .filter((part) => part.trim() !== "")
    .map((part) => {
      const match = /^\s*([a-z-]+)@(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\s*$/.exec(part);
      if (
        match === null ||
        !(ACTIONS as readonly string[]).includes(match[1]!) ||
        Number(match[2]) >= Number(match[3])
      ) {
        throw new InputError(
          `a prompt is action@from-to in seconds, with action one of ${ACTIONS.join(", ")} (e.g. blink@1.5-3), not ${part.trim()}`,
        );
      }
      return { action: match[1] as Action, from: Number(match[2]), to: Number(match[3]) };
    });
}

/**
 * Which prompts were performed. The usual pose is the median over the whole video; a blink is
 * eyes closed (below 60% of the usual openness) and open again (above 85%) inside the window;
 * a turn is yaw at least 20° from the usual, to the asked side, inside the window.
 */
export function judgePrompts(samples: readonly PoseSample[], prompts: readonly Prompt[]): PromptResult[] {
  const usualOpen = median(samples.map((s) => s.eyeOpenness));
  const usualYaw = median(samples.map((s) => s.yaw));
  return prompts.map((prompt) => {
    const inside = samples.filter((s) => s.time >= prompt.from && s.time <= prompt.to);
    if (prompt.action === "blink") {
      const closed = inside.findIndex((s) => s.eyeOpenness < BLINK_CLOSED * usualOpen);
      const reopened = closed >= 0 && inside.slice(closed).some((s) => s.eyeOpenness > BLINK_OPEN * usualOpen);
      return closed >= 0 && reopened
        ? { ...prompt, performed: true, at: inside[closed]!.time }
        : { ...prompt, performed: false };
    }
    const side = prompt.action === "turn-left" ? -1 : 1;
    const turned = inside.find((s) => side * (s.yaw - usualYaw) >= TURN_DEGREES);
    return turned !== undefined ? { ...prompt, performed: true, at: turned.time } : { ...prompt, performed: false };
  });
}
