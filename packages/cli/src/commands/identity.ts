import { createIdentity, exportIdentity } from "@pop/protocol/identity";
import { parseOptions } from "../args.js";
import { writeJsonFile } from "../io.js";
import type { CommandResult } from "../result.js";

/** `pop identity create --out id.json [--force]`: a new identity, file mode 0600. */
export async function identityCreate(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { out: { type: "string", required: true }, force: { type: "boolean" } });
  const identity = createIdentity();
  await writeJsonFile(options.out, exportIdentity(identity), { mode: 0o600, overwrite: options.force });
  return { output: { commitment: identity.commitment.toString(), out: options.out } };
}
