import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArtifactError } from "@pop/core/errors";
import { personhoodCircuitInput } from "@pop/protocol/generateProof";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BEACON_ITERATIONS_EXP, BEACON_NAME, runPhase2 } from "../scripts/phase2.js";
import { readZkeyContributions } from "../scripts/zkeyContributions.js";
import { ARTIFACTS_DIR, type Contribution, loadVerificationKey, readManifest } from "../src/artifacts.js";
import { personhoodFixture } from "./fixture.js";

/**
 * The build script's phase 2, run for real on a copy of the committed depth-20 key (the
 * Groth16 setup before it, newZKey from the ptau, takes minutes and is left to the script).
 */
const committedZkey = join(ARTIFACTS_DIR, "personhood-20.zkey");
const BEACON = "5a".repeat(32);
let dir: string;
let contributions: Contribution[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pop-phase2-"));
  contributions = await runPhase2({
    from: committedZkey,
    to: join(dir, "out.zkey"),
    contributions: ["alice", "bob"],
    beacon: BEACON,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("phase-2 contributions", () => {
  it("append each named contribution and the beacon, as the new zkey records them", async () => {
    const [first, alice, bob, beacon] = contributions;
    expect(contributions).toHaveLength(4);
    expect(first).toEqual(readManifest().builds["20"]!.contributions[0]);
    expect([alice!.name, bob!.name, beacon!.name]).toEqual(["alice", "bob", BEACON_NAME]);
    expect(beacon!.beacon).toEqual({ hash: BEACON, iterationsExp: BEACON_ITERATIONS_EXP });
    for (const contribution of contributions) expect(contribution.hash).toMatch(/^[0-9a-f]{128}$/);
    expect(new Set(contributions.map((c) => c.hash)).size).toBe(4);
    expect(readZkeyContributions(await readFile(join(dir, "out.zkey")))).toEqual(contributions);
    // Only the output is left behind.
    expect(await readdir(dir)).toEqual(["out.zkey"]);
  });

  it("give a key that proves, whose proofs the old key's verifier refuses", async () => {
    const zkey = new Uint8Array(await readFile(join(dir, "out.zkey")));
    const wasm = new Uint8Array(await readFile(join(ARTIFACTS_DIR, "personhood-20.wasm")));
    const input = personhoodCircuitInput(personhoodFixture(), 20);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, wasm, zkey);
    const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(loadVerificationKey(20), publicSignals, proof)).toBe(false);
  });

  it("need at least one contribution", async () => {
    await expect(runPhase2({ from: committedZkey, to: join(dir, "none.zkey"), contributions: [] })).rejects.toThrow(
      new ArtifactError("phase 2 needs at least one contribution"),
    );
  });
});
