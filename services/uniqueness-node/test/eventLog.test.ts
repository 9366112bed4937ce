import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog, type GalleryEvent } from "../src/eventLog.js";
import { StoreError } from "../src/slotStore.js";

const dir = mkdtempSync(join(tmpdir(), "pop-events-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An event; an enrolment's and a recovery's carry the entry's authenticator commitment c. */
const event = (kind: GalleryEvent["kind"], slot: number, commitment = "7"): GalleryEvent => {
  const fields = { modality: "iris" as const, slot, personId: newRequestId(), requestId: newRequestId() };
  return kind === "delete" ? { kind, ...fields } : { kind, ...fields, commitment };
};

describe("the event log", () => {
  it("chains events: the same history gives the same head, any difference another", async () => {
    const a = await EventLog.open(join(dir, "a.log"));
    const b = await EventLog.open(join(dir, "b.log"));
    expect(a.head).toBe(b.head);
    const events = [event("enroll", 0), event("enroll", 1), event("delete", 0)];
    for (const e of events) {
      await a.append(e);
      await b.append(e);
    }
    expect(a.head).toBe(b.head);
    // The same events with one slot changed: another head.
    const c = await EventLog.open(join(dir, "c.log"));
    for (const e of [events[0]!, { ...events[1]!, slot: 2 }, events[2]!]) await c.append(e);
    expect(c.head).not.toBe(a.head);
  });

  it("survives a restart, writes a request's event once, and drops a torn last line", async () => {
    const path = join(dir, "restart.log");
    const log = await EventLog.open(path);
    const first = event("enroll", 0);
    await log.append(first);
    await log.append(first);
    expect(log.length).toBe(1);
    appendFileSync(path, '{"kind":"enroll","modality":"ir');
    const again = await EventLog.open(path);
    expect(again.head).toBe(log.head);
    expect(again.events()).toEqual([first]);
    expect(again.has("enroll", "iris", first.requestId)).toBe(true);
    expect(again.has("enroll", "face", first.requestId)).toBe(false);
    expect(again.has("delete", "iris", first.requestId)).toBe(false);
    expect(readFileSync(path, "utf8").split("\n")).toHaveLength(2);
    const second = event("delete", 0);
    await again.append(second);
    expect((await EventLog.open(path)).events()).toEqual([first, second]);
  });

  it("a recovery's event carries the new c, and the chain covers c: another c, another head", async () => {
    const enrolled = event("enroll", 0, "100");
    const recovered = { ...event("recover", 0, "200"), personId: enrolled.personId };
    const a = await EventLog.open(join(dir, "ra.log"));
    for (const e of [enrolled, recovered]) await a.append(e);
    const b = await EventLog.open(join(dir, "rb.log"));
    for (const e of [enrolled, { ...recovered, commitment: "201" }]) await b.append(e);
    const c = await EventLog.open(join(dir, "rc.log"));
    for (const e of [{ ...enrolled, commitment: "101" }, recovered]) await c.append(e);
    expect(new Set([a.head, b.head, c.head]).size).toBe(3);
    const again = await EventLog.open(join(dir, "ra.log"));
    expect([again.head, again.events()]).toEqual([a.head, [enrolled, recovered]]);
    expect(again.has("recover", "iris", recovered.requestId)).toBe(true);
    expect(again.has("enroll", "iris", recovered.requestId)).toBe(false);
  });

  it("refuses an enrolment or a recovery without c, and a removal with one", async () => {
    const ids = `"slot":0,"personId":"${"a".repeat(32)}","requestId":"${"b".repeat(32)}"`;
    const lines = [
      `{"kind":"recover","modality":"iris",${ids}}`,
      `{"kind":"delete","modality":"iris",${ids},"commitment":"1"}`,
      `{"kind":"enroll","modality":"iris",${ids},"commitment":"01"}`,
    ];
    for (const [i, line] of lines.entries()) {
      const path = join(dir, `no-c-${i}.log`);
      appendFileSync(path, `${line}\n`);
      await expect(EventLog.open(path)).rejects.toThrow(new StoreError(`${path} line 1 is not an event`));
    }
    const good = join(dir, "with-c.log");
    appendFileSync(good, `{"kind":"enroll","modality":"iris",${ids},"commitment":"1"}\n`);
    expect((await EventLog.open(good)).events()).toEqual([
      {
        kind: "enroll",
        modality: "iris",
        slot: 0,
        personId: "a".repeat(32),
        requestId: "b".repeat(32),
        commitment: "1",
      },
    ]);
  });

  it("refuses a log with a malformed line before the last", async () => {
    const path = join(dir, "bad.log");
    appendFileSync(path, 'not json\n{"kind":"enroll"}\n');
    await expect(EventLog.open(path)).rejects.toThrow(new StoreError(`${path} line 1 is not an event`));
  });
});
