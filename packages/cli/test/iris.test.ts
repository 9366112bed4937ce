import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { irisCodeFromJson, irisCodeToJson, rotateIrisCode } from "@pop/uniqueness/irisCode";
import { minDistance } from "@pop/uniqueness/irisDistance";
import { describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

const dir = mkdtempSync(join(tmpdir(), "pop-iris-"));
const VECTORS = new URL("../../../test-vectors/iris/", import.meta.url);

function readIris(name: string) {
  return irisCodeFromJson(JSON.parse(readFileSync(join(dir, name), "utf8")), name);
}

describe("pop iris", () => {
  it("random and similar make codes whose distances the library agrees with", async () => {
    expect((await pop(["iris", "random", "--seed", "alice", "--out", "a.json"], dir)).code).toBe(0);
    const similar = await pop(
      ["iris", "similar", "--of", "a.json", "--flip", "0.1", "--rotate", "6", "--seed", "s", "--out", "b.json"],
      dir,
    );
    expect(similar.code).toBe(0);
    const a = readIris("a.json");
    const b = readIris("b.json");

    const rotated = await pop(["iris", "distance", "--a", "a.json", "--b", "b.json"], dir);
    expect(rotated.json).toEqual({ distance: minDistance(a, b, 15).distance });
    expect(rotated.json.distance).toBeLessThan(0.15);

    const plain = await pop(["iris", "distance", "--a", "a.json", "--b", "b.json", "--rotations", "0"], dir);
    expect(plain.json).toEqual({ distance: minDistance(a, b, 0).distance });
    expect(plain.json.distance).toBeGreaterThan(0.3);
  });

  it("the same seed gives the same code, printed on stdout without --out", async () => {
    const first = await pop(["iris", "random", "--seed", "bob"], dir);
    const second = await pop(["iris", "random", "--seed", "bob"], dir);
    expect(first.json).toEqual(second.json);
    expect(Object.keys(first.json)).toEqual(["iris_codes", "mask_codes"]);
  });

  it("a vector code rotated by 9 columns is at distance 0 once rotation is searched", async () => {
    const [code, mask] = readFileSync(new URL("flipped_codes.txt", VECTORS), "utf8").split("\n");
    writeFileSync(join(dir, "v.json"), JSON.stringify({ iris_codes: code, mask_codes: mask }));
    writeFileSync(join(dir, "turned.json"), JSON.stringify(irisCodeToJson(rotateIrisCode(readIris("v.json"), -9))));
    expect((await pop(["iris", "distance", "--a", "v.json", "--b", "turned.json"], dir)).json).toEqual({ distance: 0 });
    const plain = await pop(["iris", "distance", "--a", "v.json", "--b", "turned.json", "--rotations", "8"], dir);
    expect(plain.json.distance).toBeGreaterThan(0.2);
  });

  const bad: [string, string[], number, string][] = [
    [
      "a missing file",
      ["iris", "distance", "--a", "none.json", "--b", "a.json"],
      2,
      "pop: iris code file none.json does not exist",
    ],
    [
      "a flip rate above 1",
      ["iris", "similar", "--of", "a.json", "--flip", "1.5"],
      2,
      "pop: --flip must be a decimal number from 0 to 1",
    ],
    [
      "a rotation bound of 100",
      ["iris", "distance", "--a", "a.json", "--b", "a.json", "--rotations", "100"],
      2,
      "pop: --rotations must be an integer from 0 to 99",
    ],
    [
      "a bad rotation",
      ["iris", "similar", "--of", "a.json", "--flip", "0.1", "--rotate", "x"],
      2,
      "pop: --rotate must be an integer from -99 to 99",
    ],
    [
      "an existing output",
      ["iris", "random", "--out", "a.json"],
      2,
      "pop: a.json already exists (pass --force to replace it)",
    ],
  ];
  for (const [what, args, code, line] of bad) {
    it(`refuses ${what}`, async () => {
      expect(refusal(await pop(args, dir))).toEqual({ code, line });
    });
  }

  it("refuses a code file with a wrong field", async () => {
    writeFileSync(join(dir, "wrong.json"), JSON.stringify({ iris_codes: "AAAA", mask: "AAAA" }));
    expect(refusal(await pop(["iris", "distance", "--a", "wrong.json", "--b", "wrong.json"], dir))).toEqual({
      code: 2,
      line: 'pop: iris code file wrong.json has an unknown field "mask"',
    });
  });
});
