import { refreshPersonhoodToken } from "@pop/contracts/actions/refreshPersonhoodToken";
import { formatIsoTime } from "@pop/core/time";
import { defineCommand } from "../../command.js";
import { holderContext, holderOptions } from "./holderContext.js";

export const tokenRefresh = defineCommand({
  name: "token refresh",
  usage: `pop token refresh --deployment d.json --identity id.json --credential cred.json [--rpc URL]
  Proves personhood again for the token's scope against the humanity set's current root, so the
  wallet's soulbound token is valid for another lifetime (a removed human cannot refresh).`,
  options: holderOptions,
  async run(options) {
    const { connection, params } = await holderContext(options);
    const { tokenId, holder, validUntil, tx } = await refreshPersonhoodToken(connection, params);
    return { output: { tokenId: tokenId.toString(), holder, validUntil: formatIsoTime(Number(validUntil)), tx } };
  },
});
