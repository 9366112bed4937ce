import { createIdentity, exportIdentity, type PopIdentity, rotateAuthenticator } from "@pop/protocol/identity";
import { defineCommand } from "../command.js";
import { readIdentityFile } from "../files.js";
import { writeJsonFile } from "../io.js";

/** Writes an identity file 0600 (it holds both secrets). */
function writeIdentity(path: string, identity: PopIdentity, force: boolean): Promise<void> {
  return writeJsonFile(path, exportIdentity(identity), { mode: 0o600, overwrite: force });
}

export const identityCreate = defineCommand({
  name: "identity create",
  usage: `pop identity create --out id.json [--force]
  A new identity: an authenticator (a Semaphore v4 key, commitment c) and a lifelong nullifier
  key n; the file holds both secrets and is written 0600. Prints the commitment c and the
  nullifier commitment N = Poseidon(n) that an issuer signs.`,
  options: { out: { type: "string", required: true }, force: { type: "boolean" } },
  async run(options) {
    const identity = createIdentity();
    await writeIdentity(options.out, identity, options.force);
    return {
      output: {
        commitment: identity.commitment.toString(),
        nullifierCommitment: identity.nullifierCommitment.toString(),
        out: options.out,
      },
    };
  },
});

export const identityRotate = defineCommand({
  name: "identity rotate",
  usage: `pop identity rotate --identity id.json --out new-id.json [--force]
  A new authenticator (new commitment c) with the same nullifier key n, so every nullifier stays
  the same; written 0600. The new commitment needs a credential of its own and a set update
  (pop set update); the old authenticator stops proving once its leaf is replaced.`,
  options: {
    identity: { type: "string", required: true },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    const current = await readIdentityFile(options.identity);
    const rotated = rotateAuthenticator(current);
    await writeIdentity(options.out, rotated, options.force);
    return {
      output: {
        commitment: rotated.commitment.toString(),
        previousCommitment: current.commitment.toString(),
        nullifierCommitment: rotated.nullifierCommitment.toString(),
        out: options.out,
      },
    };
  },
});
