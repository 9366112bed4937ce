import { loadVerificationKey } from "@pop/circuits/artifacts";
import { nowSeconds, parseIsoTime } from "@pop/core/time";
import { textToField } from "@pop/protocol/hashToField";
import { scopeOfSpec } from "@pop/protocol/scope";
import { verifyPersonhoodProof } from "@pop/protocol/verifyProof";
import { parseIntegerOption } from "../../args.js";
import { defineCommand } from "../../command.js";
import { readHumanitySetFile, readIssuerSetFile, readProofFile } from "../../files.js";
import { SCOPE_USAGE, scopeOptions, scopeSpecOf } from "./scopeOptions.js";
import { verificationOutput } from "./verificationOutput.js";

export const proofVerify = defineCommand({
  name: "proof verify",
  usage: `pop proof verify --proof proof.json --set set.json --issuers issuers.json ${SCOPE_USAGE}
                  [--message M] [--at <ISO time>] [--max-age <seconds>]
  Verifies a proof as a relying party: canonical signals, scope, message, roots, freshness and
  the Groth16 pairing. Exit 0 valid, 1 invalid (with the reason).`,
  options: {
    proof: { type: "string", required: true },
    set: { type: "string", required: true },
    issuers: { type: "string", required: true },
    ...scopeOptions,
    message: { type: "string" },
    at: { type: "string" },
    "max-age": { type: "string" },
  },
  async run(options) {
    const spec = scopeSpecOf(options);
    const at = options.at === undefined ? nowSeconds() : parseIsoTime(options.at, "--at");
    const maxAge =
      options["max-age"] === undefined ? undefined : parseIntegerOption(options["max-age"], "max-age", 0, 2 ** 40);
    const proof = await readProofFile(options.proof);
    const humanitySet = await readHumanitySetFile(options.set);
    const issuerSet = await readIssuerSetFile(options.issuers);
    const result = await verifyPersonhoodProof(proof, {
      verificationKey: loadVerificationKey(proof.maxDepth),
      merkleRoots: [humanitySet.root],
      issuerRoot: issuerSet.root(),
      scope: scopeOfSpec(spec),
      ...(options.message === undefined ? {} : { message: textToField(options.message) }),
      at,
      ...(maxAge === undefined ? {} : { maxAge }),
    });
    return verificationOutput(result);
  },
});
