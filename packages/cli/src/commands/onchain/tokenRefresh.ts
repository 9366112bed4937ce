import { refreshPersonhoodToken } from "@pop/contracts/actions/refreshPersonhoodToken";
import { formatIsoTime } from "@pop/core/time";
import { deploymentContext, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readCredentialFile, readIdentityFile } from "../../files.js";
import { progress } from "../../result.js";

export const tokenRefresh = defineCommand({
  name: "token refresh",
  usage: `pop token refresh --deployment d.json --identity id.json --credential cred.json [--rpc URL]
  Proves personhood again for the token's scope against the humanity set's current root, so the
  wallet's soulbound token is valid for another lifetime (a removed human cannot refresh).`,
  options: {
    ...rpcOption,
    deployment: { type: "string", required: true },
    identity: { type: "string", required: true },
    credential: { type: "string", required: true },
  },
  async run(options) {
    const identity = await readIdentityFile(options.identity);
    const credential = await readCredentialFile(options.credential);
    const { connection, deployment } = await deploymentContext(options);
    const { tokenId, holder, validUntil, tx } = await refreshPersonhoodToken(connection, {
      deployment,
      identity,
      credential,
      onProgress: progress,
    });
    return { output: { tokenId: tokenId.toString(), holder, validUntil: formatIsoTime(Number(validUntil)), tx } };
  },
});
