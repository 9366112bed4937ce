import { withdraw } from "@pop/contracts/actions/registry/withdraw";
import { withdrawDeposit } from "@pop/contracts/actions/registry/withdrawDeposit";
import { withdrawFeesAndRewards } from "@pop/contracts/actions/registry/withdrawFeesAndRewards";
import { InputError } from "@pop/core/errors";
import { parseIntegerOption } from "../../args.js";
import { registryContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { indexOption, registryOptions } from "./options.js";

export const registryWithdraw = defineCommand({
  name: "registry withdraw",
  usage: `pop registry withdraw --registry r.json [--request N [--challenge i --round r]] [--rpc URL]
  Makes the wallet's deposit share (or an appeal round's reward) of a request withdrawable, then
  sends the wallet everything withdrawable.`,
  options: {
    ...registryOptions,
    request: { type: "string" },
    challenge: { type: "string" },
    round: { type: "string" },
  },
  async run(options) {
    if (options.request === undefined && (options.challenge ?? options.round) !== undefined) {
      throw new InputError("--challenge and --round go with --request");
    }
    if (options.challenge === undefined && options.round !== undefined)
      throw new InputError("--round goes with --challenge");
    const requestId = options.request === undefined ? undefined : indexOption(options.request, "request");
    const challengeIndex =
      options.challenge === undefined
        ? undefined
        : BigInt(parseIntegerOption(options.challenge, "challenge", 0, 1_000_000));
    const round = BigInt(parseIntegerOption(options.round ?? "1", "round", 1, 1_000_000));
    const { clients } = await registryContext(options);
    if (requestId !== undefined && challengeIndex !== undefined) {
      await withdrawFeesAndRewards(clients, { requestId, challengeIndex, round });
    } else if (requestId !== undefined) {
      await withdrawDeposit(clients, { requestId });
    }
    const { hash, amount } = await withdraw(clients);
    return { output: { withdrawn: amount.toString(), ...(hash === undefined ? {} : { tx: hash }) } };
  },
});
