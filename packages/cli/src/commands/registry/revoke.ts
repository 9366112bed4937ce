import { renounceHumanity } from "@pop/contracts/actions/registry/renounceHumanity";
import { revokeHumanity } from "@pop/contracts/actions/registry/revokeHumanity";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { InputError } from "@pop/core/errors";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { registryOptions } from "./options.js";

export const registryRevoke = defineCommand({
  name: "registry revoke",
  usage: `pop registry revoke --registry r.json (--id 0x… --evidence CID | --own) [--rpc URL]
  Asks for a humanity's removal (with the full deposit), or with --own removes the wallet's own at once.`,
  options: {
    ...registryOptions,
    id: { type: "string" },
    evidence: { type: "string" },
    own: { type: "boolean" },
  },
  async run(options) {
    if (
      options.own
        ? options.id !== undefined || options.evidence !== undefined
        : options.id === undefined || options.evidence === undefined
    ) {
      throw new InputError("pass --id and --evidence, or --own");
    }
    const humanityId = options.id === undefined ? undefined : parseHumanityId(options.id);
    const { clients, file } = await registryContext(options);
    if (humanityId === undefined) {
      const { hash, humanityId: renounced } = await renounceHumanity(clients, { fromBlock: file.setFromBlock });
      return { output: { humanityId: renounced, tx: hash } };
    }
    const { hash, requestId } = await revokeHumanity(clients, { humanityId, evidence: options.evidence as string });
    return { output: { requestId: requestId.toString(), tx: hash } };
  },
});
