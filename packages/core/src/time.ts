import { InputError } from "./errors.js";

/** Largest time the circuit accepts: times are Unix seconds < 2^40 (year 36812). */
export const MAX_TIME = 2 ** 40 - 1;

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|([+-])(\d{2}):(\d{2})))?$/;

/** Largest magnitude of a JavaScript Date, in milliseconds (ECMA-262 §21.4.1.31). */
const MAX_DATE_MS = 8.64e15;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an ISO 8601 date (`2027-01-31`, taken as midnight UTC) or date-time with an explicit
 * zone (`2027-01-31T12:00:00Z`, `…T12:00:00.5+02:00`) into Unix seconds. Fractions of a
 * second are dropped. Every field must be in its calendar range, checked here and never left
 * to Date.parse (which rolls `2027-02-31` into March and `T24:00:00` into the next day): year
 * 0001–9999, month 01–12, the month's days (leap years Gregorian), hour 00–23, minute and
 * second 00–59 (no leap second), zone offset hours 00–23 and minutes 00–59. Times before
 * 1970 are refused.
 * @param value the text
 * @param name the parameter's name, for the error message
 * @returns Unix seconds, 0..MAX_TIME
 * @throws InputError when the text is not such a time
 */
export function parseIsoTime(value: unknown, name: string): number {
  const match = typeof value === "string" ? ISO_TIME.exec(value) : null;
  if (match === null) {
    throw new InputError(
      `${name} must be an ISO 8601 date or date-time with a zone (e.g. 2027-01-31 or 2027-01-31T12:00:00Z)`,
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? "0").padEnd(3, "0"));
  const sign = match[9] === "-" ? -1 : 1;
  const offsetHours = Number(match[10] ?? "0");
  const offsetMinutes = Number(match[11] ?? "0");
  const valid =
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!valid) {
    throw new InputError(`${name} is not a valid date`);
  }
  // Date.UTC maps years 0–99 to 1900–1999: set the full year separately.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  const utc = date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  if (utc < 0) {
    throw new InputError(`${name} is not a valid date`);
  }
  const seconds = Math.floor(utc / 1000);
  if (seconds > MAX_TIME) {
    throw new InputError(`${name} is too far in the future`);
  }
  return seconds;
}

/**
 * Formats Unix seconds as an ISO 8601 UTC date-time without milliseconds. Total: it never
 * throws, so a message about an untrusted time cannot crash; a value a JavaScript Date cannot
 * hold (NaN, ±Infinity, beyond ±8.64e12 s) is written as `Unix time <n> (out of range)`. A
 * caller that needs a real date (a document field) checks the range first, as
 * parseIsoTime's callers and verifyPersonhoodProof do.
 * @param seconds Unix seconds
 * @returns e.g. `2027-01-31T00:00:00Z`
 */
export function formatIsoTime(seconds: number): string {
  const millis = seconds * 1000;
  if (!Number.isFinite(millis) || Math.abs(millis) > MAX_DATE_MS) {
    return `Unix time ${seconds} (out of range)`;
  }
  return new Date(millis).toISOString().replace(".000Z", "Z");
}

/** The current time in Unix seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
