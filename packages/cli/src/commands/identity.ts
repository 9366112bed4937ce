import { createIdentity, exportIdentity } from "@pop/protocol/identity";
import { defineCommand } from "../command.js";
import { writeJsonFile } from "../io.js";

export const identityCreate = defineCommand({
  name: "identity create",
  usage: `pop identity create --out id.json [--force]
  A new identity (a Semaphore v4 key); the file holds the secret and is written 0600.
  Prints the identity commitment an issuer signs.`,
  options: { out: { type: "string", required: true }, force: { type: "boolean" } },
  async run(options) {
    const identity = createIdentity();
    await writeJsonFile(options.out, exportIdentity(identity), { mode: 0o600, overwrite: options.force });
    return { output: { commitment: identity.commitment.toString(), out: options.out } };
  },
});
