import { addVouch } from "@pop/contracts/actions/registry/addVouch";
import { signVouchDocument } from "@pop/contracts/actions/registry/signVouchDocument";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { InputError } from "@pop/core/errors";
import { checkWritable } from "@pop/core/writeFiles";
import { parseIntegerOption } from "../../args.js";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { writeJsonFile } from "../../io.js";
import { addressOption, registryOptions } from "./options.js";

export const registryVouch = defineCommand({
  name: "registry vouch",
  usage: `pop registry vouch --registry r.json --for 0xclaimer [--id 0x…]
                   [--sign [--expires s] [--out vouch.json] [--force]] [--rpc URL]
  Vouches on chain for a claim; with --sign, writes an EIP-712 vouch (valid --expires seconds,
  default 30 days) for the claimer's advance --signed, without a transaction.`,
  options: {
    ...registryOptions,
    for: { type: "string", required: true },
    id: { type: "string" },
    sign: { type: "boolean" },
    expires: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    const claimer = addressOption(options.for, "for");
    const humanityId = parseHumanityId(options.id ?? claimer);
    if (!options.sign && (options.expires ?? options.out) !== undefined) {
      throw new InputError("--expires and --out go with --sign");
    }
    const lifetime = parseIntegerOption(options.expires ?? String(30 * 86_400), "expires", 60, 365 * 86_400);
    const out = options.out ?? "vouch.json";
    if (options.sign) await checkWritable([out], { overwrite: options.force });
    const { connection, clients } = await registryContext(options);
    if (!options.sign) {
      return { output: { claimer, humanityId, tx: await addVouch(clients, { claimer, humanityId }) } };
    }
    const file = await signVouchDocument(
      { ...clients, chainId: connection.chainId },
      { claimer, humanityId, lifetime },
    );
    await writeJsonFile(out, file, { overwrite: options.force });
    return { output: { ...file, out } };
  },
});
