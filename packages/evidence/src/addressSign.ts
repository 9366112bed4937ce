import { InputError } from "@pop/core/errors";
import { isAddress } from "viem";

/**
 * The address on the sign (policy v2 3.D, v1 4): the full address must be shown, and a single
 * one of four errors, once, is tolerated.
 */

/** How the shown address differs from the expected one. */
export type AddressEdit = "exact" | "omitted" | "mistaken" | "swapped" | "additional" | "none";

export type AddressSignResult = { ok: boolean; edit: AddressEdit };

/**
 * Checks the address read from a sign against the submitter's address. Case and whitespace
 * are ignored (signs are hand-written). The sign may show the address with its "0x" or
 * without it; the closer reading counts, so "Ox12…" is one mistaken character and "12…" is
 * exact. Accepted: equal, or different by exactly one omitted character, one mistaken
 * character, one swap of two adjacent characters, or one additional character.
 * @param expected the submitter's address (0x and 40 hex digits; a mixed-case one must carry
 *   a valid EIP-55 checksum)
 * @param shown the text on the sign, as read by a curator or OCR
 */
export function checkAddressSign(expected: string, shown: string): AddressSignResult {
  const digits = hexDigits(expected);
  const got = shown.replace(/\s+/g, "").toLowerCase();
  const readings = [classify(`0x${digits}`, got), classify(digits, got)];
  const edit = readings.includes("exact") ? "exact" : (readings.find((reading) => reading !== "none") ?? "none");
  return { ok: edit !== "none", edit };
}

/** The 40 lower-case hex digits of an address, or an InputError. */
export function hexDigits(address: string): string {
  const text = address.trim();
  const prefixed = text.startsWith("0x") || text.startsWith("0X") ? `0x${text.slice(2)}` : `0x${text}`;
  if (!isAddress(prefixed, { strict: true })) {
    throw new InputError(
      /^0x[0-9a-fA-F]{40}$/.test(prefixed)
        ? `${address} has a wrong EIP-55 checksum (mixed case that does not match)`
        : `${address} is not an address (0x and 40 hex digits)`,
    );
  }
  return prefixed.slice(2).toLowerCase();
}

function classify(want: string, got: string): AddressEdit {
  if (got === want) {
    return "exact";
  }
  if (got.length === want.length) {
    const differ: number[] = [];
    for (let i = 0; i < want.length && differ.length <= 2; i++) {
      if (got[i] !== want[i]) differ.push(i);
    }
    if (differ.length === 1) {
      return "mistaken";
    }
    const [i, j] = differ;
    if (differ.length === 2 && j === i! + 1 && got[i!] === want[j] && got[j] === want[i!]) {
      return "swapped";
    }
    return "none";
  }
  if (got.length === want.length - 1 && isOneDeletion(want, got)) {
    return "omitted";
  }
  if (got.length === want.length + 1 && isOneDeletion(got, want)) {
    return "additional";
  }
  return "none";
}

/** Whether `shorter` is `longer` with exactly one character removed. */
function isOneDeletion(longer: string, shorter: string): boolean {
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  return shorter.slice(i) === longer.slice(i + 1);
}
