import { mintPersonhoodToken } from "@pop/contracts/actions/mintPersonhoodToken";
import { defineCommand } from "../../command.js";
import { holderContext, holderOptions } from "./holderContext.js";

export const tokenMint = defineCommand({
  name: "token mint",
  usage: `pop token mint --deployment d.json --identity id.json --credential cred.json [--rpc URL]
  Proves personhood for the token's scope, bound to the minting account and disclosing the kind,
  and mints the soulbound token to that account.`,
  options: holderOptions,
  async run(options) {
    const { connection, params } = await holderContext(options);
    const { tokenId, holder, kind, tx } = await mintPersonhoodToken(connection, params);
    return { output: { tokenId: tokenId.toString(), holder, kind, tx } };
  },
});
