import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { treeSnapshot } from "@pop/test-utils/files";
import { seededRandom } from "@pop/uniqueness/randomSource";
import { parseConsentDocument, verifyDeleteConsent } from "@pop/uniqueness/wire/consent";
import { describe, expect, it } from "vitest";
import { POP, pop, refusal } from "./pop.js";

/**
 * pop uniqueness on bad input: each refusal exits 2 with one stderr line and nothing on stdout,
 * and leaves the files as they were (no node needs to run).
 */

const random = seededRandom("cli uniquenessInput.test");
const dir = mkdtempSync(join(tmpdir(), "pop-uniqueness-input-"));
/** A refusal with exit 2: one stderr line, nothing on stdout. */
async function refused(args: string[], cwd: string): Promise<string> {
  const { code, line } = refusal(await pop(args, cwd));
  expect(code).toBe(2);
  return line;
}

describe("pop uniqueness: strict input, nothing half-written", () => {
  it("init refuses a host the cluster file could not hold, before writing anything", async () => {
    const target = mkdtempSync(join(tmpdir(), "pop-init-host-"));
    expect(await refused(["uniqueness", "init", "--dir", target, "--host", "bad host/x"], target)).toBe(
      "pop: --host must be a host name, an IPv4 address or a bracketed IPv6 address",
    );
    expect(readdirSync(target)).toEqual([]);
  });

  it("init where D/node1 is a file: refused, and no key is left behind", async () => {
    const target = mkdtempSync(join(tmpdir(), "pop-init-file-"));
    writeFileSync(join(target, "node1"), "a file, not a folder");
    const before = await treeSnapshot(target);
    expect(await refused(["uniqueness", "init", "--dir", target], target)).toBe(
      `pop: cannot create the folder ${join(target, "node1")}: it is a file`,
    );
    expect(await treeSnapshot(target)).toEqual(before);
  });

  it("init where D/node2 is not writable: the write fails half-way and everything is undone", async () => {
    // As root every folder is writable: the run drops to an unprivileged user (setpriv) instead.
    const root = process.getuid?.() === 0;
    const target = mkdtempSync(join(tmpdir(), "pop-init-perm-"));
    mkdirSync(join(target, "node2"));
    if (root) {
      chmodSync(target, 0o755);
      chownSync(target, 65_534, 65_534);
      chownSync(join(target, "node2"), 65_534, 65_534);
    }
    chmodSync(join(target, "node2"), 0o555);
    const before = await treeSnapshot(target);
    const args = [POP, "uniqueness", "init", "--dir", target];
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = root
        ? spawn("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...args])
        : spawn(process.execPath, args);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.once("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `pop: cannot write ${join(target, "node2", "node-key.json")} (EACCES)\n`,
    });
    expect(await treeSnapshot(target)).toEqual(before);
  });

  it("a face embedding out of bounds, not finite, or with an unknown field: refused, no package written", async () => {
    expect((await pop(["uniqueness", "init", "--dir", dir], dir)).code).toBe(0);
    const cli = [
      "uniqueness",
      "package",
      "--cluster",
      join(dir, "cluster.json"),
      "--source",
      join(dir, "source-key.json"),
    ];
    const face = Array.from(random(1024), (byte) => byte / 128 - 1);
    const cases: [string, string, string][] = [
      [
        "big.json",
        JSON.stringify(face.map((x, i) => (i === 3 ? 1e4 : x))),
        "big.json[3] must be a finite number from -1000 to 1000",
      ],
      [
        "infinite.json",
        `[${face.map((x, i) => (i === 7 ? "1e999" : String(x))).join(",")}]`,
        "infinite.json[7] must be a finite number from -1000 to 1000",
      ],
      ["extra.json", JSON.stringify({ embedding: face, model: "arcface" }), 'extra.json has an unknown field "model"'],
      [
        "zeros.json",
        JSON.stringify(new Array(1024).fill(0)),
        "zeros.json is (nearly) all zeros: its length is under 1e-6",
      ],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), text);
      const signed = ["--nullifier-commitment", "123"];
      expect(await refused([...cli, ...signed, "--face", name, "--out", `${name}.pkg`], dir), name).toBe(
        `pop: face embedding file ${message}`,
      );
      expect(readdirSync(dir)).not.toContain(`${name}.pkg`);
    }
  });

  it("consent signs for one person, request and client; delete refuses another client's or person's before any node", async () => {
    const target = mkdtempSync(join(tmpdir(), "pop-consent-"));
    expect((await pop(["uniqueness", "init", "--dir", target], target)).code).toBe(0);
    const identity = await pop(["identity", "create", "--out", "id.json"], target);
    const person = "ab".repeat(16);
    const requestId = "cd".repeat(16);
    const consent = (client: string, out: string, extra: string[] = []) =>
      pop(
        ["uniqueness", "consent", "--identity", "id.json", "--person", person, "--client-id", client].concat([
          "--out",
          out,
          ...extra,
        ]),
        target,
      );
    const signed = await consent("local-issuer", "mine.json", ["--request-id", requestId]);
    expect([signed.code, signed.json]).toEqual([
      0,
      { out: "mine.json", personId: person, requestId, client: "local-issuer", commitment: identity.json.commitment },
    ]);
    const document = parseConsentDocument(JSON.parse(readFileSync(join(target, "mine.json"), "utf8")), "mine.json");
    expect([document.personId, document.requestId, document.client]).toEqual([person, requestId, "local-issuer"]);
    expect(
      verifyDeleteConsent({ ...document, commitment: identity.json.commitment as string, consent: document.consent }),
    ).toBe("valid");
    expect((await consent("other-issuer", "other.json")).code).toBe(0);
    const remove = (extra: string[]) =>
      refused(
        [
          "uniqueness",
          "delete",
          "--cluster",
          join(target, "cluster.json"),
          "--client",
          join(target, "client-key.json"),
        ].concat(extra),
        target,
      );
    expect(await remove(["--consent", "other.json"])).toBe(
      "pop: the consent is for client other-issuer, not local-issuer: the person must sign one for local-issuer",
    );
    expect(await remove(["--consent", "mine.json", "--person", "ef".repeat(16)])).toBe(
      `pop: --person ${"ef".repeat(16)} is not the person of consent file mine.json (${person})`,
    );
  });
});
