import { generatePersonhoodProof } from "@pop/protocol/generateProof";
import { type ParsedPersonhoodProof, parsePersonhoodProof, proofDocument } from "@pop/protocol/proofDocument";
import { verifyPersonhoodProof } from "@pop/protocol/verifyProof";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProverArtifacts, loadVerificationKey } from "../src/artifacts.js";
import { personhoodFixture } from "./fixture.js";

const fixture = personhoodFixture();
let document: ReturnType<typeof proofDocument>;
const policy = () => ({
  verificationKey: loadVerificationKey(20),
  merkleRoots: [fixture.humanitySet.root],
  issuerRoot: fixture.issuerSet.root(),
  scope: fixture.scope,
  message: fixture.message,
  at: fixture.time + 60,
});
const reparse = (change: (doc: { decoded: { disclosed: object } }) => void): ParsedPersonhoodProof => {
  const copy = JSON.parse(JSON.stringify(document));
  change(copy);
  return parsePersonhoodProof(copy);
};

beforeAll(async () => {
  const proof = await generatePersonhoodProof(fixture, loadProverArtifacts(20));
  document = proofDocument(proof, { scope: "circuit-test-scope", message: "circuit-test-message" });
});

describe("verifyPersonhoodProof on a real proof", () => {
  it("accepts it and returns the nullifier and disclosed values", async () => {
    const result = await verifyPersonhoodProof(
      reparse(() => {}),
      policy(),
    );
    expect(result).toMatchObject({ valid: true, disclosed: { country: 102, kind: "kyc" } });
    expect(result.valid && result.nullifier).toBe(BigInt(document.publicSignals[2]!));
  });

  it("accepts a root still inside the relying party's history window, and refuses one outside it", async () => {
    const proof = reparse(() => {});
    const withHistory = { ...policy(), merkleRoots: [123n, fixture.humanitySet.root] };
    expect((await verifyPersonhoodProof(proof, withHistory)).valid).toBe(true);
    const result = await verifyPersonhoodProof(proof, { ...policy(), merkleRoots: [123n] });
    expect(result).toEqual({
      valid: false,
      reason: "the proof's humanity-set root is not an accepted root of the set",
      nullifier: BigInt(document.publicSignals[2]!),
    });
  });

  it("ignores key order in the decoded view but refuses an edited one", async () => {
    const reordered = reparse((doc) => {
      doc.decoded.disclosed = { kind: "kyc", country: 102 };
    });
    expect((await verifyPersonhoodProof(reordered, policy())).valid).toBe(true);
    const edited = reparse((doc) => {
      doc.decoded.disclosed = { country: 250, kind: "kyc" };
    });
    expect(await verifyPersonhoodProof(edited, policy())).toMatchObject({
      valid: false,
      reason: "the proof file's decoded view does not match its public signals (disclosed)",
    });
  });

  it("refuses a proof checked against another build's key", async () => {
    const result = await verifyPersonhoodProof(
      reparse(() => {}),
      { ...policy(), verificationKey: loadVerificationKey(32) },
    );
    expect(result).toMatchObject({
      valid: false,
      reason: "the Groth16 proof does not verify against its public signals",
    });
    const unknown = await verifyPersonhoodProof(
      reparse(() => {}),
      { ...policy(), verificationKey: undefined },
    );
    expect(unknown).toMatchObject({ valid: false, reason: "no verification key for a circuit of depth 20" });
  });

  it("refuses proofs from the future and proofs that are too old", async () => {
    const proof = reparse(() => {});
    const early = await verifyPersonhoodProof(proof, { ...policy(), at: fixture.time - 301 });
    expect(early).toMatchObject({ valid: false, reason: "the proof's time 2027-01-15T08:00:10Z is in the future" });
    const late = await verifyPersonhoodProof(proof, { ...policy(), at: fixture.time + 3601 });
    expect(late).toMatchObject({ valid: false, reason: "the proof's time 2027-01-15T08:00:10Z is too old" });
    expect((await verifyPersonhoodProof(proof, { ...policy(), at: fixture.time + 3600 })).valid).toBe(true);
  });
});
