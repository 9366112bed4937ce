import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { bytesToHex } from "@pop/core/bytes";
import { InputError } from "@pop/core/errors";
import { nullifierCommitmentOf } from "@pop/protocol/identity";
import { describe, expect, it } from "vitest";
import type { SourceInfo } from "../src/cluster/clusterFile.js";
import { combineNullifierKey, splitNullifierKey } from "../src/custody/escrow.js";
import {
  CustodyError,
  type CustodyPackage,
  createCustodyPackage,
  openCustodyPart,
  openEscrowPart,
  verifyPackageSource,
} from "../src/custody/package.js";
import { parseCustodyPackage } from "../src/custody/parsePackage.js";
import { recoverNullifierKey, sealRecoveredShare } from "../src/custody/recovery.js";
import { faceTemplateValues, quantizeFace } from "../src/faceTemplate.js";
import { irisCodeToJson } from "../src/irisCode.js";
import { reconstructShares, templateValues } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode } from "../src/syntheticIris.js";

const random = seededRandom("custodyPackageV2.test");
const secrets = [random(32), random(32), random(32)];
const nodeKeys = secrets.map((secret) => x25519.getPublicKey(secret)) as [Uint8Array, Uint8Array, Uint8Array];
const signing = bytesToHex(random(32));
const sources: SourceInfo[] = [
  { id: "other-station", kind: "station", signingKey: bytesToHex(ed25519.getPublicKey(random(32))) },
  { id: "kyc-issuer", kind: "issuer", signingKey: bytesToHex(ed25519.getPublicKey(Buffer.from(signing, "hex"))) },
];
const nullifierKey = 123_456_789_012_345_678_901_234_567_890n;
const left = randomIrisCode(random);
const right = randomIrisCode(random);
const pkg = createCustodyPackage({
  templates: { modality: "iris", left, right },
  nodeKeys,
  nullifierKey,
  source: { id: "kyc-issuer", signing },
  random,
});
const reparsed = () => parseCustodyPackage(JSON.parse(JSON.stringify(pkg)), "package");

describe("the custody package v2", () => {
  it("carries N, both eyes and the escrow, signed by its source; two nodes rebuild each eye", () => {
    const parsed = reparsed();
    expect(parsed.nullifierCommitment).toBe(String(nullifierCommitmentOf(nullifierKey)));
    expect(verifyPackageSource(parsed, sources)).toEqual(sources[1]);
    const opened = [0, 1, 2].map((party) => openCustodyPart(parsed, party as 0 | 1 | 2, secrets[party]!));
    expect(opened[0]).toHaveLength(2);
    expect(reconstructShares([0, 2], [opened[0]![0]!, opened[2]![0]!])).toEqual(templateValues(left));
    expect(reconstructShares([1, 2], [opened[1]![1]!, opened[2]![1]!])).toEqual(templateValues(right));
    const text = JSON.stringify(pkg);
    expect(text).not.toContain(irisCodeToJson(left).iris_codes.slice(0, 40));
    expect(text).not.toContain(String(nullifierKey));
  });

  it("any two escrow shares rebuild n, checked against N", () => {
    const parsed = reparsed();
    const shares = ([0, 1, 2] as const).map((party) => ({
      party,
      value: openEscrowPart(parsed, party, secrets[party]!),
    }));
    const n = nullifierCommitmentOf(nullifierKey);
    for (const pair of [
      [shares[0]!, shares[1]!],
      [shares[2]!, shares[0]!],
      [shares[1]!, shares[2]!],
    ]) {
      expect(combineNullifierKey(pair, n)).toBe(nullifierKey);
    }
    expect(combineNullifierKey(shares, n)).toBe(nullifierKey);
    // One share is not n, a wrong share is caught by N, and one share is too few.
    expect(shares.map((share) => share.value)).not.toContain(nullifierKey);
    expect(() => combineNullifierKey([shares[0]!, { party: 1, value: shares[1]!.value + 1n }], n)).toThrow(
      new InputError("the escrow shares rebuild a key whose commitment is not N"),
    );
    expect(() => combineNullifierKey([shares[0]!, { ...shares[2]!, value: 5n }, shares[1]!], n)).toThrow(InputError);
    expect(() => combineNullifierKey([shares[0]!], n)).toThrow(
      new InputError("rebuilding the nullifier key needs shares of two distinct nodes"),
    );
    expect(splitNullifierKey(nullifierKey, random)).not.toEqual(splitNullifierKey(nullifierKey, random));
  });

  it("a recovery: nodes seal their shares to the new device key, which alone rebuilds n", () => {
    const parsed = reparsed();
    const device = random(32);
    const deviceKey = bytesToHex(x25519.getPublicKey(device));
    const requestId = "ab".repeat(16);
    const n = parsed.nullifierCommitment;
    const boxes = ([0, 2] as const).map((party) => ({
      party,
      box: sealRecoveredShare({
        share: { party, value: openEscrowPart(parsed, party, secrets[party]!) },
        deviceKey,
        requestId,
        nullifierCommitment: n,
        random,
      }),
    }));
    expect(recoverNullifierKey({ shares: boxes, deviceSecret: device, requestId, nullifierCommitment: n })).toBe(
      nullifierKey,
    );
    expect(() =>
      recoverNullifierKey({ shares: boxes, deviceSecret: random(32), requestId, nullifierCommitment: n }),
    ).toThrow(new CustodyError("recovered share 0 is sealed to another key"));
    // A share sealed for one request does not open as another's.
    expect(() =>
      recoverNullifierKey({ shares: boxes, deviceSecret: device, requestId: "cd".repeat(16), nullifierCommitment: n }),
    ).toThrow(CustodyError);
  });

  it("refuses unknown sources and anything changed after signing", () => {
    expect(() => verifyPackageSource(reparsed(), sources.slice(0, 1))).toThrow(
      new CustodyError("the package's source kyc-issuer is not a registered capture source"),
    );
    const changed = (edit: (p: CustodyPackage) => void) => {
      const copy = reparsed();
      edit(copy);
      return copy;
    };
    const flip = (text: string) =>
      text[5] === "A" ? `${text.slice(0, 5)}B${text.slice(6)}` : `${text.slice(0, 5)}A${text.slice(6)}`;
    const cases: [string, CustodyPackage][] = [
      ["another N", changed((p) => (p.nullifierCommitment = "42"))],
      ["a changed template part", changed((p) => (p.parts[1]!.ciphertext = flip(p.parts[1]!.ciphertext)))],
      ["a changed escrow part", changed((p) => (p.escrow[2]!.nonce = p.escrow[1]!.nonce))],
      ["another source's name", changed((p) => (p.source.id = "other-station"))],
      ["another package's signature", changed((p) => (p.source.signature = bytesToHex(new Uint8Array(64))))],
    ];
    for (const [name, copy] of cases) {
      expect(() => verifyPackageSource(copy, sources), name).toThrow(CustodyError);
    }
  });

  it("a part opens only for its node, modality and N, even if a source re-signed a change", () => {
    const parsed = reparsed();
    expect(() => openCustodyPart(parsed, 0, secrets[1]!)).toThrow(
      new CustodyError("custody part 0 is sealed to another key"),
    );
    const relabelled = { ...parsed, nullifierCommitment: "42" };
    expect(() => openCustodyPart(relabelled, 1, secrets[1]!)).toThrow(
      new CustodyError("custody part 1 does not decrypt (tampered, corrupted or of another kind)"),
    );
    expect(() => openEscrowPart(relabelled, 2, secrets[2]!)).toThrow(CustodyError);
    const face = quantizeFace(Array.from({ length: 1024 }, () => random(1)[0]! - 128));
    const facePkg = createCustodyPackage({
      templates: { modality: "face", face },
      nodeKeys,
      nullifierKey,
      source: { id: "kyc-issuer", signing },
      random,
    });
    const faceParts = [1, 2].map((party) => openCustodyPart(facePkg, party as 1 | 2, secrets[party]!)[0]!);
    expect(reconstructShares([1, 2], [faceParts[0]!, faceParts[1]!])).toEqual(faceTemplateValues(face));
    // A face part relabelled as irises has the wrong length; with the length right it does not open.
    expect(() => parseCustodyPackage({ ...JSON.parse(JSON.stringify(facePkg)), modality: "iris" }, "package")).toThrow(
      new InputError("package.parts[0].ciphertext has the wrong length"),
    );
  });

  it("refuses a version 1 package with the reason", () => {
    expect(() =>
      parseCustodyPackage({ type: "pop.custodyPackage", version: 1, modality: "iris", parts: [] }, "pkg.json"),
    ).toThrow(
      new InputError(
        "pkg.json is a version 1 package (no N, no escrow, not signed by a capture source): make a new one with pop uniqueness package",
      ),
    );
  });
});
