import { renewHumanity } from "@pop/contracts/actions/registry/renewHumanity";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readIdentityFile } from "../../files.js";
import { registryOptions } from "./options.js";

export const registryRenew = defineCommand({
  name: "registry renew",
  usage: `pop registry renew --registry r.json --evidence CID [--identity new-id.json] [--rpc URL]
  The owner asks to renew inside the renewal window. --identity moves the leaf to that identity's
  authenticator: one rotated from the registered identity (pop identity rotate), since the
  humanity keeps its nullifier commitment for life.`,
  options: {
    ...registryOptions,
    evidence: { type: "string", required: true },
    identity: { type: "string" },
  },
  async run(options) {
    const identity = options.identity === undefined ? undefined : await readIdentityFile(options.identity);
    const { clients } = await registryContext(options);
    const { hash, requestId } = await renewHumanity(clients, {
      evidence: options.evidence,
      ...(identity === undefined
        ? {}
        : { commitment: identity.commitment, nullifierCommitment: identity.nullifierCommitment }),
    });
    return { output: { requestId: requestId.toString(), tx: hash } };
  },
});
