import { InputError } from "@pop/core/errors";
import { Identity } from "@semaphore-protocol/identity";
import { describe, expect, it } from "vitest";
import { createIdentity, exportIdentity, parseIdentity } from "./identity.js";

describe("identity", () => {
  it("is a Semaphore v4 identity: the same private key gives the same commitment", () => {
    const identity = createIdentity();
    const file = exportIdentity(identity);
    expect(Identity.import(file.privateKey).commitment).toBe(identity.commitment);
    expect(parseIdentity(JSON.parse(JSON.stringify(file))).commitment).toBe(identity.commitment);
    expect(file.commitment).toBe(identity.commitment.toString());
  });

  it("imports an identity made by Semaphore's own library", () => {
    const semaphore = new Identity();
    const file = {
      version: 1,
      type: "pop-identity",
      privateKey: semaphore.export(),
      commitment: `${semaphore.commitment}`,
    };
    expect(parseIdentity(file).secretScalar).toBe(semaphore.secretScalar);
  });

  it("refuses malformed files with a clear error", () => {
    const file = exportIdentity(createIdentity());
    const other = exportIdentity(createIdentity());
    expect(() => parseIdentity({ ...file, extra: 1 })).toThrow(new InputError('identity has an unknown field "extra"'));
    expect(() => parseIdentity({ ...file, commitment: other.commitment })).toThrow(
      new InputError("identity.commitment does not match identity.privateKey"),
    );
    expect(() => parseIdentity({ ...file, privateKey: "AAAA" })).toThrow(/32 bytes/);
    expect(() => parseIdentity({ ...file, version: 2 })).toThrow(/identity.version must be 1/);
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
