import { fundAppeal } from "@pop/contracts/actions/registry/fundAppeal";
import { SIDES } from "@pop/contracts/actions/registry/types";
import { InputError } from "@pop/core/errors";
import { parseIntegerOption } from "../../args.js";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions, wei } from "./options.js";

export const registryAppeal = defineCommand({
  name: "registry appeal",
  usage: `pop registry appeal --registry r.json --request N --challenge i --side requester|challenger --value wei [--rpc URL]
  Funds one side of a challenge's current appeal round.`,
  options: {
    ...registryOptions,
    request: { type: "string", required: true },
    challenge: { type: "string", required: true },
    side: { type: "string", required: true },
    value: { type: "string", required: true },
  },
  async run(options) {
    const side = SIDES.find((s) => s === options.side);
    if (side === undefined) throw new InputError("--side is requester or challenger");
    const requestId = indexOption(options.request, "request");
    const challengeIndex = BigInt(parseIntegerOption(options.challenge, "challenge", 0, 1_000_000));
    const value = wei(options.value, "value");
    const { clients } = await registryContext(options);
    return { output: { tx: await fundAppeal(clients, { requestId, challengeIndex, side, value }) } };
  },
});
