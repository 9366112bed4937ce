import { InputError } from "@pop/core/errors";
import { formatIsoTime, nowSeconds, parseIsoTime } from "@pop/core/time";
import { MAX_COUNTRY, parseKind } from "@pop/protocol/attributes";
import { credentialDocument, issueCredential } from "@pop/protocol/credential";
import { parseDecimal } from "@pop/protocol/field";
import { parseIssuer } from "@pop/protocol/issuer";
import { parseIntegerOption, parseOptions } from "../args.js";
import { readJsonFile, writeJsonFile } from "../io.js";
import type { CommandResult } from "../result.js";

/**
 * `pop credential issue --issuer issuer.json --commitment C --kind K --country N
 *  --expires ISO [--issued-at ISO] --out cred.json [--force]`.
 */
export async function credentialIssue(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    issuer: { type: "string", required: true },
    commitment: { type: "string", required: true },
    kind: { type: "string", required: true },
    country: { type: "string", required: true },
    expires: { type: "string", required: true },
    "issued-at": { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  });
  const commitment = parseDecimal(options.commitment, "--commitment");
  const kind = parseKind(options.kind, "--kind");
  const country = parseIntegerOption(options.country, "country", 0, MAX_COUNTRY);
  const expiresAt = parseIsoTime(options.expires, "--expires");
  const issuedAt =
    options["issued-at"] === undefined ? nowSeconds() : parseIsoTime(options["issued-at"], "--issued-at");
  if (expiresAt <= issuedAt) {
    throw new InputError(`--expires must be after the issue time ${formatIsoTime(issuedAt)}`);
  }
  const issuer = parseIssuer(await readJsonFile(options.issuer, "issuer file"));
  const credential = issueCredential({ issuer, commitment, kind, country, issuedAt, expiresAt });
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
}
