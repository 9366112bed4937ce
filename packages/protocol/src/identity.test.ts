import { InputError } from "@pop/core/errors";
import { Identity } from "@semaphore-protocol/identity";
import { poseidon1 } from "poseidon-lite";
import { describe, expect, it } from "vitest";
import { SNARK_SCALAR_FIELD } from "./field.js";
import { createIdentity, exportIdentity, holderCommitments, parseIdentity, rotateAuthenticator } from "./identity.js";

describe("identity: two keys", () => {
  it("holds a Semaphore v4 authenticator and a nullifier key n with N = Poseidon(n)", () => {
    const identity = createIdentity();
    const file = exportIdentity(identity);
    expect(Identity.import(file.privateKey).commitment).toBe(identity.commitment);
    expect(identity.nullifierCommitment).toBe(poseidon1([identity.nullifierKey]));
    expect(identity.nullifierKey > 0n && identity.nullifierKey < SNARK_SCALAR_FIELD).toBe(true);
    expect(identity.nullifierKey).not.toBe(identity.authenticator.secretScalar);
    const parsed = parseIdentity(JSON.parse(JSON.stringify(file)));
    expect([parsed.commitment, parsed.nullifierKey, parsed.nullifierCommitment]).toEqual([
      identity.commitment,
      identity.nullifierKey,
      identity.nullifierCommitment,
    ]);
    expect(file).toEqual({
      version: 2,
      type: "pop-identity",
      privateKey: identity.authenticator.export(),
      commitment: identity.commitment.toString(),
      nullifierKey: identity.nullifierKey.toString(),
      nullifierCommitment: identity.nullifierCommitment.toString(),
    });
  });

  it("gives an issuer only the two commitments, never a key", () => {
    const identity = createIdentity();
    expect(holderCommitments(identity)).toEqual({
      commitment: identity.commitment,
      nullifierCommitment: identity.nullifierCommitment,
    });
  });

  it("makes independent keys for each human", () => {
    const [a, b] = [createIdentity(), createIdentity()];
    expect(a.nullifierKey).not.toBe(b.nullifierKey);
    expect(a.commitment).not.toBe(b.commitment);
  });

  it("rotation replaces the authenticator and keeps n and N", () => {
    const identity = createIdentity();
    const rotated = rotateAuthenticator(identity);
    expect(rotated.commitment).not.toBe(identity.commitment);
    expect(rotated.authenticator.secretScalar).not.toBe(identity.authenticator.secretScalar);
    expect(rotated.nullifierKey).toBe(identity.nullifierKey);
    expect(rotated.nullifierCommitment).toBe(identity.nullifierCommitment);
  });

  it("takes an authenticator made by Semaphore's own library", () => {
    const semaphore = new Identity();
    const file = {
      ...exportIdentity(createIdentity()),
      privateKey: semaphore.export(),
      commitment: `${semaphore.commitment}`,
    };
    expect(parseIdentity(file).authenticator.secretScalar).toBe(semaphore.secretScalar);
  });

  it("refuses a version-1 (one-key) file, saying why it cannot be upgraded", () => {
    const semaphore = new Identity();
    const v1 = {
      version: 1,
      type: "pop-identity",
      privateKey: semaphore.export(),
      commitment: `${semaphore.commitment}`,
    };
    expect(() => parseIdentity(v1)).toThrow(InputError);
    expect(() => parseIdentity(v1)).toThrow(/identity.version is 1: .*cannot be upgraded.*pop identity create/);
  });

  it("refuses malformed files with a clear error", () => {
    const file = exportIdentity(createIdentity());
    const other = exportIdentity(createIdentity());
    expect(() => parseIdentity({ ...file, extra: 1 })).toThrow(new InputError('identity has an unknown field "extra"'));
    expect(() => parseIdentity({ ...file, commitment: other.commitment })).toThrow(
      new InputError("identity.commitment does not match identity.privateKey"),
    );
    expect(() => parseIdentity({ ...file, nullifierCommitment: other.nullifierCommitment })).toThrow(
      new InputError("identity.nullifierCommitment does not match identity.nullifierKey"),
    );
    expect(() => parseIdentity({ ...file, nullifierKey: other.nullifierKey })).toThrow(
      new InputError("identity.nullifierCommitment does not match identity.nullifierKey"),
    );
    expect(() => parseIdentity({ ...file, nullifierKey: "0" })).toThrow(
      new InputError("identity.nullifierKey must be a non-zero field element"),
    );
    expect(() => parseIdentity({ ...file, nullifierKey: SNARK_SCALAR_FIELD.toString() })).toThrow(
      new InputError("identity.nullifierKey is not a canonical field element (>= the modulus)"),
    );
    const { nullifierKey: _, ...missing } = file;
    expect(() => parseIdentity(missing)).toThrow(new InputError('identity is missing the field "nullifierKey"'));
    expect(() => parseIdentity({ ...file, privateKey: "AAAA" })).toThrow(/32 bytes/);
    expect(() => parseIdentity({ ...file, version: 3 })).toThrow(new InputError("identity.version must be 2"));
    expect(() => parseIdentity({ ...file, type: "x" })).toThrow(new InputError('identity.type must be "pop-identity"'));
    expect(() => parseIdentity([])).toThrow(/identity must be a JSON object/);
  });

  it("names the field for a key that is not canonical base64 (never a DOMException from atob)", () => {
    const file = exportIdentity(createIdentity());
    for (const [privateKey, message] of [
      ["AAAAA", "identity.privateKey must be base64"],
      ["AAA", "identity.privateKey must be base64"],
      ["AAAA====", "identity.privateKey must be base64"],
      [`${file.privateKey.slice(0, 42)}B=`, "identity.privateKey is not canonical base64"],
      [42, "identity.privateKey must be a string"],
    ] as const) {
      expect(() => parseIdentity({ ...file, privateKey })).toThrow(new InputError(message));
    }
  });
});
