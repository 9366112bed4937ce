import { seedHumanity } from "@pop/contracts/actions/registry/seedHumanity";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { parseDecimal } from "@pop/protocol/field";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { addressOption, registryOptions } from "./options.js";

export const registrySeed = defineCommand({
  name: "registry seed",
  usage: `pop registry seed --registry r.json --id 0x… --owner 0x… --commitment C --nullifier-commitment N [--rpc URL]
  Governance registers a genesis human without a request: the first vouchers of a new registry.
  C and N are the two commitments pop identity create prints; the humanity keeps N for life.`,
  options: {
    ...registryOptions,
    id: { type: "string", required: true },
    owner: { type: "string", required: true },
    commitment: { type: "string", required: true },
    "nullifier-commitment": { type: "string", required: true },
  },
  async run(options) {
    const humanityId = parseHumanityId(options.id);
    const owner = addressOption(options.owner, "owner");
    const commitment = parseDecimal(options.commitment, "--commitment");
    const nullifierCommitment = parseDecimal(options["nullifier-commitment"], "--nullifier-commitment");
    const { clients } = await registryContext(options);
    const tx = await seedHumanity(clients, { humanityId, owner, commitment, nullifierCommitment });
    return { output: { humanityId, owner, tx } };
  },
});
