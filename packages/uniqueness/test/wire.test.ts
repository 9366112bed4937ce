import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@pop/core/bytes";
import { ClusterError, InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import type { ClientInfo, NodeInfo } from "../src/cluster/clusterFile.js";
import { createCustodyPackage } from "../src/custody/package.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode } from "../src/syntheticIris.js";
import {
  packageHashOf,
  parseRequest,
  REQUEST_WINDOW_SECONDS,
  RequestAuthError,
  signRequest,
  verifyRequest,
} from "../src/wire/envelope.js";
import { newRequestId } from "../src/wire/ids.js";
import { resultDigest, type SignedResult, verifyResult } from "../src/wire/results.js";

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
    body: { personId: newRequestId(), package: pkg },
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
