import { createDeployment } from "@pop/contracts/actions/createDeployment";
import { checkWritable } from "@pop/core/writeFiles";
import { parseIntegerOption } from "../../args.js";
import { connect, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { writeJsonFile } from "../../io.js";
import { progress } from "../../result.js";

const TEN_YEARS = 10 * 365 * 86_400;

export const contractsDeploy = defineCommand({
  name: "contracts deploy",
  usage: `pop contracts deploy [--rpc URL] [--out deployment.json] [--root-validity s] [--max-proof-age s] [--force]
                     [--allow-dev-setup]
  Deploys the Poseidon libraries, IssuerRegistry, HumanitySet, PersonhoodVerifier and
  PersonhoodToken, and writes the deployment file (addresses and the block events start at).
  Verifier keys from a development trusted setup are refused on any chain but 31337 unless
  --allow-dev-setup is passed.`,
  options: {
    ...rpcOption,
    out: { type: "string" },
    "root-validity": { type: "string" },
    "max-proof-age": { type: "string" },
    force: { type: "boolean" },
    "allow-dev-setup": { type: "boolean" },
  },
  async run(options) {
    const seconds = (value: string | undefined, name: string) =>
      value === undefined ? undefined : parseIntegerOption(value, name, 0, TEN_YEARS);
    const rootValidity = seconds(options["root-validity"], "root-validity");
    const maxProofAge = seconds(options["max-proof-age"], "max-proof-age");
    const out = options.out ?? "deployment.json";
    const connection = await connect(options.rpc);
    // Refused before any contract is deployed (after the RPC answers: a dead RPC is said first).
    await checkWritable([out], { overwrite: options.force });
    const file = await createDeployment(connection, {
      ...(rootValidity === undefined ? {} : { rootValidity }),
      ...(maxProofAge === undefined ? {} : { maxProofAge }),
      allowDevSetup: options["allow-dev-setup"] === true,
      onProgress: progress,
    });
    await writeJsonFile(out, file, { overwrite: options.force });
    const { version: _, type: __, ...fields } = file;
    return { output: { ...fields, out } };
  },
});
