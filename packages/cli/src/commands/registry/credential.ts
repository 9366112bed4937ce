import { credentialOfHumanity } from "@pop/contracts/actions/registry/credentialOfHumanity";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { checkRegistration } from "@pop/contracts/registryCredential";
import { InputError } from "@pop/core/errors";
import { checkWritable } from "@pop/core/writeFiles";
import { checkCredential, credentialDocument, isRegistered } from "@pop/protocol/credential";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readCredentialFile, readIdentityFile } from "../../files.js";
import { writeJsonFile } from "../../io.js";
import { registryOptions } from "./options.js";

export const registryCredential = defineCommand({
  name: "registry credential",
  usage: `pop registry credential --registry r.json [--id 0x…] [--identity id.json] [--out cred.json] [--force] [--rpc URL]
pop registry credential --registry r.json --check cred.json [--rpc URL]
  Writes the credential of a registered humanity (default: the wallet's), backed by the
  HumanityRegistered log of its current leaf; with --identity, refuses one whose leaf holds
  another of its commitments. --check checks a registry credential against the chain.`,
  options: {
    ...registryOptions,
    id: { type: "string" },
    identity: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
    check: { type: "string" },
  },
  async run(options) {
    if (options.check !== undefined) {
      if (options.id !== undefined || options.identity !== undefined || options.out !== undefined) {
        throw new InputError("--check takes no --id, --identity or --out");
      }
      const credential = await readCredentialFile(options.check);
      if (!isRegistered(credential))
        throw new InputError(`${options.check} is a signed credential, not a registry one`);
      checkCredential(credential);
      const { connection } = await registryContext(options);
      const status = await checkRegistration({ client: connection.client, credential });
      return { output: { valid: true, humanityId: credential.registration.humanityId, ...status } };
    }
    const humanityId = options.id === undefined ? undefined : parseHumanityId(options.id);
    const identity = options.identity === undefined ? undefined : await readIdentityFile(options.identity);
    const out = options.out ?? "credential.json";
    await checkWritable([out], { overwrite: options.force });
    const { clients, file } = await registryContext(options);
    const credential = await credentialOfHumanity(clients, {
      ...(humanityId === undefined ? {} : { humanityId }),
      ...(identity === undefined ? {} : { identity, identitySource: options.identity as string }),
      fromBlock: file.fromBlock,
    });
    const document = credentialDocument(credential);
    // A credential tells who holds which leaf: it stays on the holder's device, 0600.
    await writeJsonFile(out, document, { mode: 0o600, overwrite: options.force });
    return {
      output: {
        humanityId: credential.registration.humanityId,
        issuerId: credential.attributes.issuerId,
        validUntil: document.validUntil,
        registration: credential.registration,
        out,
      },
    };
  },
});
