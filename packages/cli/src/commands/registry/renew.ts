import { renewHumanity } from "@pop/contracts/actions/registry/renewHumanity";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readIdentityFile } from "../../files.js";
import { registryOptions } from "./options.js";

export const registryRenew = defineCommand({
  name: "registry renew",
  usage: `pop registry renew --registry r.json --evidence CID [--identity new-id.json] [--rpc URL]
  The owner asks to renew inside the renewal window (a new identity's commitment optional).`,
  options: {
    ...registryOptions,
    evidence: { type: "string", required: true },
    identity: { type: "string" },
  },
  async run(options) {
    const commitment =
      options.identity === undefined ? undefined : (await readIdentityFile(options.identity)).commitment;
    const { clients } = await registryContext(options);
    const { hash, requestId } = await renewHumanity(clients, {
      evidence: options.evidence,
      ...(commitment === undefined ? {} : { commitment }),
    });
    return { output: { requestId: requestId.toString(), tx: hash } };
  },
});
