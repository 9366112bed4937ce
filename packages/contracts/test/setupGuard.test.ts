import { type Manifest, readManifest } from "@pop/circuits/artifacts";
import { InputError } from "@pop/core/errors";
import { describe, expect, it } from "vitest";
import { checkTrustedSetup } from "../src/setupGuard.js";

/** The committed keys are a development setup; a ceremony's manifest says otherwise. */
const development = readManifest();
const ceremony: Manifest = {
  ...development,
  developmentSetup: false,
  ptau: { name: "powersOfTau28_hez_final_15.ptau", sha256: "1".repeat(64) },
};

function refusal(params: Parameters<typeof checkTrustedSetup>[0]): InputError {
  try {
    checkTrustedSetup(params);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("not refused");
}

describe("the trusted-setup guard", () => {
  it("refuses the development setup on a chain that is not 31337, naming the chain and the flag", () => {
    expect(development.developmentSetup).toBe(true);
    for (const chainId of [1, 10, 8453, 11155111]) {
      const error = refusal({ chainId });
      expect(error.shortMessage).toBe(
        `refusing to deploy verifier keys from a development trusted setup (pot16_dev.ptau) on chain ${chainId}: ` +
          "whoever made the setup can forge proofs; pass --allow-dev-setup to deploy them anyway, or rebuild the " +
          "keys from a ceremony (docs/circuits.md#trusted-setup)",
      );
      expect(error.details).toEqual({ chainId, ptau: development.ptau, flag: "--allow-dev-setup" });
      expect(error.docsPath).toBe("docs/circuits.md#trusted-setup");
    }
    expect(refusal({ chainId: 11155111, allowDevSetup: false }).details.chainId).toBe(11155111);
  });

  it("lets it through on 31337 or when allowed, and a ceremony's keys on any chain", () => {
    expect(checkTrustedSetup({ chainId: 31337 })).toBeUndefined();
    expect(checkTrustedSetup({ chainId: 11155111, allowDevSetup: true })).toBeUndefined();
    expect(checkTrustedSetup({ chainId: 1, manifest: ceremony })).toBeUndefined();
  });
});
