import { verifyPersonhoodOnChain } from "@pop/contracts/actions/verifyPersonhoodOnChain";
import { textToField } from "@pop/protocol/hashToField";
import { scopeOfSpec } from "@pop/protocol/scope";
import { deploymentContext, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readProofFile } from "../../files.js";
import { SCOPE_USAGE, scopeOptions, scopeSpecOf } from "../proof/scopeOptions.js";
import { verificationOutput } from "../proof/verificationOutput.js";

export const proofVerifyOnchain = defineCommand({
  name: "proof verify --onchain",
  usage: `pop proof verify --onchain --deployment d.json --proof proof.json ${SCOPE_USAGE}
                  [--message M] [--rpc URL]
  Asks the PersonhoodVerifier contract (a view call; nothing is recorded). Without --message the
  proof's own message signal is checked. Exit 0 valid, 1 invalid.`,
  options: {
    ...rpcOption,
    onchain: { type: "boolean" },
    deployment: { type: "string", required: true },
    proof: { type: "string", required: true },
    ...scopeOptions,
    message: { type: "string" },
  },
  async run(options) {
    const spec = scopeSpecOf(options);
    const proof = await readProofFile(options.proof);
    const { connection, deployment } = await deploymentContext(options);
    const result = await verifyPersonhoodOnChain(connection.client, {
      verifier: deployment.personhoodVerifier,
      proof,
      scope: scopeOfSpec(spec),
      ...(options.message === undefined ? {} : { message: textToField(options.message) }),
    });
    return verificationOutput(result);
  },
});
