import { ArtifactError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { loadProverArtifacts, loadVerificationKey } from "../src/artifacts.js";

describe("circuit artifacts: typed refusals", () => {
  it("a depth with no shipped build is an ArtifactError naming the depth", () => {
    let error: unknown;
    try {
      loadProverArtifacts(7);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArtifactError);
    expect([(error as ArtifactError).shortMessage, (error as ArtifactError).details]).toEqual([
      "no personhood circuit build for depth 7",
      { maxDepth: 7 },
    ]);
    expect(loadVerificationKey(7)).toBeUndefined();
  });
});
