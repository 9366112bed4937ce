import { pathExists } from "@pop/core/files";
import { addCredentialToSet } from "@pop/protocol/addCredentialToSet";
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
