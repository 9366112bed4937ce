import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { describe, expect, inject, it } from "vitest";
import {
  ARTIFACTS_DIR,
  CIRCUIT_DEPTHS,
  circuitDepthFor,
  loadVerificationKey,
  readManifest,
  sha256,
} from "../src/artifacts.js";

const compiled = inject("compiled");

describe.each(CIRCUIT_DEPTHS)("committed artifacts of personhood-%i", (depth) => {
  const entry = readManifest().builds[String(depth)]!;
  const file = (suffix: string) => readFile(join(ARTIFACTS_DIR, `personhood-${depth}${suffix}`));

  it("match the circuit source: a fresh compile gives the recorded r1cs and wasm", async () => {
    const build = compiled[String(depth)]!;
    expect(sha256(await readFile(build.r1cs))).toBe(entry.r1cs);
    expect(sha256(await readFile(build.wasm))).toBe(entry.wasm);
    expect(sha256(await file(".wasm"))).toBe(entry.wasm);
    const info = await snarkjs.r1cs.info(build.r1cs);
    expect(info.nConstraints).toBe(entry.constraints);
    expect(info.nOutputs + info.nPubInputs).toBe(6);
  });

  it("have the recorded zkey and vkey, and the vkey is the zkey's", async () => {
    const zkey = await file(".zkey");
    expect(sha256(zkey)).toBe(entry.zkey);
    expect(sha256(await file(".vkey.json"))).toBe(entry.vkey);
    const exported = await snarkjs.zKey.exportVerificationKey(new Uint8Array(zkey));
    expect(JSON.parse(JSON.stringify(exported))).toEqual(loadVerificationKey(depth));
    expect(exported.nPublic).toBe(6);
  });
});

describe("build selection", () => {
  it("picks the smallest build that covers a set's depth", () => {
    expect(circuitDepthFor(0)).toBe(20);
    expect(circuitDepthFor(20)).toBe(20);
    expect(circuitDepthFor(21)).toBe(32);
    expect(circuitDepthFor(33)).toBeUndefined();
    expect(loadVerificationKey(16)).toBeUndefined();
  });

  it("keeps the depth-20 build inside a 2^13 evaluation domain (the reason for its design)", () => {
    const entry = readManifest().builds["20"]!;
    expect(entry.constraints + entry.publicSignals).toBeLessThan(2 ** 13);
  });
});
