import { openChallenge } from "@pop/contracts/actions/registry/openChallenge";
import { REASONS } from "@pop/contracts/actions/registry/types";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { InputError } from "@pop/core/errors";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions } from "./options.js";

export const registryChallenge = defineCommand({
  name: "registry challenge",
  usage: `pop registry challenge --registry r.json --request N --reason
                       incorrect-submission|identity-theft|sybil-attack|deceased|none
                       [--duplicate 0x…] [--evidence CID] [--rpc URL]
  Challenges a request in its challenge period, paying the arbitration cost; prints the dispute
  id the jurors vote on.`,
  options: {
    ...registryOptions,
    request: { type: "string", required: true },
    reason: { type: "string", required: true },
    duplicate: { type: "string" },
    evidence: { type: "string" },
  },
  async run(options) {
    const reason = REASONS.find((r) => r === options.reason);
    if (reason === undefined) throw new InputError(`--reason is one of ${REASONS.join(", ")}`);
    const requestId = indexOption(options.request, "request");
    const duplicate = options.duplicate === undefined ? undefined : parseHumanityId(options.duplicate);
    const { clients } = await registryContext(options);
    const { hash, disputeId } = await openChallenge(clients, {
      requestId,
      reason,
      ...(duplicate === undefined ? {} : { duplicate }),
      ...(options.evidence === undefined ? {} : { evidence: options.evidence }),
    });
    return { output: { requestId: requestId.toString(), reason, disputeId: disputeId.toString(), tx: hash } };
  },
});
