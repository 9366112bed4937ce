import { deployCuratedRegistry } from "@pop/contracts/actions/deployCuratedRegistry";
import { COMMITTEE_VOTING_PERIOD } from "@pop/contracts/registry";
import { InputError } from "@pop/core/errors";
import { checkWritable } from "@pop/core/writeFiles";
import { parseEther } from "viem";
import { parseIntegerOption } from "../../args.js";
import { deploymentContext, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { writeJsonFile } from "../../io.js";
import { progress } from "../../result.js";
import { addressOption, optionalWei, secondsOption } from "./options.js";

export const registryDeploy = defineCommand({
  name: "registry deploy",
  usage: `pop registry deploy --deployment d.json --issuer-id N (--jurors 0x…,0x…,0x… | --arbitrator 0x…)
                    [--base-deposit wei] [--challenge-period s] [--required-vouches n]
                    [--arbitration-cost wei] [--appeal-cost wei] [--appeal-window s]
                    [--voting-period s] [--policy CID] [--out registry.json] [--force] [--rpc URL]
  Deploys a HumanityRegistry (Proof of Humanity v2's parameters by default) and registers it as
  the issuer of kind registry; with --jurors, a CommitteeArbitrator owned by the wallet is
  deployed for it, whose rounds anyone may close --voting-period seconds after they open
  (default 604800, a week) when the jurors reach no majority.`,
  options: {
    ...rpcOption,
    deployment: { type: "string", required: true },
    "issuer-id": { type: "string", required: true },
    jurors: { type: "string" },
    arbitrator: { type: "string" },
    "arbitration-cost": { type: "string" },
    "appeal-cost": { type: "string" },
    "appeal-window": { type: "string" },
    "voting-period": { type: "string" },
    "base-deposit": { type: "string" },
    "challenge-period": { type: "string" },
    "required-vouches": { type: "string" },
    policy: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  },
  async run(options) {
    if ((options.jurors === undefined) === (options.arbitrator === undefined)) {
      throw new InputError(
        "pass --jurors a,b,c (a committee arbitrator is deployed) or --arbitrator 0x… (an ERC-792 arbitrator)",
      );
    }
    const issuerId = parseIntegerOption(options["issuer-id"], "issuer-id", 0, 1023);
    const arbitrator =
      options.arbitrator !== undefined
        ? addressOption(options.arbitrator, "arbitrator")
        : {
            jurors: (options.jurors as string).split(",").map((juror) => addressOption(juror, "jurors")),
            arbitrationCost: optionalWei(options["arbitration-cost"], "arbitration-cost") ?? parseEther("0.01"),
            baseAppealCost: optionalWei(options["appeal-cost"], "appeal-cost") ?? parseEther("0.02"),
            appealWindow: secondsOption(options["appeal-window"], "appeal-window") ?? 3600,
            // A round must stay open a while: the contract refuses a voting period of 0.
            votingPeriod: secondsOption(options["voting-period"], "voting-period", 1) ?? COMMITTEE_VOTING_PERIOD,
          };
    const baseDeposit = optionalWei(options["base-deposit"], "base-deposit");
    const challengePeriod = secondsOption(options["challenge-period"], "challenge-period");
    const requiredVouches =
      options["required-vouches"] === undefined
        ? undefined
        : parseIntegerOption(options["required-vouches"], "required-vouches", 0, 100);
    const out = options.out ?? "registry.json";
    await checkWritable([out], { overwrite: options.force });
    const { connection, deployment } = await deploymentContext(options);
    progress("deploying HumanityRegistry and registering it as an issuer of kind registry…");
    const file = await deployCuratedRegistry(connection, {
      deployment,
      issuerId,
      arbitrator,
      parameters: {
        ...(baseDeposit === undefined ? {} : { baseDeposit }),
        ...(challengePeriod === undefined ? {} : { challengePeriod }),
        ...(requiredVouches === undefined ? {} : { requiredVouches }),
        ...(options.policy === undefined ? {} : { policy: options.policy }),
      },
    });
    await writeJsonFile(out, file, { overwrite: options.force });
    return { output: { ...file, out } };
  },
});
