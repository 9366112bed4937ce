import { mintPersonhoodToken } from "@pop/contracts/actions/mintPersonhoodToken";
import { deploymentContext, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readCredentialFile, readIdentityFile } from "../../files.js";
import { progress } from "../../result.js";

export const tokenMint = defineCommand({
  name: "token mint",
  usage: `pop token mint --deployment d.json --identity id.json --credential cred.json [--rpc URL]
  Proves personhood for the token's scope, bound to the minting account and disclosing the kind,
  and mints the soulbound token to that account.`,
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
    const { tokenId, holder, kind, tx } = await mintPersonhoodToken(connection, {
      deployment,
      identity,
      credential,
      onProgress: progress,
    });
    return { output: { tokenId: tokenId.toString(), holder, kind, tx } };
  },
});
