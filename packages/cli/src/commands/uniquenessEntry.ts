import { InputError } from "@pop/core/errors";
import { exportIdentity, Identity, recoveredIdentity } from "@pop/protocol/identity";
import { callCluster } from "@pop/uniqueness/client/callCluster";
import { recoverFromCluster } from "@pop/uniqueness/client/recover";
import { consentRequest, parseConsentDocument, signDeleteConsent } from "@pop/uniqueness/wire/consent";
import type { DeleteBody } from "@pop/uniqueness/wire/envelope";
import { checkClientId, checkId, newRequestId } from "@pop/uniqueness/wire/ids";
import { defineCommand } from "../command.js";
import { readIdentityFile } from "../files.js";
import { readJsonFile, writeJsonFile } from "../io.js";
import { readClient, readCluster, readPackage, signaturesOf } from "./uniqueness.js";

/**
 * The commands on an enrolled person's entry (docs/uniqueness.md#clients-and-answers): the
 * person's consent to be deleted, a delete (on that consent or the issuer's reason), and a
 * recovery (docs/uniqueness.md#escrow-and-recovery).
 */

/** `pop uniqueness consent`: the person signs, with their authenticator, their consent to one delete. */
export const uniquenessConsent = defineCommand({
  name: "uniqueness consent",
  usage: `pop uniqueness consent --identity identity.json --person <32 hex> --client-id ID [--request-id <32 hex>] --out consent.json [--force]
  The person's side: signs with the identity's authenticator their consent to the delete of
  their entry, by the issuer whose client id is ID, under one request id (a fresh one by
  default); the issuer sends it with pop uniqueness delete --consent. The nodes take it only
  from the authenticator their entry holds (the one enrolled, or the last recovery's).`,
  options: {
    identity: { type: "string", required: true },
    person: { type: "string", required: true },
    "client-id": { type: "string", required: true },
    "request-id": { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    const personId = checkId(options.person, "--person");
    const client = checkClientId(options["client-id"], "--client-id");
    const requestId =
      options["request-id"] === undefined ? newRequestId() : checkId(options["request-id"], "--request-id");
    const identity = await readIdentityFile(options.identity);
    const document = signDeleteConsent({ authenticator: identity.authenticator, personId, requestId, client });
    await writeJsonFile(options.out, document, { overwrite: options.force });
    return {
      output: { out: options.out, personId, requestId, client, commitment: String(identity.commitment) },
    };
  },
});

/** `pop uniqueness delete`: remove a person from every gallery, on the issuer's reason or the person's consent. */
export const uniquenessDelete = defineCommand({
  name: "uniqueness delete",
  usage: `pop uniqueness delete --cluster D/cluster.json --client D/client-key.json
    (--person <32 hex> --reason "text" | --consent consent.json [--person <32 hex>])
  Removes the person from every gallery, for the issuer's stated reason (a revocation) or on the
  person's consent (pop uniqueness consent: its person and request id are used, and it must be
  for this client; a --person given too must be the consent's): exit 0 deleted, 1 not (not
  enrolled, or a consent not by the authenticator the entry holds, or not for this request).`,
  options: {
    cluster: { type: "string", required: true },
    client: { type: "string", required: true },
    person: { type: "string" },
    reason: { type: "string" },
    consent: { type: "string" },
  },
  async run(options) {
    if ((options.reason === undefined) === (options.consent === undefined)) {
      throw new InputError('give exactly one of --reason "text" (the issuer\'s) and --consent <consent file>');
    }
    if (options.reason !== undefined && options.person === undefined) {
      throw new InputError("--reason needs --person <32 hex>: the person to delete");
    }
    const cluster = await readCluster(options.cluster);
    const client = await readClient(options.client);
    const person = options.person === undefined ? undefined : checkId(options.person, "--person");
    let request: { requestId?: string; body: DeleteBody };
    if (options.consent === undefined) {
      request = { body: { personId: person!, reason: options.reason! } };
    } else {
      const path = options.consent;
      const document = parseConsentDocument(await readJsonFile(path, "consent file"), `consent file ${path}`);
      if (person !== undefined && person !== document.personId) {
        throw new InputError(`--person ${person} is not the person of consent file ${path} (${document.personId})`);
      }
      request = consentRequest(document, client.id);
    }
    const { requestId, result, answers } = await callCluster({ cluster, kind: "delete", client, ...request });
    return {
      output: { requestId, ...result, signatures: signaturesOf(answers) },
      exitCode: result.deleted ? 0 : 1,
      ...(result.deleted ? {} : { summary: `person ${request.body.personId} was not deleted: ${result.reason}` }),
    };
  },
});

/** `pop uniqueness recover`: a fresh capture against the person's entry; on a match, n comes back. */
export const uniquenessRecover = defineCommand({
  name: "uniqueness recover",
  usage: `pop uniqueness recover --cluster D/cluster.json --client D/client-key.json --package capture.pkg.json
    [--person <32 hex>] --out identity.json [--force]
  Makes a new authenticator, then compares a fresh capture (a package made with
  --nullifier-commitment) 1:1 with the person's entry (by person id, or the one entry holding the
  package's N); on a match the entry takes the new authenticator's commitment (from then on only
  it consents to a delete), the nodes seal their escrow shares to a new device key, n is rebuilt
  and checked against N, and the new identity file (the new authenticator, the same n) is
  written 0600. Exit 0 recovered, 1 not.`,
  options: {
    cluster: { type: "string", required: true },
    client: { type: "string", required: true },
    package: { type: "string", required: true },
    person: { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    const cluster = await readCluster(options.cluster);
    const client = await readClient(options.client);
    const pkg = await readPackage(options.package);
    const personId = options.person === undefined ? null : checkId(options.person, "--person");
    const authenticator = new Identity();
    const outcome = await recoverFromCluster({
      cluster,
      client,
      package: pkg,
      personId,
      commitment: authenticator.commitment,
    });
    const signatures = signaturesOf(outcome.answers);
    if (!outcome.recovered) {
      return {
        output: { requestId: outcome.requestId, recovered: false, signatures },
        exitCode: 1,
        summary: "the capture does not match the person's entry: nothing was recovered",
      };
    }
    const identity = recoveredIdentity(outcome.nullifierKey, authenticator);
    await writeJsonFile(options.out, exportIdentity(identity), { mode: 0o600, overwrite: options.force });
    return {
      output: {
        requestId: outcome.requestId,
        recovered: true,
        out: options.out,
        nullifierCommitment: String(identity.nullifierCommitment),
        commitment: String(identity.commitment),
        signatures,
      },
    };
  },
});
