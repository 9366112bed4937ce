import { pathExists } from "@pop/core/files";
import { addCredentialToSet, updateCredentialInSet } from "@pop/protocol/addCredentialToSet";
import { HumanitySet } from "@pop/protocol/humanitySet";
import { defineCommand } from "../command.js";
import { readCredentialFile, readHumanitySetFile, readIssuerSetFile } from "../files.js";
import { writeJsonFile } from "../io.js";

export const setAdd = defineCommand({
  name: "set add",
  usage: `pop set add --set set.json --credential cred.json --issuers issuers.json
  Checks the credential: its issuer's signature, by the active key the issuer set records for
  its issuer id, of a kind that issuer may issue; then adds the leaf (creates the set file if
  absent). A registry credential is refused: the registry contract inserts its leaf.`,
  options: {
    set: { type: "string", required: true },
    credential: { type: "string", required: true },
    issuers: { type: "string", required: true },
  },
  async run(options) {
    const credential = await readCredentialFile(options.credential);
    const issuers = await readIssuerSetFile(options.issuers);
    const set = (await pathExists(options.set)) ? await readHumanitySetFile(options.set) : new HumanitySet();
    const { leaf, index } = addCredentialToSet(set, credential, { issuers });
    await writeJsonFile(options.set, set.toJSON(), { overwrite: true });
    return { output: { leaf: leaf.toString(), index, root: set.root.toString(), size: set.size, depth: set.depth } };
  },
});

export const setUpdate = defineCommand({
  name: "set update",
  usage: `pop set update --set set.json --from old-cred.json --to new-cred.json --issuers issuers.json
  Replaces a credential's leaf with its successor's (after pop identity rotate, or a renewal):
  both are checked against the issuer set, the new one must carry the same nullifier commitment
  N and come from the same issuer, and the old leaf must be in the set. The set file is
  rewritten whole or not at all; the old authenticator stops proving against the new root.`,
  options: {
    set: { type: "string", required: true },
    from: { type: "string", required: true },
    to: { type: "string", required: true },
    issuers: { type: "string", required: true },
  },
  async run(options) {
    const from = await readCredentialFile(options.from);
    const to = await readCredentialFile(options.to);
    const issuers = await readIssuerSetFile(options.issuers);
    const set = await readHumanitySetFile(options.set);
    const { oldLeaf, leaf, index } = updateCredentialInSet(set, from, to, { issuers });
    await writeJsonFile(options.set, set.toJSON(), { overwrite: true });
    return {
      output: {
        oldLeaf: oldLeaf.toString(),
        leaf: leaf.toString(),
        index,
        root: set.root.toString(),
        size: set.size,
        depth: set.depth,
      },
    };
  },
});

export const setRoot = defineCommand({
  name: "set root",
  usage: `pop set root --set set.json
  Prints the humanity set's root, size and depth.`,
  options: { set: { type: "string", required: true } },
  async run(options) {
    const set = await readHumanitySetFile(options.set);
    return { output: { root: set.root.toString(), size: set.size, depth: set.depth } };
  },
});
