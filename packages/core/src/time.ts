import { InputError } from "./errors.js";

/** Largest time the circuit accepts: times are Unix seconds < 2^40 (year 36812). */
export const MAX_TIME = 2 ** 40 - 1;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO 8601 date (`2027-01-31`, taken as midnight UTC) or date-time with an explicit
 * zone (`2027-01-31T12:00:00Z`) into Unix seconds. Fractions of a second are dropped.
 * @param value the text
 * @param name the parameter's name, for the error message
 * @returns Unix seconds
 */
export function parseIsoTime(value: unknown, name: string): number {
  if (typeof value !== "string" || !(ISO_DATE.test(value) || ISO_DATE_TIME.test(value))) {
    throw new InputError(
      `${name} must be an ISO 8601 date or date-time with a zone (e.g. 2027-01-31 or 2027-01-31T12:00:00Z)`,
    );
  }
  const millis = Date.parse(ISO_DATE.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(millis) || millis < 0) {
    throw new InputError(`${name} is not a valid date`);
  }
  // Date.parse accepts 2027-02-31 by rolling over; a round trip of the date part catches it.
  const datePart = value.slice(0, 10);
  if (ISO_DATE.test(value) && new Date(millis).toISOString().slice(0, 10) !== datePart) {
    throw new InputError(`${name} is not a valid date`);
  }
  const seconds = Math.floor(millis / 1000);
  if (seconds > MAX_TIME) {
    throw new InputError(`${name} is too far in the future`);
  }
  return seconds;
}

/**
 * Formats Unix seconds as an ISO 8601 UTC date-time without milliseconds.
 * @param seconds Unix seconds
 * @returns e.g. `2027-01-31T00:00:00Z`
 */
export function formatIsoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** The current time in Unix seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
