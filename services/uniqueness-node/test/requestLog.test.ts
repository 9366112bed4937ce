import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REQUEST_WINDOW_SECONDS } from "@pop/uniqueness/wire/envelope";
import { newRequestId } from "@pop/uniqueness/wire/ids";
import { afterAll, describe, expect, it } from "vitest";
import { openRequestLog, recordOrder, recordSeen } from "../src/requestLog.js";

const dir = mkdtempSync(join(tmpdir(), "pop-requestlog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the request log", () => {
  it("keeps the ids that can still be replayed and the last turn, and drops the rest when the node starts", async () => {
    const now = 1_900_000_000;
    const old = newRequestId();
    const recent = newRequestId();
    await recordSeen(dir, now - 3 * REQUEST_WINDOW_SECONDS, old);
    await recordSeen(dir, now - 10, recent);
    for (let seq = 1; seq <= 5; seq++) await recordOrder(dir, seq, newRequestId(), "ab".repeat(32));
    // A torn last line (a crash while appending) is not an id.
    writeFileSync(join(dir, "requests.log"), `${readFileSync(join(dir, "requests.log"), "utf8")}${now} 12`, {
      flag: "w",
    });
    const log = await openRequestLog(dir, now);
    expect([...log.seen]).toEqual([recent]);
    expect(log.lastSeq).toBe(5);
    expect(readFileSync(join(dir, "requests.log"), "utf8")).toBe(`${now - 10} ${recent}\n`);
    expect(readFileSync(join(dir, "order.log"), "utf8").split("\n")).toHaveLength(2);
    // Opening again changes nothing.
    expect(await openRequestLog(dir, now)).toEqual(log);
  });
});
