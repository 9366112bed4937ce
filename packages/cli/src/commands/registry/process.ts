import { processVouches } from "@pop/contracts/actions/registry/processVouches";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions } from "./options.js";

export const registryProcess = defineCommand({
  name: "registry process",
  usage: `pop registry process --registry r.json --request N [--rpc URL]
  Releases, or penalises, a final request's vouchers.`,
  options: { ...registryOptions, request: { type: "string", required: true } },
  async run(options) {
    const requestId = indexOption(options.request, "request");
    const { clients, file } = await registryContext(options);
    const { processed } = await processVouches(clients, { requestId, fromBlock: file.setFromBlock });
    return { output: { processed } };
  },
});
