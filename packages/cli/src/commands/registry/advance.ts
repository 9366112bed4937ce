import { advanceClaim } from "@pop/contracts/actions/registry/advanceClaim";
import { parseSignedVouchFile } from "@pop/contracts/files/signedVouchFile";
import { parseHumanityId } from "@pop/contracts/humanityId";
import { InputError } from "@pop/core/errors";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readJsonFile } from "../../io.js";
import { addressOption, registryOptions } from "./options.js";

export const registryAdvance = defineCommand({
  name: "registry advance",
  usage: `pop registry advance --registry r.json --claimer 0x… [--vouchers 0x…[,0x…]] [--signed v.json[,…]] [--rpc URL]
  Moves a funded, vouched claim into its challenge period, counting on-chain vouches (by the
  vouchers' Humanity IDs) and signed vouch files (each checked before any gas is spent).`,
  options: {
    ...registryOptions,
    claimer: { type: "string", required: true },
    vouchers: { type: "string" },
    signed: { type: "string" },
  },
  async run(options) {
    if (options.vouchers === undefined && options.signed === undefined) {
      throw new InputError("pass --vouchers 0x…,0x… and/or --signed vouch.json,…");
    }
    const claimer = addressOption(options.claimer, "claimer");
    const vouchers = options.vouchers === undefined ? [] : options.vouchers.split(",").map((v) => parseHumanityId(v));
    const signed = [];
    for (const path of options.signed === undefined ? [] : options.signed.split(",")) {
      signed.push({ vouch: parseSignedVouchFile(await readJsonFile(path, "signed vouch file")), name: path });
    }
    const { connection, clients } = await registryContext(options);
    const { tx, signedBy } = await advanceClaim(
      { ...clients, chainId: connection.chainId },
      { claimer, vouchers, signed },
    );
    return { output: { tx, vouchers, signedBy } };
  },
});
