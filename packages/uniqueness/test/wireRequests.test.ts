import { x25519 } from "@noble/curves/ed25519.js";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { createCustodyPackage } from "../src/custodyPackage.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode } from "../src/syntheticIris.js";
import { parseAnswerResult } from "../src/wire/answers.js";
import { parseCancelRequest, parseClientRequest } from "../src/wire/requests.js";

const random = seededRandom("wireRequests.test");
const keys = [0, 1, 2].map(() => x25519.getPublicKey(random(32).slice())) as [Uint8Array, Uint8Array, Uint8Array];
const pkg = createCustodyPackage(randomIrisCode(random), keys, random);
const id = "0123456789abcdef0123456789abcdef";

describe("the wire format's requests", () => {
  it("reads each kind with exactly its fields", () => {
    expect(parseClientRequest("check", { requestId: id, package: pkg }, "request")).toEqual({
      kind: "check",
      body: { requestId: id, package: pkg },
    });
    expect(parseClientRequest("enroll", { requestId: id, personId: id, package: pkg }, "request").body).toEqual({
      requestId: id,
      personId: id,
      package: pkg,
    });
    expect(parseClientRequest("delete", { requestId: id, personId: id }, "request")).toEqual({
      kind: "delete",
      body: { requestId: id, personId: id },
    });
    expect(parseCancelRequest({ requestId: id }, "request")).toEqual({ requestId: id });
  });

  it("refuses unknown and missing fields and bad ids, naming them", () => {
    expect(() => parseClientRequest("delete", { requestId: id, personId: id, package: pkg }, "request")).toThrow(
      new InputError('request has an unknown field "package"'),
    );
    expect(() => parseClientRequest("enroll", { requestId: id, package: pkg }, "request")).toThrow(
      new InputError('request is missing the field "personId"'),
    );
    expect(() => parseClientRequest("check", { requestId: 7, package: pkg }, "request")).toThrow(
      new InputError("requestId must be 32 lower-case hex characters"),
    );
    expect(() => parseCancelRequest({ requestId: id.toUpperCase() }, "request")).toThrow(
      new InputError("requestId must be 32 lower-case hex characters"),
    );
  });

  it("refuses a low-order ephemeral key as a named field error", () => {
    const parts = pkg.parts.map((part, i) => (i === 1 ? { ...part, ephemeralKey: "00".repeat(32) } : part));
    expect(() => parseClientRequest("check", { requestId: id, package: { ...pkg, parts } }, "request")).toThrow(
      new InputError("package.parts[1].ephemeralKey is not a usable X25519 public key (a low-order point)"),
    );
  });
});

describe("the wire format's answers", () => {
  it("reads each kind's result strictly", () => {
    expect(parseAnswerResult("check", { modality: "face", unique: false }, "r")).toEqual({
      modality: "face",
      unique: false,
    });
    expect(parseAnswerResult("enroll", { modality: "iris", enrolled: true, slot: 4 }, "r")).toEqual({
      modality: "iris",
      enrolled: true,
      slot: 4,
    });
    expect(() => parseAnswerResult("enroll", { modality: "iris", enrolled: true, reason: "x" }, "r")).toThrow(
      new InputError('r has an unknown field "reason"'),
    );
    expect(() => parseAnswerResult("enroll", { modality: "iris", enrolled: false, reason: "because" }, "r")).toThrow(
      new InputError("r.reason must be one of: person id already enrolled; a matching person is enrolled"),
    );
    expect(() => parseAnswerResult("delete", { deleted: "yes" }, "r")).toThrow(
      new InputError("r.deleted must be true or false"),
    );
  });
});
