import { x25519 } from "@noble/curves/ed25519.js";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import {
  CustodyError,
  createCustodyPackage,
  createFaceCustodyPackage,
  openCustodyPart,
  parseCustodyPackage,
} from "../src/custodyPackage.js";
import { faceTemplateValues, quantizeFace } from "../src/faceTemplate.js";
import { irisCodeToJson } from "../src/irisCode.js";
import { reconstructShares, templateValues } from "../src/mpc/templateShares.js";
import { seededRandom } from "../src/randomSource.js";
import { randomIrisCode } from "../src/syntheticIris.js";

const random = seededRandom("custodyPackage.test");
const secrets = [random(32), random(32), random(32)];
const publics = secrets.map((secret) => x25519.getPublicKey(secret)) as [Uint8Array, Uint8Array, Uint8Array];
const iris = randomIrisCode(random);
const pack = createCustodyPackage(iris, publics, random);
const json = JSON.parse(JSON.stringify(pack)) as unknown;

describe("the custody package", () => {
  it("each node opens its own part, and two parts rebuild the template", () => {
    const parsed = parseCustodyPackage(json, "package");
    const opened = parsed.parts.map((part, party) => openCustodyPart(part, secrets[party]!, "iris"));
    expect(reconstructShares([0, 2], [opened[0]!, opened[2]!])).toEqual(templateValues(iris));
    // Shares given to the wrong parties rebuild something else.
    expect(reconstructShares([1, 2], [opened[0]!, opened[2]!])).not.toEqual(templateValues(iris));
  });

  it("holds no plaintext template", () => {
    const text = JSON.stringify(pack);
    const plain = irisCodeToJson(iris);
    expect(text).not.toContain(plain.iris_codes.slice(0, 40));
    expect(text).not.toContain(plain.mask_codes.slice(0, 40));
  });

  it("a node cannot open another node's part", () => {
    expect(() => openCustodyPart(pack.parts[1]!, secrets[0]!, "iris")).toThrow(
      new CustodyError("custody part 1 is sealed to another node key"),
    );
  });

  it("refuses a tampered ciphertext and a part moved to another party", () => {
    const part = pack.parts[0]!;
    const flipped = `${part.ciphertext[0] === "A" ? "B" : "A"}${part.ciphertext.slice(1)}`;
    expect(() => openCustodyPart({ ...part, ciphertext: flipped }, secrets[0]!, "iris")).toThrow(
      new CustodyError("custody part 0 does not decrypt (tampered or corrupted)"),
    );
    // The party number is bound in the associated data.
    expect(() => openCustodyPart({ ...part, party: 1 }, secrets[0]!, "iris")).toThrow(CustodyError);
  });

  it("a face package opens only as a face: the modality is bound in the associated data", () => {
    const face = quantizeFace(Array.from({ length: 1024 }, () => random(1)[0]! - 128));
    const facePack = createFaceCustodyPackage(face, publics, random);
    expect(facePack.modality).toBe("face");
    const parsed = parseCustodyPackage(JSON.parse(JSON.stringify(facePack)), "package");
    const opened = parsed.parts.map((part, party) => openCustodyPart(part, secrets[party]!, "face"));
    expect(reconstructShares([1, 2], [opened[1]!, opened[2]!])).toEqual(faceTemplateValues(face));
    // Relabelled as an iris package, a face part does not open (and vice versa).
    expect(() => openCustodyPart(facePack.parts[0]!, secrets[0]!, "iris")).toThrow(
      new CustodyError("custody part 0 does not decrypt (tampered or corrupted)"),
    );
    expect(() => openCustodyPart(pack.parts[2]!, secrets[2]!, "face")).toThrow(CustodyError);
  });

  const bad: [string, (value: Record<string, unknown>) => unknown, string][] = [
    ["a wrong type", (v) => ({ ...v, type: "x" }), 'p.type must be "pop.custodyPackage"'],
    ["two parts", (v) => ({ ...v, parts: (v.parts as unknown[]).slice(0, 2) }), "p.parts must have 3 items, not 2"],
    [
      "parts out of order",
      (v) => ({ ...v, parts: [...(v.parts as unknown[])].reverse() }),
      "p.parts[0].party must be an integer from 0 to 0",
    ],
    [
      "a short ciphertext",
      (v) => ({ ...v, parts: (v.parts as Record<string, unknown>[]).map((p) => ({ ...p, ciphertext: "AAAA" })) }),
      "p.parts[0].ciphertext has the wrong length",
    ],
    ["an unknown field", (v) => ({ ...v, extra: 1 }), 'p has an unknown field "extra"'],
    ["an unknown modality", (v) => ({ ...v, modality: "voice" }), "p.modality must be one of iris, face"],
  ];
  for (const [what, change, message] of bad) {
    it(`parsing refuses ${what}`, () => {
      expect(() => parseCustodyPackage(change(json as Record<string, unknown>), "p")).toThrow(new InputError(message));
    });
  }
});
