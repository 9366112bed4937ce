import { executeRuling } from "@pop/contracts/actions/executeRuling";
import { RULINGS, voteOnDispute } from "@pop/contracts/actions/voteOnDispute";
import { InputError } from "@pop/core/errors";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions } from "./options.js";

export const registryRule = defineCommand({
  name: "registry rule",
  usage: `pop registry rule --registry r.json --dispute N (--vote requester|challenger|refuse | --execute) [--rpc URL]
  A committee juror votes, or anyone executes the ruling after the appeal window.`,
  options: {
    ...registryOptions,
    dispute: { type: "string", required: true },
    vote: { type: "string" },
    execute: { type: "boolean" },
  },
  async run(options) {
    const disputeId = indexOption(options.dispute, "dispute");
    if ((options.vote === undefined) === !options.execute) {
      throw new InputError("pass --vote requester|challenger|refuse or --execute");
    }
    const ruling = RULINGS.find((r) => r === options.vote);
    if (options.vote !== undefined && ruling === undefined) {
      throw new InputError("--vote is requester, challenger or refuse");
    }
    const { connection, file } = await registryContext(options);
    const params = { arbitrator: file.arbitrator, disputeId };
    const tx =
      ruling === undefined
        ? await executeRuling(connection, params)
        : await voteOnDispute(connection, { ...params, ruling });
    return { output: { disputeId: disputeId.toString(), tx } };
  },
});
