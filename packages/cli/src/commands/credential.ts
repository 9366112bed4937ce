import { InputError } from "@pop/core/errors";
import { formatIsoTime, nowSeconds, parseIsoTime } from "@pop/core/time";
import { MAX_COUNTRY, parseKind } from "@pop/protocol/attributes";
import { credentialDocument, issueCredential } from "@pop/protocol/credential";
import { parseDecimal } from "@pop/protocol/field";
import { parseIntegerOption } from "../args.js";
import { defineCommand } from "../command.js";
import { readIssuerFile } from "../files.js";
import { writeJsonFile } from "../io.js";

/** A holder's commitment (c or N) option: a canonical decimal field element, not zero. */
function parseHolderKey(value: string, name: string): bigint {
  const key = parseDecimal(value, name);
  if (key === 0n) throw new InputError(`${name} must be a non-zero field element`);
  return key;
}

export const credentialIssue = defineCommand({
  name: "credential issue",
  usage: `pop credential issue --issuer issuer.json --commitment C --nullifier-commitment N
                     --kind registry|biometric|kyc --country <ISO 3166 numeric> --expires <ISO date>
                     [--issued-at <ISO>] --out cred.json [--force]
  The issuer signs a credential for a human's two commitments (pop identity create prints
  both): the authenticator's C and the lifelong N, the same in every credential of one human.
  Written 0600 (it tells who holds which leaf).`,
  options: {
    issuer: { type: "string", required: true },
    commitment: { type: "string", required: true },
    "nullifier-commitment": { type: "string", required: true },
    kind: { type: "string", required: true },
    country: { type: "string", required: true },
    expires: { type: "string", required: true },
    "issued-at": { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    const commitment = parseHolderKey(options.commitment, "--commitment");
    const nullifierCommitment = parseHolderKey(options["nullifier-commitment"], "--nullifier-commitment");
    const kind = parseKind(options.kind, "--kind");
    const country = parseIntegerOption(options.country, "country", 0, MAX_COUNTRY);
    const expiresAt = parseIsoTime(options.expires, "--expires");
    const issuedAt =
      options["issued-at"] === undefined ? nowSeconds() : parseIsoTime(options["issued-at"], "--issued-at");
    if (expiresAt <= issuedAt) {
      throw new InputError(`--expires must be after the issue time ${formatIsoTime(issuedAt)}`);
    }
    const issuer = await readIssuerFile(options.issuer);
    const credential = issueCredential({ issuer, commitment, nullifierCommitment, kind, country, issuedAt, expiresAt });
    // A credential tells who holds which leaf: it stays on the holder's device, 0600.
    await writeJsonFile(options.out, credentialDocument(credential), { mode: 0o600, overwrite: options.force });
    return {
      output: {
        issuerId: issuer.issuerId,
        kind,
        country,
        validFrom: formatIsoTime(issuedAt),
        validUntil: formatIsoTime(expiresAt),
        out: options.out,
      },
    };
  },
});
