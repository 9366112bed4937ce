import { InputError } from "@pop/core/errors";
import { IRIS_COLUMNS } from "../irisCode.js";
import { CODE_VALUES, TEMPLATE_VALUES } from "./templateShares.js";

/**
 * The mirror image of an eye, computed on a share (docs/uniqueness.md#both-eyes-and-the-mirror).
 * mirrorIrisCode reverses the columns within each half of the 200 and negates the imaginary
 * bits. In the share layout the 4 values of a ring element are 4 rows of one column, so the
 * column reversal moves whole elements, and negating a value negates its element: both act on
 * each party's share alone (a Shamir sharing of v becomes one of −v when every share is
 * negated). No message, no randomness: a party mirrors its query share locally.
 */

const ELEMENTS_PER_BLOCK = IRIS_COLUMNS;
const HALF = IRIS_COLUMNS / 2;

function mirroredColumn(column: number): number {
  return column < HALF ? HALF - 1 - column : IRIS_COLUMNS - 1 - (column - HALF);
}

/**
 * A party's share of the mirrored template, from its share of the template.
 * @param share a party's iris template share (19,200 values, share layout)
 * @returns the share of mirrorIrisCode's template, for the same party
 */
export function mirrorShare(share: Uint16Array): Uint16Array {
  if (!(share instanceof Uint16Array) || share.length !== TEMPLATE_VALUES) {
    throw new InputError(`a template share must be ${TEMPLATE_VALUES} 16-bit values`);
  }
  const out = new Uint16Array(TEMPLATE_VALUES);
  const blocks = TEMPLATE_VALUES / (4 * ELEMENTS_PER_BLOCK);
  for (let block = 0; block < blocks; block++) {
    const base = block * 4 * ELEMENTS_PER_BLOCK;
    // Code blocks 8..15 hold the imaginary bits (share index ≥ 6,400 and < 12,800).
    const negate = base >= CODE_VALUES / 2 && base < CODE_VALUES;
    for (let column = 0; column < ELEMENTS_PER_BLOCK; column++) {
      const from = base + 4 * column;
      const to = base + 4 * mirroredColumn(column);
      for (let k = 0; k < 4; k++) {
        out[to + k] = negate ? -share[from + k]! & 0xffff : share[from + k]!;
      }
    }
  }
  return out;
}
