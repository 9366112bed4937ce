import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { FACE_EMBEDDING_BOUND, parseFaceEmbedding } from "../src/faceEmbedding.js";
import { FACE_DIMENSIONS } from "../src/faceTemplate.js";

const values = Array.from({ length: FACE_DIMENSIONS }, (_, i) => ((i % 7) - 3) / 4);
const SHAPE = 'face.json must hold 1024 numbers (an array, or {"embedding": [...]})';

describe("parseFaceEmbedding", () => {
  it("reads the array form and the {embedding} form to the same numbers", () => {
    expect(parseFaceEmbedding(values, "face.json")).toEqual(values);
    expect(parseFaceEmbedding({ embedding: values }, "face.json")).toEqual(values);
  });

  it("takes values at the bound, and refuses one just past it, naming the index", () => {
    const atBound = values.map((x, i) => (i === 5 ? -FACE_EMBEDDING_BOUND : x));
    expect(parseFaceEmbedding(atBound, "face.json")[5]).toBe(-1000);
    const past = values.map((x, i) => (i === 9 ? 1000.5 : x));
    expect(() => parseFaceEmbedding(past, "face.json")).toThrow(
      new InputError("face.json[9] must be a finite number from -1000 to 1000"),
    );
  });

  it("refuses non-finite values (JSON's 1e999 reads as Infinity)", () => {
    const infinite = JSON.parse(`[${values.map((x, i) => (i === 0 ? "1e999" : String(x))).join(",")}]`) as number[];
    expect(() => parseFaceEmbedding(infinite, "face.json")).toThrow(
      new InputError("face.json[0] must be a finite number from -1000 to 1000"),
    );
    expect(() => parseFaceEmbedding({ embedding: values.map((x, i) => (i === 3 ? Number.NaN : x)) }, "f")).toThrow(
      new InputError("f.embedding[3] must be a finite number from -1000 to 1000"),
    );
  });

  it("refuses unknown fields, a missing embedding, and the wrong shape", () => {
    expect(() => parseFaceEmbedding({ embedding: values, model: "arcface" }, "face.json")).toThrow(
      new InputError('face.json has an unknown field "model"'),
    );
    expect(() => parseFaceEmbedding({}, "face.json")).toThrow(
      new InputError('face.json is missing the field "embedding"'),
    );
    expect(() => parseFaceEmbedding([1, 2, 3], "face.json")).toThrow(new InputError(SHAPE));
    expect(() => parseFaceEmbedding({ embedding: [...values.slice(1), "1"] }, "face.json")).toThrow(
      new InputError(SHAPE),
    );
    expect(() => parseFaceEmbedding("1,2,3", "face.json")).toThrow(new InputError(SHAPE));
    expect(() => parseFaceEmbedding(null, "face.json")).toThrow(new InputError(SHAPE));
  });

  it("refuses an embedding too close to all zeros to have a direction", () => {
    expect(() => parseFaceEmbedding(new Array(FACE_DIMENSIONS).fill(0), "face.json")).toThrow(
      new InputError("face.json is (nearly) all zeros: its length is under 1e-6"),
    );
    expect(() => parseFaceEmbedding(new Array(FACE_DIMENSIONS).fill(1e-200), "face.json")).toThrow(
      new InputError("face.json is (nearly) all zeros: its length is under 1e-6"),
    );
  });
});
