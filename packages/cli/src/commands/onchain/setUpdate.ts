import { updateCredentialOnChain } from "@pop/contracts/actions/addCredentialOnChain";
import { checkSuccessor, expectSignedCredential } from "@pop/protocol/addCredentialToSet";
import { deploymentContext, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readCredentialFile } from "../../files.js";

export const setUpdateOnchain = defineCommand({
  name: "set update --onchain",
  usage: `pop set update --onchain --deployment d.json --from old-cred.json --to new-cred.json [--rpc URL]
  Checks both credentials against the keys the IssuerRegistry records (same nullifier commitment
  N, same issuer), then the registrar (POP_PRIVATE_KEY) replaces the old leaf with the new one in
  the HumanitySet (the siblings come from its events); the contract refuses another N too.`,
  options: {
    ...rpcOption,
    onchain: { type: "boolean" },
    deployment: { type: "string", required: true },
    from: { type: "string", required: true },
    to: { type: "string", required: true },
  },
  async run(options) {
    // A registry credential, another N or another issuer is refused before any chain is contacted.
    const from = expectSignedCredential(await readCredentialFile(options.from));
    const to = expectSignedCredential(await readCredentialFile(options.to));
    checkSuccessor(from, to);
    const { connection, deployment } = await deploymentContext(options);
    const { oldLeaf, leaf, root, tx } = await updateCredentialOnChain(connection, { deployment, from, to });
    return { output: { oldLeaf: oldLeaf.toString(), leaf: leaf.toString(), root: root.toString(), tx } };
  },
});
