import { ArtifactError, InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { checkKeptBuilds, isDevelopmentSetup, nextManifest, type SetupRun } from "../scripts/buildManifest.js";
import { type BuildEntry, DEV_PTAU_SHA256, type Manifest } from "../src/artifacts.js";

const PUBLIC_PTAU = { name: "powersOfTau28_hez_final_15.ptau", sha256: "1".repeat(64) };
const DEV_PTAU = { name: "pot16_dev.ptau", sha256: DEV_PTAU_SHA256 };
const COMPILER = "circom2 0.2.23 --O2";

function build(depth: number, names: string[], beacon?: string): BuildEntry {
  const contributions: BuildEntry["contributions"] = names.map((name, i) => ({ name, hash: String(i).repeat(128) }));
  if (beacon !== undefined) {
    contributions.push({ name: "final beacon", hash: "e".repeat(128), beacon: { hash: beacon, iterationsExp: 10 } });
  }
  return {
    circuit: `circuits/main/personhood-${depth}.circom`,
    constraints: depth * 100,
    publicSignals: 7,
    r1cs: "a".repeat(64),
    wasm: "b".repeat(64),
    zkey: "c".repeat(64),
    vkey: "d".repeat(64),
    contributions,
  };
}
const run = (over: Partial<SetupRun> = {}): SetupRun => ({
  compiler: COMPILER,
  ptau: PUBLIC_PTAU,
  developmentSetup: false,
  depths: [20, 32],
  ...over,
});
const devManifest: Manifest = {
  compiler: COMPILER,
  ptau: DEV_PTAU,
  developmentSetup: true,
  builds: { "20": build(20, ["pop build"]), "32": build(32, ["pop build"]) },
};

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("a build's setup", () => {
  it("is a development one from the development ptau, or without a named contribution", () => {
    expect(isDevelopmentSetup({ ptauSha256: DEV_PTAU_SHA256, contributions: ["alice"] })).toBe(true);
    expect(isDevelopmentSetup({ ptauSha256: PUBLIC_PTAU.sha256, contributions: [] })).toBe(true);
    expect(isDevelopmentSetup({ ptauSha256: PUBLIC_PTAU.sha256, contributions: ["alice"] })).toBe(false);
  });
});

describe("the manifest a build run writes", () => {
  it("records a full ceremony rebuild: the public ptau, production, every contribution and the beacon", () => {
    const builds = {
      "32": build(32, ["alice", "bob"], "ab".repeat(32)),
      "20": build(20, ["alice", "bob"], "ab".repeat(32)),
    };
    const manifest = nextManifest(devManifest, run(), builds);
    expect(manifest).toEqual({ compiler: COMPILER, ptau: PUBLIC_PTAU, developmentSetup: false, builds });
    expect(Object.keys(manifest.builds)).toEqual(["20", "32"]);
  });

  it("starts fresh in an empty output folder", () => {
    const builds = { "20": build(20, ["alice"]) };
    expect(nextManifest(undefined, run({ depths: [20] }), builds)).toEqual({
      compiler: COMPILER,
      ptau: PUBLIC_PTAU,
      developmentSetup: false,
      builds,
    });
  });

  it("keeps the builds it does not rebuild, and stays a development setup while one of them is", () => {
    const previous: Manifest = { ...devManifest, ptau: PUBLIC_PTAU };
    const builds = { "20": build(20, ["alice"]) };
    expect(nextManifest(previous, run({ depths: [20] }), builds)).toEqual({
      compiler: COMPILER,
      ptau: PUBLIC_PTAU,
      developmentSetup: true,
      builds: { "20": builds["20"], "32": devManifest.builds["32"] },
    });
  });

  it("is a development setup when this run's is, whatever the kept builds were", () => {
    const previous = nextManifest(undefined, run(), { "20": build(20, ["a"]), "32": build(32, ["a"]) });
    const again = nextManifest(previous, run({ depths: [20], developmentSetup: true }), {
      "20": build(20, ["pop build"]),
    });
    expect([previous.developmentSetup, again.developmentSetup]).toEqual([false, true]);
  });

  it("refuses, before any work, a partial rebuild with another ptau or compiler than the kept builds", () => {
    const ptau = thrown(() => checkKeptBuilds(devManifest, run({ depths: [20] })));
    expect(ptau).toBeInstanceOf(InputError);
    expect((ptau as InputError).shortMessage).toBe(
      "build 32 came from pot16_dev.ptau, not powersOfTau28_hez_final_15.ptau: rebuild every depth with a new ptau",
    );
    const compiler = thrown(() =>
      checkKeptBuilds(devManifest, run({ depths: [32], ptau: DEV_PTAU, compiler: "circom2 0.3.0 --O2" })),
    );
    expect((compiler as InputError).shortMessage).toBe(
      "build 20 was compiled by circom2 0.2.23 --O2, not circom2 0.3.0 --O2: rebuild every depth",
    );
    expect(() => nextManifest(devManifest, run({ depths: [20] }), { "20": build(20, ["a"]) })).toThrow(
      "build 32 came from pot16_dev.ptau",
    );
    expect(checkKeptBuilds(devManifest, run())).toBeUndefined();
    expect(checkKeptBuilds(undefined, run({ depths: [20] }))).toBeUndefined();
  });

  it("cannot claim production for the development ptau or a key with only a beacon", () => {
    const dev = thrown(() => nextManifest(undefined, run({ ptau: DEV_PTAU }), { "20": build(20, ["a"]) }));
    expect(dev).toBeInstanceOf(ArtifactError);
    expect((dev as ArtifactError).shortMessage).toBe(
      "the circuit artifacts' manifest.json is malformed: manifest.developmentSetup is false, but the ptau is the development one",
    );
    const beaconOnly = thrown(() => nextManifest(undefined, run(), { "20": build(20, [], "ab") }));
    expect((beaconOnly as ArtifactError).shortMessage).toBe(
      "the circuit artifacts' manifest.json is malformed: manifest.developmentSetup is false, but build 20 has no secret contribution",
    );
  });
});
