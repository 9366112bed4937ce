import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { judgePrompts, type PoseSample, parsePrompts } from "../src/challenge.js";

/** Ten samples a second: eyes open (0.4), facing ahead, with events spliced in. */
function series(seconds: number, events: (time: number) => Partial<PoseSample> = () => ({})): PoseSample[] {
  return Array.from({ length: seconds * 10 + 1 }, (_, i) => {
    const time = i / 10;
    return { time, eyeOpenness: 0.4, yaw: 2, ...events(time) };
  });
}

describe("challenge–response prompts", () => {
  it("a blink inside its window counts; one outside it, or eyes that stay shut, do not", () => {
    const blinkAt2 = series(6, (t) => (t >= 2 && t < 2.25 ? { eyeOpenness: 0.1 } : {}));
    expect(judgePrompts(blinkAt2, [{ action: "blink", from: 1.5, to: 3 }])).toEqual([
      { action: "blink", from: 1.5, to: 3, performed: true, at: 2 },
    ]);
    expect(judgePrompts(blinkAt2, [{ action: "blink", from: 3, to: 5 }])[0]!.performed).toBe(false);
    const shut = series(6, (t) => (t >= 2 ? { eyeOpenness: 0.1 } : {}));
    expect(judgePrompts(shut, [{ action: "blink", from: 1.5, to: 6 }])[0]!.performed).toBe(false);
    const squint = series(6, (t) => (t >= 2 && t < 2.3 ? { eyeOpenness: 0.3 } : {})); // 75%: not closed
    expect(judgePrompts(squint, [{ action: "blink", from: 1.5, to: 3 }])[0]!.performed).toBe(false);
  });

  it("a head turn to the asked side inside the window counts; the other side does not", () => {
    const left = series(8, (t) => (t >= 4 && t < 5 ? { yaw: -30 } : {}));
    expect(
      judgePrompts(left, [
        { action: "turn-left", from: 3, to: 6 },
        { action: "turn-right", from: 3, to: 6 },
        { action: "turn-left", from: 6, to: 8 },
      ]).map((r) => [r.performed, r.at]),
    ).toEqual([
      [true, 4],
      [false, undefined],
      [false, undefined],
    ]);
    const slight = series(8, (t) => (t >= 4 && t < 5 ? { yaw: 15 } : {})); // 13° from the usual 2°
    expect(judgePrompts(slight, [{ action: "turn-right", from: 3, to: 6 }])[0]!.performed).toBe(false);
  });

  it("parses prompts and refuses bad ones", () => {
    expect(parsePrompts("blink@1.5-3,turn-left@4-6")).toEqual([
      { action: "blink", from: 1.5, to: 3 },
      { action: "turn-left", from: 4, to: 6 },
    ]);
    expect(parsePrompts("")).toEqual([]);
    for (const bad of ["wink@1-2", "blink@3-1", "blink@1", "blink 1-2"]) {
      expect(() => parsePrompts(bad)).toThrow(InputError);
    }
  });
});
