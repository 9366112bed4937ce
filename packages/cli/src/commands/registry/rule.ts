import { closeVoting } from "@pop/contracts/actions/closeVoting";
import { executeRuling } from "@pop/contracts/actions/executeRuling";
import { RULINGS, voteOnDispute } from "@pop/contracts/actions/voteOnDispute";
import { InputError } from "@pop/core/errors";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions } from "./options.js";

export const registryRule = defineCommand({
  name: "registry rule",
  usage: `pop registry rule --registry r.json --dispute N (--vote requester|challenger|refuse | --close | --execute)
                   [--rpc URL]
  A committee juror votes; anyone closes a round with no majority after its voting period (the
  most votes cast rule, a tie or no vote refuses), or executes the ruling after the appeal window.`,
  options: {
    ...registryOptions,
    dispute: { type: "string", required: true },
    vote: { type: "string" },
    close: { type: "boolean" },
    execute: { type: "boolean" },
  },
  async run(options) {
    const disputeId = indexOption(options.dispute, "dispute");
    if ([options.vote !== undefined, options.close === true, options.execute === true].filter(Boolean).length !== 1) {
      throw new InputError("pass one of --vote requester|challenger|refuse, --close or --execute");
    }
    const ruling = RULINGS.find((r) => r === options.vote);
    if (options.vote !== undefined && ruling === undefined) {
      throw new InputError("--vote is requester, challenger or refuse");
    }
    const { connection, file } = await registryContext(options);
    const params = { arbitrator: file.arbitrator, disputeId };
    const tx =
      ruling !== undefined
        ? await voteOnDispute(connection, { ...params, ruling })
        : options.close
          ? await closeVoting(connection, params)
          : await executeRuling(connection, params);
    return { output: { disputeId: disputeId.toString(), tx } };
  },
});
