import { InputError } from "@pop/core/errors";
import { addPoint, Base8, mulPointEscalar, r, subOrder } from "@zk-kit/baby-jubjub";
import { describe, expect, it } from "vitest";
import { checkIssuerPublicKey, createIssuer, exportIssuer, parseIssuer, parseIssuerPublicKey } from "./issuer.js";

/**
 * Keys an adversary may register for an issuer id. With the identity (0, 1), or any point whose
 * order divides the cofactor 8, zk-kit's verifySignature accepts S·B8 = R8 for any message.
 */
const BAD_KEYS = {
  identity: [0n, 1n] as const,
  offCurve: [1n, 2n] as const,
  // (0, −1) has order 2: a x² + y² = 1 + d x² y² holds, and doubling it gives (0, 1).
  smallOrder: [0n, r - 1n] as const,
  // B8 + (0, −1) = (−x, −y): on the curve, order 2l, so neither small nor in the subgroup.
  outsideSubgroup: addPoint(Base8, [0n, r - 1n]) as readonly [bigint, bigint],
};

describe("issuer public keys", () => {
  it("builds the bad points it means to", () => {
    expect(mulPointEscalar([...BAD_KEYS.smallOrder], 2n)).toEqual([0n, 1n]);
    expect(BAD_KEYS.outsideSubgroup).toEqual([r - Base8[0], r - Base8[1]]);
    expect(mulPointEscalar([...BAD_KEYS.outsideSubgroup], subOrder)).toEqual([0n, r - 1n]);
  });

  it.each([
    [
      "the identity (0, 1)",
      BAD_KEYS.identity,
      "is a point of small order (the identity (0, 1) is one): it would accept any signature",
    ],
    ["a point off the curve", BAD_KEYS.offCurve, "is not a point on the Baby JubJub curve"],
    [
      "a point of order 2",
      BAD_KEYS.smallOrder,
      "is a point of small order (the identity (0, 1) is one): it would accept any signature",
    ],
    ["a point of order 2l", BAD_KEYS.outsideSubgroup, "is not in the prime-order subgroup of Baby JubJub"],
  ])("refuses %s", (_, key, message) => {
    expect(() => checkIssuerPublicKey(key, "key")).toThrow(new InputError(`key ${message}`));
    const decimal = [key[0].toString(), key[1].toString()];
    expect(() => parseIssuerPublicKey(decimal, "issuer.publicKey")).toThrow(
      new InputError(`issuer.publicKey ${message}`),
    );
  });

  it("accepts every key createIssuer makes and refuses one that is not two field elements", () => {
    const { publicKey } = createIssuer({ issuerId: 4, name: "four" });
    expect(checkIssuerPublicKey(publicKey, "key")).toBe(publicKey);
    expect(checkIssuerPublicKey(Base8, "key")).toBe(Base8);
    expect(() => checkIssuerPublicKey([r, 1n], "key")).toThrow(new InputError("key must be two field elements"));
  });

  it("names the bad key of an issuer file before comparing it with the private key", () => {
    const file = exportIssuer(createIssuer({ issuerId: 4, name: "four" }));
    expect(() => parseIssuer({ ...file, publicKey: ["0", "1"] })).toThrow(
      new InputError(
        "issuer.publicKey is a point of small order (the identity (0, 1) is one): it would accept any signature",
      ),
    );
    expect(() => parseIssuer({ ...file, publicKey: ["1", "2"] })).toThrow(
      new InputError("issuer.publicKey is not a point on the Baby JubJub curve"),
    );
  });
});
