import { fundRequest } from "@pop/contracts/actions/registry/fundRequest";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions, wei } from "./options.js";

export const registryFund = defineCommand({
  name: "registry fund",
  usage: `pop registry fund --registry r.json --request N --value wei [--rpc URL]
  Crowdfunds a request's deposit.`,
  options: {
    ...registryOptions,
    request: { type: "string", required: true },
    value: { type: "string", required: true },
  },
  async run(options) {
    const requestId = indexOption(options.request, "request");
    const value = wei(options.value, "value");
    const { clients } = await registryContext(options);
    return { output: { tx: await fundRequest(clients, { requestId, value }) } };
  },
});
