import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addressPhrase } from "@pop/evidence/addressPhrase";
import { SENTENCES } from "@pop/evidence/spokenSentence";
import { describe, expect, it } from "vitest";
import { pop, refusal } from "./pop.js";

const dir = mkdtempSync(join(tmpdir(), "pop-evidence-"));
const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";

describe("pop evidence", () => {
  it("address-check: exit 0 with the edit when accepted, 1 when not", async () => {
    const swapped = ADDRESS.toLowerCase().replace("886e", "868e"); // two adjacent characters switched
    const ok = await pop(["evidence", "address-check", "--expected", ADDRESS, "--shown", swapped], dir);
    expect([ok.code, ok.json]).toEqual([0, { ok: true, edit: "swapped" }]);
    const two = await pop(["evidence", "address-check", "--expected", ADDRESS, "--shown", swapped.slice(0, -2)], dir);
    expect([two.code, two.json]).toEqual([1, { ok: false, edit: "none" }]);
    const bad = refusal(await pop(["evidence", "address-check", "--expected", "0x12", "--shown", "0x12"], dir));
    expect(bad).toEqual({ code: 2, line: "pop: 0x12 is not an address (0x and 40 hex digits)" });
  });

  it("phrase and phrase-check, in English and Spanish", async () => {
    const phrase = await pop(["evidence", "phrase", "--address", ADDRESS], dir);
    expect(phrase.json).toEqual({ words: addressPhrase(ADDRESS) });
    const spanish = await pop(["evidence", "phrase", "--address", ADDRESS, "--lang", "spanish"], dir);
    expect(spanish.json).toEqual({ words: addressPhrase(ADDRESS, "spanish") });
    const words = phrase.json.words as string[];
    const said = words.slice(0, 9).join(" "); // six words left out
    const check = await pop(["evidence", "phrase-check", "--address", ADDRESS, "--announced", said], dir);
    expect([check.code, check.json]).toEqual([0, { ok: true }]);
    const short = words.slice(0, 7).join(" "); // eight left out
    const refused = await pop(["evidence", "phrase-check", "--address", ADDRESS, "--announced", short], dir);
    expect([refused.code, refused.json]).toEqual([1, { ok: false }]);
    expect(refusal(await pop(["evidence", "phrase", "--address", ADDRESS, "--lang", "latin"], dir))).toEqual({
      code: 2,
      line: "pop: language must be one of english, spanish, not latin",
    });
  });

  it("sentence-check reads a transcript file and refuses files that are not transcripts", async () => {
    writeFileSync(join(dir, "said.txt"), `Hi! ${SENTENCES.certification.english}. That's all.\n`);
    const ok = await pop(
      ["evidence", "sentence-check", "--sentence", "certification", "--transcript", "said.txt"],
      dir,
    );
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, sentence: "certification", language: "english", edits: 0 });
    const wrong = await pop(
      ["evidence", "sentence-check", "--sentence", "revocation", "--transcript", "said.txt"],
      dir,
    );
    expect([wrong.code, wrong.json.ok]).toEqual([1, false]);
    writeFileSync(join(dir, "binary.txt"), new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    writeFileSync(join(dir, "huge.txt"), "word ".repeat(20_000));
    const cases: [string[], string][] = [
      [["--transcript", "missing.txt"], "pop: cannot read transcript missing.txt: ENOENT"],
      [["--transcript", "binary.txt"], "pop: transcript binary.txt is not UTF-8 text"],
      [["--transcript", "huge.txt"], "pop: transcript huge.txt is over 65536 bytes"],
    ];
    for (const [args, line] of cases) {
      const run = await pop(["evidence", "sentence-check", "--sentence", "certification", ...args], dir);
      expect(refusal(run)).toEqual({ code: 2, line });
    }
  });
});
