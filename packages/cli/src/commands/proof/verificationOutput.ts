import type { VerificationResult } from "@pop/protocol/verifyProof";
import type { CommandResult } from "../../result.js";

/**
 * What `proof verify` prints, off chain or on chain alike: exit 0 with the nullifier and what
 * is disclosed, or exit 1 with the reason.
 * @param result the verification result
 */
export function verificationOutput(result: VerificationResult): CommandResult {
  if (result.valid) {
    return { output: { valid: true, nullifier: result.nullifier.toString(), disclosed: result.disclosed, reason: "" } };
  }
  return {
    output: {
      valid: false,
      nullifier: result.nullifier === undefined ? null : result.nullifier.toString(),
      disclosed: {},
      reason: result.reason,
    },
    exitCode: 1,
  };
}
