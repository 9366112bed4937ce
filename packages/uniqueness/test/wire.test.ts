import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@pop/core/bytes";
import { ClusterError, InputError } from "@pop/core/errors";
import { Identity } from "@pop/protocol/identity";
import { describe, expect, it } from "vitest";
import type { ClientInfo, NodeInfo } from "../src/cluster/clusterFile.js";
import { createCustodyPackage } from "../src/custody/package.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode } from "../src/syntheticIris.js";
import {
  consentRequest,
  deleteConsentMessage,
  parseConsentDocument,
  parseDeleteConsent,
  signDeleteConsent,
  verifyDeleteConsent,
} from "../src/wire/consent.js";
import {
  packageHashOf,
  parseRequest,
  REQUEST_WINDOW_SECONDS,
  RequestAuthError,
  signRequest,
  verifyRequest,
} from "../src/wire/envelope.js";
import { newRequestId } from "../src/wire/ids.js";
import { parseResult, resultDigest, type SignedResult, verifyResult } from "../src/wire/results.js";

const random = seededRandom("wireV2.test");
const nodeKeys = [0, 1, 2].map(() => x25519.getPublicKey(random(32))) as [Uint8Array, Uint8Array, Uint8Array];
const issuerSecret = bytesToHex(random(32));
const clients: ClientInfo[] = [
  {
    id: "issuer-a",
    signingKey: bytesToHex(ed25519.getPublicKey(Buffer.from(issuerSecret, "hex"))),
    certificate: "unused here",
    ratePerMinute: 60,
  },
];
const pkg = createCustodyPackage({
  templates: { modality: "iris", left: randomIrisCode(random), right: randomIrisCode(random) },
  nodeKeys,
  nullifierKey: 77n,
  source: { id: "station-1", signing: bytesToHex(random(32)) },
  random,
});
const now = 1_800_000_000;
const enroll = signRequest(
  {
    requestId: newRequestId(),
    kind: "enroll",
    client: "issuer-a",
    time: now,
    body: { personId: newRequestId(), package: pkg, commitment: "1234" },
  },
  issuerSecret,
);
const wire = () => JSON.parse(JSON.stringify(enroll)) as Record<string, unknown>;

describe("signed requests (v2)", () => {
  it("a registered issuer's fresh request verifies, after a JSON round trip", () => {
    const parsed = parseRequest("enroll", wire(), "request");
    expect(verifyRequest(parsed, { clients, peer: "issuer-a", now: now + 10 })).toBe(clients[0]);
  });

  it("refuses another client, another link, a stale time and any changed field", () => {
    const parsed = parseRequest("enroll", wire(), "request");
    expect(() => verifyRequest(parsed, { clients: [], peer: "issuer-a", now })).toThrow(
      new RequestAuthError("client issuer-a is not registered"),
    );
    expect(() => verifyRequest(parsed, { clients, peer: "issuer-b", now })).toThrow(
      new RequestAuthError("the request is signed as issuer-a but the link is issuer-b's"),
    );
    expect(() => verifyRequest(parsed, { clients, peer: "issuer-a", now: now + REQUEST_WINDOW_SECONDS + 1 })).toThrow(
      new RequestAuthError(`the request's time is more than ${REQUEST_WINDOW_SECONDS} s from the node's clock`),
    );
    const changed = [
      { ...parsed, time: now + 1 },
      { ...parsed, body: { ...parsed.body, personId: newRequestId() } },
      { ...parsed, body: { ...parsed.body, package: { ...pkg, nullifierCommitment: "78" } } },
      { ...parsed, requestId: newRequestId() },
    ];
    for (const envelope of changed) {
      expect(() => verifyRequest(envelope, { clients, peer: "issuer-a", now })).toThrow(
        new RequestAuthError("the request's signature by issuer-a does not verify"),
      );
    }
  });

  it("reads strictly: the route's kind, an enrolment's escrow, a delete's reason", () => {
    expect(() => parseRequest("check", wire(), "request")).toThrow(
      new InputError('request.kind must be "check" on this route'),
    );
    const noEscrow = wire();
    (noEscrow.body as { package: { escrow: unknown[] } }).package.escrow = [];
    expect(() => parseRequest("enroll", noEscrow, "request")).toThrow(
      new InputError("request.body.package must carry the escrow of n to enrol"),
    );
    const del = { ...wire(), kind: "delete", body: { personId: newRequestId(), reason: "" } };
    expect(() => parseRequest("delete", del, "request")).toThrow(InputError);
  });

  it("an enrolment carries the authenticator commitment c, read strictly and signed", () => {
    expect(parseRequest("enroll", wire(), "request").body.commitment).toBe("1234");
    const signed = parseRequest("enroll", wire(), "request");
    expect(() =>
      verifyRequest({ ...signed, body: { ...signed.body, commitment: "1235" } }, { clients, peer: "issuer-a", now }),
    ).toThrow(new RequestAuthError("the request's signature by issuer-a does not verify"));
    const body = (value: unknown) => ({ ...wire(), body: { ...(wire().body as object), commitment: value } });
    expect(() => parseRequest("enroll", body("01"), "request")).toThrow(
      new InputError("request.body.commitment must be a decimal string"),
    );
    expect(() => parseRequest("enroll", body(String(2n ** 254n)), "request")).toThrow(
      new InputError("request.body.commitment is not a canonical field element (>= the modulus)"),
    );
    const { commitment: _, ...without } = wire().body as Record<string, unknown>;
    expect(() => parseRequest("enroll", { ...wire(), body: without }, "request")).toThrow(
      new InputError('request.body is missing the field "commitment"'),
    );
  });

  it("a recovery carries the new authenticator's commitment, signed", () => {
    const capture = createCustodyPackage({
      templates: { modality: "iris", left: randomIrisCode(random), right: randomIrisCode(random) },
      nodeKeys,
      nullifierCommitment: 99n,
      source: { id: "station-1", signing: bytesToHex(random(32)) },
      random,
    });
    const body = { package: capture, personId: null, deviceKey: bytesToHex(nodeKeys[0]), commitment: "42" };
    const recover = signRequest(
      { requestId: newRequestId(), kind: "recover", client: "issuer-a", time: now, body },
      issuerSecret,
    );
    const parsed = parseRequest("recover", JSON.parse(JSON.stringify(recover)), "request");
    expect(parsed.body.commitment).toBe("42");
    expect(verifyRequest(parsed, { clients, peer: "issuer-a", now })).toBe(clients[0]);
    expect(() =>
      verifyRequest({ ...parsed, body: { ...parsed.body, commitment: "43" } }, { clients, peer: "issuer-a", now }),
    ).toThrow(new RequestAuthError("the request's signature by issuer-a does not verify"));
    const { commitment: _, ...without } = body;
    expect(() => parseRequest("recover", { ...recover, body: without }, "request")).toThrow(
      new InputError('request.body is missing the field "commitment"'),
    );
  });
});

describe("a delete: the issuer's reason or the person's consent", () => {
  const person = new Identity("wire.test person");
  const stranger = new Identity("wire.test stranger");
  const personId = newRequestId();
  const requestId = newRequestId();
  const document = signDeleteConsent({ authenticator: person, personId, requestId, client: "issuer-a" });
  const commitment = String(person.commitment);
  const check = (changes: Partial<Parameters<typeof verifyDeleteConsent>[0]> = {}) =>
    verifyDeleteConsent({ consent: document.consent, commitment, personId, requestId, client: "issuer-a", ...changes });
  const theirsOf = (identity: Identity) =>
    signDeleteConsent({ authenticator: identity, personId, requestId, client: "issuer-a" }).consent;
  const deleteRequest = (body: Record<string, unknown>) => ({
    requestId,
    kind: "delete",
    client: "issuer-a",
    time: now,
    body,
    signature: "00".repeat(64),
  });

  it("the person's consent signs (domain, person id, request id, client) with their authenticator", () => {
    expect(document).toEqual({
      type: "pop-delete-consent",
      version: 1,
      personId,
      requestId,
      client: "issuer-a",
      consent: {
        publicKey: person.publicKey.map(String),
        signature: expect.objectContaining({ S: expect.stringMatching(/^[1-9][0-9]*$/) }),
      },
    });
    expect(
      Identity.verifySignature(
        deleteConsentMessage({ personId, requestId, client: "issuer-a" }),
        {
          R8: [BigInt(document.consent.signature.R8[0]), BigInt(document.consent.signature.R8[1])],
          S: BigInt(document.consent.signature.S),
        },
        person.publicKey,
      ),
    ).toBe(true);
    expect(check()).toBe("valid");
  });

  it("refuses another authenticator's consent, and a consent for another person, request or client", () => {
    expect(check({ commitment: String(stranger.commitment) })).toBe("another authenticator");
    const theirs = signDeleteConsent({ authenticator: stranger, personId, requestId, client: "issuer-a" });
    expect(check({ consent: theirs.consent })).toBe("another authenticator");
    expect(check({ personId: newRequestId() })).toBe("another request");
    expect(check({ requestId: newRequestId() })).toBe("another request");
    expect(check({ client: "issuer-b" })).toBe("another request");
    const forged = { ...document.consent, signature: { ...document.consent.signature, S: "12345" } };
    expect(check({ consent: forged })).toBe("another request");
  });

  it("a delete body holds exactly one of reason and consent, both covered by the issuer's signature", () => {
    const both = deleteRequest({ personId, reason: "revoked", consent: document.consent });
    const neither = deleteRequest({ personId });
    for (const request of [both, neither]) {
      expect(() => parseRequest("delete", request, "request")).toThrow(
        new InputError('request.body must carry exactly one of "reason" and "consent"'),
      );
    }
    const { requestId: _, ...unsigned } = deleteRequest({ personId, consent: document.consent });
    const signed = signRequest(
      { ...unsigned, requestId, kind: "delete", body: { personId, consent: document.consent } },
      issuerSecret,
    );
    const parsed = parseRequest("delete", JSON.parse(JSON.stringify(signed)), "request");
    expect(parsed.body).toEqual({ personId, consent: document.consent });
    expect(verifyRequest(parsed, { clients, peer: "issuer-a", now })).toBe(clients[0]);
    const swapped = { ...parsed, body: { personId, consent: theirsOf(stranger) } };
    expect(() => verifyRequest(swapped, { clients, peer: "issuer-a", now })).toThrow(
      new RequestAuthError("the request's signature by issuer-a does not verify"),
    );
  });

  it("reads a consent strictly, naming the bad field", () => {
    const good = document.consent;
    const cases: [unknown, string][] = [
      [{ publicKey: good.publicKey }, 'consent is missing the field "signature"'],
      [{ ...good, extra: 1 }, 'consent has an unknown field "extra"'],
      [{ ...good, publicKey: [good.publicKey[0]] }, "consent.publicKey must have 2 items, not 1"],
      [{ ...good, publicKey: [good.publicKey[0], 5] }, "consent.publicKey[1] must be a decimal string"],
      [
        { ...good, publicKey: [good.publicKey[0], String(2n ** 254n)] },
        "consent.publicKey[1] is not a canonical field element (>= the modulus)",
      ],
      [{ ...good, signature: { R8: good.signature.R8 } }, 'consent.signature is missing the field "S"'],
      [{ ...good, signature: { ...good.signature, S: "-1" } }, "consent.signature.S must be a decimal string"],
      [{ ...good, signature: { ...good.signature, R8: "0,0" } }, "consent.signature.R8 must be an array"],
    ];
    for (const [value, message] of cases) {
      expect(() => parseDeleteConsent(value, "consent"), message).toThrow(new InputError(message));
    }
    expect(parseDeleteConsent(JSON.parse(JSON.stringify(good)), "consent")).toEqual(good);
    const body = deleteRequest({ personId, consent: { ...good, publicKey: ["1"] } });
    expect(() => parseRequest("delete", body, "request")).toThrow(
      new InputError("request.body.consent.publicKey must have 2 items, not 1"),
    );
  });

  it("reads a consent document strictly, and sends it only as the client it names", () => {
    const text = JSON.parse(JSON.stringify(document));
    expect(parseConsentDocument(text, "consent file c.json")).toEqual(document);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...text, type: "pop-identity" }, 'consent file c.json.type must be "pop-delete-consent"'],
      [{ ...text, version: 2 }, "consent file c.json.version must be 1"],
      [{ ...text, personId: "xyz" }, "consent file c.json.personId must be 32 lower-case hex characters"],
      [{ ...text, requestId: "A".repeat(32) }, "consent file c.json.requestId must be 32 lower-case hex characters"],
      [{ ...text, client: "bad client" }, "consent file c.json.client is malformed"],
      [
        { ...text, consent: { ...text.consent, publicKey: [] } },
        "consent file c.json.consent.publicKey must have 2 items, not 0",
      ],
    ];
    for (const [value, message] of cases) {
      expect(() => parseConsentDocument(value, "consent file c.json"), message).toThrow(new InputError(message));
    }
    expect(consentRequest(document, "issuer-a")).toEqual({
      requestId,
      body: { personId, consent: document.consent },
    });
    expect(() => consentRequest(document, "issuer-b")).toThrow(
      new InputError("the consent is for client issuer-a, not issuer-b: the person must sign one for issuer-b"),
    );
  });

  it("a delete's answer says why nothing was deleted", () => {
    expect(parseResult("delete", { deleted: true }, "result")).toEqual({ deleted: true });
    const refused = { deleted: false, reason: "the consent is not by the person's authenticator" };
    expect(parseResult("delete", refused, "result")).toEqual(refused);
    expect(() => parseResult("delete", { deleted: false }, "result")).toThrow(
      new InputError('result is missing the field "reason"'),
    );
    expect(() => parseResult("delete", { deleted: true, reason: refused.reason }, "result")).toThrow(
      new InputError('result has an unknown field "reason"'),
    );
    expect(() => parseResult("delete", { deleted: false, reason: "because" }, "result")).toThrow(
      new InputError(
        "result.reason must be one of: the person is not enrolled, the consent is not by the person's authenticator, the consent does not sign this request",
      ),
    );
  });
});

describe("signed answers (v2)", () => {
  const nodeSecret = random(32);
  const node: NodeInfo = {
    party: 1,
    url: "https://127.0.0.1:1",
    peerUrl: "https://127.0.0.1:2",
    encryptionKey: bytesToHex(nodeKeys[1]),
    randomnessKey: bytesToHex(nodeKeys[2]),
    signingKey: bytesToHex(ed25519.getPublicKey(nodeSecret)),
    certificate: "unused here",
  };
  const fields = {
    requestId: enroll.requestId,
    kind: "enroll" as const,
    packageHash: packageHashOf(enroll),
    nullifierCommitment: pkg.nullifierCommitment,
    result: { modality: "iris" as const, enrolled: true as const, slot: 4 },
  };
  const answer: SignedResult<"enroll"> = {
    ...fields,
    party: 1,
    signature: bytesToHex(ed25519.sign(resultDigest(fields), nodeSecret)),
  };

  it("binds the package hash and N: an answer for another package does not verify", () => {
    const expected = {
      node,
      kind: "enroll" as const,
      requestId: enroll.requestId,
      nullifierCommitment: pkg.nullifierCommitment,
    };
    expect(verifyResult({ ...expected, packageHash: fields.packageHash, value: answer }).result).toEqual(fields.result);
    expect(() => verifyResult({ ...expected, packageHash: "00".repeat(32), value: answer })).toThrow(ClusterError);
    expect(() =>
      verifyResult({
        ...expected,
        packageHash: fields.packageHash,
        value: { ...answer, result: { ...fields.result, slot: 5 } },
      }),
    ).toThrow("node 1 sent an answer with a bad signature");
  });
});
