import { addCredentialOnChain } from "@pop/contracts/actions/addCredentialOnChain";
import { expectSignedCredential } from "@pop/protocol/addCredentialToSet";
import { deploymentContext, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readCredentialFile } from "../../files.js";

export const setAddOnchain = defineCommand({
  name: "set add --onchain",
  usage: `pop set add --onchain --deployment d.json --credential cred.json [--rpc URL]
  Checks the credential's signature against the key the IssuerRegistry records for its issuer,
  then the registrar (POP_PRIVATE_KEY) inserts its leaf. A registry credential is refused before
  any chain is contacted: the registry contract inserted its leaf.`,
  options: {
    ...rpcOption,
    onchain: { type: "boolean" },
    deployment: { type: "string", required: true },
    credential: { type: "string", required: true },
  },
  async run(options) {
    const credential = expectSignedCredential(await readCredentialFile(options.credential));
    const { connection, deployment } = await deploymentContext(options);
    const { leaf, root, tx } = await addCredentialOnChain(connection, { deployment, credential });
    return { output: { leaf: leaf.toString(), root: root.toString(), tx } };
  },
});
