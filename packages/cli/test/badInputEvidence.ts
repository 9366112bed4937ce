import type { Case } from "./badInputHarness.js";
import { TWO_256 } from "./badInputHarness.js";

/**
 * Bad input to the evidence commands and to the local chain commands before any chain is
 * contacted: special files as transcripts and photos (refused at once, or a failed rule),
 * bad dates, windows and tolerances, and malformed addresses and RPC URLs.
 */

const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";
const sentence = (transcript: string) => [
  "evidence",
  "sentence-check",
  "--sentence",
  "certification",
  "--transcript",
  transcript,
];
const renewal = (extra: string[]) => ["evidence", "renewal-check", "--rpc", "http://127.0.0.1:9", ...extra];
const SHOWN = ["--shown-hash", "0x12345678", "--shown-time", "2026-01-01T00:00:00Z"];

export const evidenceCases: Case[] = [
  // evidence
  {
    name: "evidence address-check: a short address",
    args: ["evidence", "address-check", "--expected", "0x12", "--shown", "0x12"],
    code: 2,
    line: "pop: 0x12 is not an address (0x and 40 hex digits)",
  },
  {
    name: "evidence address-check: not shown",
    args: ["evidence", "address-check", "--expected", ADDRESS, "--shown", "0x0"],
    code: 1,
    stdout: "answer",
    line: "pop: the sign does not show the address",
  },
  {
    name: "evidence phrase: a bad address",
    args: ["evidence", "phrase", "--address", "0xzz"],
    code: 2,
    line: "pop: 0xzz is not an address (0x and 40 hex digits)",
  },
  {
    name: "evidence phrase --lang latin",
    args: ["evidence", "phrase", "--address", ADDRESS, "--lang", "latin"],
    code: 2,
    line: "pop: language must be one of english, spanish, not latin",
  },
  {
    name: "evidence phrase-check: words not said",
    args: ["evidence", "phrase-check", "--address", ADDRESS, "--announced", "hello"],
    code: 1,
    stdout: "answer",
    line: "pop: the words said are not the address's phrase",
  },
  {
    name: "evidence sentence-check --sentence oath",
    args: ["evidence", "sentence-check", "--sentence", "oath", "--transcript", "said.txt"],
    code: 2,
    line: "pop: sentence must be one of certification, renewal, revocation, not oath",
  },
  {
    name: "evidence sentence-check: /dev/zero",
    args: sentence("/dev/zero"),
    code: 2,
    line: "pop: transcript /dev/zero is a device, not a file",
  },
  {
    name: "evidence sentence-check: a FIFO",
    args: sentence("t.fifo"),
    code: 2,
    line: "pop: transcript t.fifo is a FIFO, not a file",
    files: { "t.fifo": { fifo: true } },
  },
  {
    name: "evidence sentence-check: a symlink to /dev/zero",
    args: sentence("z.txt"),
    code: 2,
    line: "pop: transcript z.txt is a device, not a file",
    files: { "z.txt": { symlink: "/dev/zero" } },
  },
  {
    name: "evidence sentence-check: a directory",
    args: sentence("d"),
    code: 2,
    line: "pop: transcript d is a directory, not a file",
    files: { d: { dir: true } },
  },
  {
    name: "evidence sentence-check: a missing file",
    args: sentence("nope.txt"),
    code: 2,
    line: "pop: cannot read transcript nope.txt: ENOENT",
  },
  {
    name: "evidence sentence-check: not UTF-8",
    args: sentence("b.txt"),
    code: 2,
    line: "pop: transcript b.txt is not UTF-8 text",
    files: { "b.txt": { bytes: [0xff, 0xfe, 0x41] } },
  },
  {
    name: "evidence sentence-check: over 64 KiB",
    args: sentence("big.txt"),
    code: 2,
    line: "pop: transcript big.txt is over 65536 bytes",
    files: { "big.txt": "word ".repeat(14_000) },
  },
  {
    name: "evidence sentence-check: unreadable (as nobody)",
    args: sentence("s.txt"),
    code: 2,
    line: "pop: cannot read transcript s.txt (permission denied)",
    files: { "s.txt": { unreadable: "hello" } },
    user: "nobody",
  },
  {
    name: "evidence sentence-check: not said",
    args: sentence("said.txt").map((a) => (a === "certification" ? "revocation" : a)),
    code: 1,
    stdout: "answer",
    line: "pop: the transcript does not say the revocation sentence",
  },
  {
    name: "evidence check: neither photo nor video",
    args: ["evidence", "check", "--address", ADDRESS],
    code: 2,
    line: "pop: pass --photo, --video or both",
  },
  {
    name: "evidence check: --transcript /dev/zero",
    args: ["evidence", "check", "--address", ADDRESS, "--photo", "p.jpg", "--transcript", "/dev/zero"],
    code: 2,
    line: "pop: transcript /dev/zero is a device, not a file",
  },
  {
    name: "evidence check: a FIFO transcript",
    args: ["evidence", "check", "--address", ADDRESS, "--photo", "p.jpg", "--transcript", "t.fifo"],
    code: 2,
    line: "pop: transcript t.fifo is a FIFO, not a file",
    files: { "t.fifo": { fifo: true } },
  },
  {
    name: "evidence check: an unreadable photo is a failed rule (as nobody)",
    args: ["evidence", "check", "--address", ADDRESS, "--photo", "p.jpg"],
    code: 1,
    stdout: "answer",
    line: "pop: evidence refused: photo file",
    files: { "p.jpg": { unreadable: "\xff\xd8\xff" } },
    user: "nobody",
  },
  {
    name: "evidence check: a FIFO photo is a failed rule",
    args: ["evidence", "check", "--address", ADDRESS, "--photo", "p.fifo"],
    code: 1,
    stdout: "answer",
    line: "pop: evidence refused: photo file",
    files: { "p.fifo": { fifo: true } },
  },
  {
    name: "evidence check: /dev/zero as a photo is a failed rule",
    args: ["evidence", "check", "--address", ADDRESS, "--photo", "/dev/zero"],
    code: 1,
    stdout: "answer",
    line: "pop: evidence refused: photo file",
  },
  {
    name: "evidence check: --prompts nod@x",
    args: ["evidence", "check", "--address", ADDRESS, "--photo", "p.jpg", "--prompts", "nod@x"],
    code: 2,
    line: "pop: a prompt is action@from-to in seconds, with action one of blink, turn-left, turn-right (e.g. blink@1.5-3), not nod@x",
  },
  {
    name: "evidence face-embedding: an existing --out, before the model runs",
    args: ["evidence", "face-embedding", "--photo", "p.jpg", "--out", "id2.json"],
    code: 2,
    line: "pop: id2.json already exists (pass --force to replace it)",
  },
  {
    name: "evidence face-embedding: a directory --out",
    args: ["evidence", "face-embedding", "--photo", "p.jpg", "--out", "d", "--force"],
    code: 2,
    line: "pop: cannot write d: it is a directory",
    files: { d: { dir: true } },
  },
  {
    name: "evidence face-embedding: a FIFO photo",
    args: ["evidence", "face-embedding", "--photo", "p.fifo", "--out", "new.json"],
    code: 1,
    stdout: "answer",
    line: "pop: the photo fails photo file",
    files: { "p.fifo": { fifo: true } },
  },
  ...["2027-02-31T00:00:00Z", "2027-01-31T24:00:00Z", "yesterday"].map(
    (when): Case => ({
      name: `evidence renewal-check --submitted ${when}`,
      args: renewal([...SHOWN, "--submitted", when]),
      code: 2,
      line: /^pop: --submitted (is not a valid date|must be an ISO 8601)/,
    }),
  ),
  {
    name: "evidence renewal-check --shown-time T23:60",
    args: renewal([
      "--shown-hash",
      "0x12345678",
      "--shown-time",
      "2026-01-01T23:60:00Z",
      "--submitted",
      "2026-01-02T00:00:00Z",
    ]),
    code: 2,
    line: "pop: --shown-time is not a valid date",
  },
  ...["-1", "86401", TWO_256.toString()].map(
    (t): Case => ({
      name: `evidence renewal-check --tolerance ${t}`,
      args: renewal([...SHOWN, "--submitted", "2026-01-02T00:00:00Z", "--tolerance", t]),
      code: 2,
      line: "pop: --tolerance must be an integer from 0 to 86400",
    }),
  ),
  ...["0d", "-1d", "30x"].map(
    (w): Case => ({
      name: `evidence renewal-check --window ${w}`,
      args: renewal([...SHOWN, "--submitted", "2026-01-02T00:00:00Z", "--window", w]),
      code: 2,
      line: `pop: window must be a whole number and a unit (s, m, h, d or w), such as 30d, not ${w}`,
    }),
  ),
  {
    name: "evidence renewal-check: both variants",
    args: renewal([
      ...SHOWN,
      "--block-hash",
      `0x${"1".repeat(64)}`,
      "--signature",
      "0x12",
      "--submitter",
      ADDRESS,
      "--submitted",
      "2026-01-02T00:00:00Z",
    ]),
    code: 2,
    line: "pop: the signed variant takes --block-hash, --signature and --submitter (and no --shown-time)",
  },
  {
    name: "evidence renewal-check: an RPC that is not a URL",
    args: ["evidence", "renewal-check", "--rpc", "localhost:8545", ...SHOWN, "--submitted", "2026-01-02T00:00:00Z"],
    code: 2,
    line: "pop: pass --rpc <http(s) URL> or set POP_RPC_URL",
  },
  // local chain commands, before any chain is contacted
  ...["70000", "-1", TWO_256.toString()].map(
    (port): Case => ({
      name: `chain start --port ${port}`,
      args: ["chain", "start", "--port", port],
      code: 2,
      line: "pop: --port must be an integer from 1 to 65535",
    }),
  ),
  ...["0", "-5", TWO_256.toString()].map(
    (seconds): Case => ({
      name: `chain advance --seconds ${seconds}`,
      args: ["chain", "advance", "--rpc", "http://127.0.0.1:9", "--seconds", seconds],
      code: 2,
      line: /^pop: --seconds must be an integer from 1 to /,
    }),
  ),
  {
    name: "chain advance: an RPC that is not a URL",
    args: ["chain", "advance", "--rpc", "not a url", "--seconds", "5"],
    code: 2,
    line: "pop: pass --rpc <http(s) URL> or set POP_RPC_URL",
  },
  {
    name: "demo --dir a file",
    args: ["demo", "--dir", "id2.json"],
    code: 2,
    line: /^pop: (?!internal error).*id2\.json/,
  },
];
