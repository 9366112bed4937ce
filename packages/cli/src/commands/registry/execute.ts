import { finalizeRequest } from "@pop/contracts/actions/registry/finalizeRequest";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions } from "./options.js";

export const registryExecute = defineCommand({
  name: "registry execute",
  usage: `pop registry execute --registry r.json --request N [--rpc URL]
  Applies a request whose challenge period ended (the leaf's siblings are read from the humanity
  set's events, from the set's own deployment block), then releases its vouchers.`,
  options: { ...registryOptions, request: { type: "string", required: true } },
  async run(options) {
    const requestId = indexOption(options.request, "request");
    const { clients, file } = await registryContext(options);
    const { tx, released } = await finalizeRequest(clients, { requestId, fromBlock: file.setFromBlock });
    return { output: { requestId: requestId.toString(), tx, released } };
  },
});
