import { MAX_ROTATION } from "../irisCode.js";
import { mirrorShare } from "./mirrorShare.js";
import type { DotShares, ShareGallery } from "./shareGallery.js";
import type { Party } from "./templateShares.js";

/**
 * A two-eye iris query against a party's two galleries, in the four orientations
 * (docs/uniqueness.md#both-eyes-and-the-mirror). Entry k of the left and right galleries is one
 * person's two eyes. A capture may present that person as captured, with the eyes swapped (the
 * other eye in each slot), as a mirror image (each slot holds the mirror of the other eye) or
 * with each eye mirrored in place: eight passes of one query form over one gallery, paired by
 * IRIS_ORIENTATIONS. Mirroring is local on the shares (mirrorShare).
 */

/** The passes each orientation needs to match (both eyes), indices into irisPasses' result. */
export const IRIS_ORIENTATIONS: readonly (readonly number[])[] = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
];

/** One person's two eyes, as a party's shares. */
export type EyeShares = { readonly left: Uint16Array; readonly right: Uint16Array };

/**
 * This party's dot-product shares of the eight passes.
 * @param galleries the party's left-eye and right-eye galleries (same entries, same order)
 * @param party this party
 * @param query this party's shares of the query's two eyes
 * @param entries how many entries to compare with
 * @param rotations how far to rotate each way (default 15)
 */
export function irisPasses(
  galleries: { readonly left: ShareGallery; readonly right: ShareGallery },
  party: Party,
  query: EyeShares,
  entries: number,
  rotations: number = MAX_ROTATION,
): DotShares[] {
  const { left, right } = galleries;
  const mirroredLeft = mirrorShare(query.left);
  const mirroredRight = mirrorShare(query.right);
  const pass = (gallery: ShareGallery, share: Uint16Array) => gallery.dotShares(party, share, { entries, rotations });
  return [
    pass(left, query.left),
    pass(right, query.right),
    pass(right, query.left),
    pass(left, query.right),
    pass(right, mirroredLeft),
    pass(left, mirroredRight),
    pass(left, mirroredLeft),
    pass(right, mirroredRight),
  ];
}
