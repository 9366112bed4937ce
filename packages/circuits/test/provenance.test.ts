import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ArtifactError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { readZkeyContributions } from "../scripts/zkeyContributions.js";
import { ARTIFACTS_DIR, CIRCUIT_DEPTHS, DEV_PTAU_SHA256, parseManifest, readManifest } from "../src/artifacts.js";

/** A JSON document to tamper with. */
type Doc = Record<string, unknown>;
const committed = async () => JSON.parse(await readFile(join(ARTIFACTS_DIR, "manifest.json"), "utf8")) as Doc;

function refusal(value: unknown): string {
  try {
    parseManifest(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ArtifactError);
    return (error as ArtifactError).shortMessage.replace("the circuit artifacts' manifest.json is malformed: ", "");
  }
  throw new Error("accepted");
}

describe("the committed setup's provenance", () => {
  it("is the development setup: the development ptau, one anonymous contribution per key", () => {
    const manifest = readManifest();
    expect([manifest.developmentSetup, manifest.ptau]).toEqual([
      true,
      { name: "pot16_dev.ptau", sha256: DEV_PTAU_SHA256 },
    ]);
    expect(manifest.builds["20"]!.contributions).toEqual([
      {
        name: "pop build",
        hash: "d20969f4d39b7274f125bc55bf448e9f2ae21e2f4110c998619578c1fafd9def92442a4b54109b8b82d262767027b40c25b63d841fd1f50155ba334d7acb8677",
      },
    ]);
  });

  it.each(CIRCUIT_DEPTHS)("lists exactly the contributions the personhood-%i zkey records", async (depth) => {
    const zkey = await readFile(join(ARTIFACTS_DIR, `personhood-${depth}.zkey`));
    expect(readZkeyContributions(zkey)).toEqual(readManifest().builds[String(depth)]!.contributions);
  });

  it("a zkey reader refuses what is not a whole Groth16 zkey", async () => {
    const zkey = await readFile(join(ARTIFACTS_DIR, "personhood-20.zkey"));
    expect(() => readZkeyContributions(new TextEncoder().encode("ptau\u0001"))).toThrow(
      new ArtifactError("not a zkey file"),
    );
    expect(() => readZkeyContributions(zkey.subarray(0, 4096))).toThrow(new ArtifactError("the zkey is truncated"));
  });
});

describe("the manifest is read strictly", () => {
  it("accepts the committed one as it is", async () => {
    expect(parseManifest(await committed())).toEqual(readManifest());
  });

  // Each case: the path of the field to change in the committed manifest, its new value
  // (undefined: deleted), and the refusal.
  it.each([
    [["signedBy"], "x", 'manifest has an unknown field "signedBy"'],
    [["developmentSetup"], undefined, 'manifest is missing the field "developmentSetup"'],
    [["developmentSetup"], "no", "manifest.developmentSetup must be a boolean"],
    [["ptau", "sha256"], "00", "manifest.ptau.sha256 is malformed"],
    [["builds", "020"], {}, 'manifest.builds has a bad depth "020"'],
    [["builds", "20", "contributions"], undefined, 'manifest.builds.20 is missing the field "contributions"'],
    [
      ["builds", "32", "contributions", "0", "entropy"],
      "x",
      'manifest.builds.32.contributions[0] has an unknown field "entropy"',
    ],
    [["builds", "20", "contributions", "0", "hash"], "ab", "manifest.builds.20.contributions[0].hash is malformed"],
    [
      ["builds", "20", "contributions", "0", "beacon"],
      { hash: "ab", iterationsExp: 9 },
      "manifest.builds.20.contributions[0].beacon.iterationsExp must be an integer from 10 to 63",
    ],
    [["developmentSetup"], false, "manifest.developmentSetup is false, but the ptau is the development one"],
  ])("refuses %j set to %j", async (path, value, message) => {
    const manifest = await committed();
    const parent = path.slice(0, -1).reduce((node, key) => node[key] as Doc, manifest);
    if (value === undefined) delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = value;
    expect(refusal(manifest)).toBe(message);
  });

  it("accepts a production setup: a public ptau and a secret contribution before the beacon", async () => {
    const manifest = await committed();
    manifest.developmentSetup = false;
    manifest.ptau = { name: "powersOfTau28_hez_final_15.ptau", sha256: "1".repeat(64) };
    const builds = manifest.builds as Record<string, { contributions: Doc[] }>;
    const beacon = { name: "final beacon", hash: "e".repeat(128), beacon: { hash: "ab", iterationsExp: 10 } };
    for (const depth of CIRCUIT_DEPTHS) builds[depth]!.contributions.push(beacon);
    expect(parseManifest(manifest).developmentSetup).toBe(false);
    for (const depth of CIRCUIT_DEPTHS) builds[depth]!.contributions.shift();
    expect(refusal(manifest)).toBe("manifest.developmentSetup is false, but build 20 has no secret contribution");
  });
});
