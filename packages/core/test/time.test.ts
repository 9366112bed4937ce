import { InputError } from "@pop/core/errors";
import { formatIsoTime, MAX_TIME, parseIsoTime } from "@pop/core/time";
import { describe, expect, it } from "vitest";

function refusal(value: unknown): string {
  try {
    parseIsoTime(value, "--at");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).shortMessage;
  }
  throw new Error(`parseIsoTime accepted ${String(value)}`);
}

const FORM = "--at must be an ISO 8601 date or date-time with a zone (e.g. 2027-01-31 or 2027-01-31T12:00:00Z)";

describe("parseIsoTime", () => {
  it("reads every valid form as before", () => {
    expect(parseIsoTime("2027-01-31", "x")).toBe(Date.UTC(2027, 0, 31) / 1000);
    expect(parseIsoTime("2027-01-31T12:00:00Z", "x")).toBe(Date.UTC(2027, 0, 31, 12) / 1000);
    expect(parseIsoTime("2027-01-31T12:00:00.999Z", "x")).toBe(Date.UTC(2027, 0, 31, 12) / 1000);
    expect(parseIsoTime("2027-01-31T12:00:00.5+02:00", "x")).toBe(Date.UTC(2027, 0, 31, 10) / 1000);
    expect(parseIsoTime("2027-01-31T00:30:00-01:30", "x")).toBe(Date.UTC(2027, 0, 31, 2) / 1000);
    expect(parseIsoTime("2027-01-01T00:00:00+23:59", "x")).toBe(Date.UTC(2026, 11, 31, 0, 1) / 1000);
    expect(parseIsoTime("2028-02-29", "x")).toBe(Date.UTC(2028, 1, 29) / 1000);
    expect(parseIsoTime("2000-02-29T23:59:59Z", "x")).toBe(Date.UTC(2000, 1, 29, 23, 59, 59) / 1000);
    expect(parseIsoTime("1970-01-01T00:00:00Z", "x")).toBe(0);
    expect(parseIsoTime("1970-01-01T01:00:00+01:00", "x")).toBe(0);
    expect(parseIsoTime("9999-12-31T23:59:59Z", "x")).toBe(Date.UTC(9999, 11, 31, 23, 59, 59) / 1000);
  });

  it("agrees with Date.parse on every valid day of a leap and a common year", () => {
    for (const year of [2027, 2028]) {
      for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
        const text = new Date(day).toISOString().slice(0, 10);
        expect(parseIsoTime(text, "x")).toBe(day / 1000);
        expect(parseIsoTime(`${text}T13:14:15+05:45`, "x")).toBe(Date.parse(`${text}T13:14:15+05:45`) / 1000);
      }
    }
  });

  it.each([
    "2027-02-31T00:00:00Z",
    "2027-02-29T00:00:00Z",
    "2100-02-29",
    "2027-04-31",
    "2027-01-31T24:00:00Z",
    "2027-01-31T23:60:00Z",
    "2027-01-31T23:59:60Z",
    "2027-01-31T12:00:00+24:00",
    "2027-01-31T12:00:00+23:60",
    "2027-01-31T12:00:00-24:00",
    "2027-13-01",
    "2027-00-10",
    "2027-01-00",
    "2027-01-32",
    "0000-01-01",
    "0000-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:30:00+01:00",
  ])("refuses %s as not a valid date", (text) => {
    expect(refusal(text)).toBe("--at is not a valid date");
  });

  it.each([
    "2027-1-31",
    "2027-01-31T12:00:00",
    "2027-01-31 12:00:00Z",
    "2027-01-31T12:00Z",
    "2027-01-31T12:00:00.1234Z",
    "+02027-01-31",
    "2027-01-31T12:00:00z",
    "2027-01-31T12:00:00+0200",
    "２０２７-01-31",
    "",
    " 2027-01-31",
    "2027-01-31\n",
  ])("refuses %j as not an ISO date", (text) => {
    expect(refusal(text)).toBe(FORM);
  });

  it("refuses a value that is not a string", () => {
    expect(refusal(1_700_000_000)).toBe(FORM);
    expect(refusal(null)).toBe(FORM);
  });

  it("refuses times past the circuit's 2^40 - 1 seconds", () => {
    expect(MAX_TIME).toBe(2 ** 40 - 1);
    expect(parseIsoTime("9999-12-31", "x")).toBeLessThan(MAX_TIME);
  });
});

describe("formatIsoTime", () => {
  it("formats Unix seconds without milliseconds", () => {
    expect(formatIsoTime(0)).toBe("1970-01-01T00:00:00Z");
    expect(formatIsoTime(Date.UTC(2027, 0, 31, 12) / 1000)).toBe("2027-01-31T12:00:00Z");
    expect(formatIsoTime(MAX_TIME)).toBe("+036812-02-20T00:36:15Z");
  });

  it("never throws: a number outside the calendar's range is written as the number", () => {
    expect(formatIsoTime(2 ** 250)).toBe("Unix time 1.8092513943330656e+75 (out of range)");
    expect(formatIsoTime(Number.NaN)).toBe("Unix time NaN (out of range)");
    expect(formatIsoTime(Number.POSITIVE_INFINITY)).toBe("Unix time Infinity (out of range)");
    expect(formatIsoTime(8.64e12 + 1)).toBe("Unix time 8640000000001 (out of range)");
    expect(formatIsoTime(-1)).toBe("1969-12-31T23:59:59Z");
  });
});
