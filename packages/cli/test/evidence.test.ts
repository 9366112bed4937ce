import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAnvil } from "@pop/contracts/anvil";
import { formatIsoTime } from "@pop/core/time";
import { addressPhrase } from "@pop/evidence/addressPhrase";
import { SENTENCES } from "@pop/evidence/spokenSentence";
import { frontalFace, slideshow } from "@pop/test-utils/media";
import { createPublicClient, createTestClient, http, keccak256 } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
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

describe("pop evidence renewal-check on a real chain", () => {
  it("finds the shown block, checks the window; the signed variant recovers the submitter", async () => {
    const chain = await startAnvil();
    try {
      const client = createPublicClient({ transport: http(chain.rpcUrl) });
      const test = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
      const time = (Math.floor(Number((await client.getBlock()).timestamp) / 3600) + 1) * 3600;
      await test.setNextBlockTimestamp({ timestamp: BigInt(time) });
      await test.mine({ blocks: 1 });
      const block = await client.getBlock();
      const rpc = ["--rpc", chain.rpcUrl];
      const shown = ["--shown-hash", block.hash.slice(0, 10), "--shown-time", formatIsoTime(time)];
      const inside = await pop(
        ["evidence", "renewal-check", ...rpc, ...shown, "--submitted", formatIsoTime(time + 3600)],
        dir,
      );
      expect(inside.code).toBe(0);
      expect(inside.json).toMatchObject({ ok: true, age: 3600, window: 2_592_000, block: { hash: block.hash } });
      const late = await pop(
        [
          "evidence",
          "renewal-check",
          ...rpc,
          ...shown,
          "--submitted",
          formatIsoTime(time + 3 * 86_400),
          "--window",
          "2d",
        ],
        dir,
      );
      expect([late.code, late.json.ok]).toEqual([1, false]);

      const account = privateKeyToAccount(generatePrivateKey());
      const signature = await account.signMessage({ message: { raw: block.hash } });
      const signedArgs = ["--block-hash", block.hash, "--signature", signature, "--submitter", account.address];
      const signed = await pop(
        [
          "evidence",
          "renewal-check",
          ...rpc,
          ...signedArgs,
          "--shown-hash",
          keccak256(signature).slice(0, 12),
          "--submitted",
          formatIsoTime(time + 60),
        ],
        dir,
      );
      expect([signed.code, signed.json]).toMatchObject([0, { ok: true, signer: account.address, age: 60 }]);
      const mixed = refusal(
        await pop(
          ["evidence", "renewal-check", ...rpc, ...signedArgs, ...shown, "--submitted", formatIsoTime(time)],
          dir,
        ),
      );
      expect(mixed).toEqual({
        code: 2,
        line: "pop: the signed variant takes --block-hash, --signature and --submitter (and no --shown-time)",
      });
    } finally {
      await chain.stop();
    }
  });

  it("an unreachable chain is a clear error (exit 1 with the error as JSON on stdout, as for every chain failure)", async () => {
    const run = await pop(
      [
        "evidence",
        "renewal-check",
        "--rpc",
        "http://127.0.0.1:9",
        "--shown-hash",
        "0x12345678",
        "--shown-time",
        "2026-01-01T00:00:00Z",
        "--submitted",
        "2026-01-02T00:00:00Z",
      ],
      dir,
    );
    const { code, line } = refusal(run);
    expect(code).toBe(1);
    expect(line).toMatch(/^pop: the chain is unreachable: /);
  });
});

describe("pop evidence check", () => {
  it("prints one JSON report (exit 0 when no rule fails, 1 when one does), or text with --human", async () => {
    await frontalFace().jpeg().toFile(join(dir, "photo.jpg"));
    await frontalFace().grayscale().jpeg().toFile(join(dir, "grey.jpg"));
    await frontalFace(480).png().toFile(join(dir, "face.png"));
    slideshow(join(dir, "video.mp4"), [[join(dir, "face.png"), 2]]);
    writeFileSync(join(dir, "said.txt"), SENTENCES.certification.english);
    const base = [
      "evidence",
      "check",
      "--address",
      ADDRESS,
      "--video",
      "video.mp4",
      "--shown",
      ADDRESS,
      "--transcript",
      "said.txt",
    ];
    const good = await pop([...base, "--photo", "photo.jpg"], dir);
    expect(good.code).toBe(0);
    expect(good.json).toMatchObject({ type: "pop.evidenceReport", version: 1, ok: true, status: "pass" });
    expect((good.json.rules as unknown[]).length).toBe(22);
    const grey = await pop([...base, "--photo", "grey.jpg", "--human"], dir);
    expect(grey.code).toBe(1);
    const lines = grey.stdout.trim().split("\n");
    expect(lines[0]).toBe("evidence: FAIL (a rule fails)");
    expect(lines[1]).toBe("FAIL  photo   photo in colour (v2 2.E): black and white [meanChroma=0]");
    expect(lines.slice(2).every((line) => line.startsWith("PASS  "))).toBe(true);
    const embedded = await pop(["evidence", "face-embedding", "--photo", "photo.jpg", "--out", "face.json"], dir);
    expect(embedded.json).toEqual({ ok: true, out: "face.json", dimensions: 1024 });
    expect(statSync(join(dir, "face.json")).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(join(dir, "face.json"), "utf8")) as { embedding: number[] };
    expect(saved.embedding.every((x) => typeof x === "number" && Number.isFinite(x))).toBe(true);
    expect(embedded.stdout).not.toContain(String(saved.embedding[0]));
    const greyEmbedding = await pop(["evidence", "face-embedding", "--photo", "grey.jpg", "--out", "grey.json"], dir);
    expect([greyEmbedding.code, greyEmbedding.json]).toEqual([
      1,
      { ok: false, failed: ["photo in colour: black and white"] },
    ]);
    expect(refusal(await pop(["evidence", "check", "--address", ADDRESS], dir))).toEqual({
      code: 2,
      line: "pop: pass --photo, --video or both",
    });
  });
});
