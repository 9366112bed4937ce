import { provePersonhood } from "@pop/circuits/prove";
import { readChainSets } from "@pop/contracts/actions/readChainSets";
import { InputError } from "@pop/core/errors";
import { nowSeconds, parseIsoTime } from "@pop/core/time";
import { checkWritable } from "@pop/core/writeFiles";
import type { DisclosureChoice } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import type { HumanitySet } from "@pop/protocol/humanitySet";
import type { IssuerSet } from "@pop/protocol/issuerSet";
import { proofDocument } from "@pop/protocol/proofDocument";
import { scopeOfSpec } from "@pop/protocol/scope";
import { deploymentContext } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readCredentialFile, readHumanitySetFile, readIdentityFile, readIssuerSetFile } from "../../files.js";
import { writeJsonFile } from "../../io.js";
import { progress } from "../../result.js";
import { SCOPE_USAGE, scopeOptions, scopeSpecOf } from "./scopeOptions.js";

function parseDisclose(value: string | undefined): DisclosureChoice {
  const choice: DisclosureChoice = {};
  for (const item of value === undefined ? [] : value.split(",")) {
    if (item !== "country" && item !== "kind") {
      throw new InputError(`--disclose takes a comma-separated list of country, kind (not "${item}")`);
    }
    if (choice[item]) throw new InputError(`--disclose names ${item} twice`);
    choice[item] = true;
  }
  return choice;
}

export const proofCreate = defineCommand({
  name: "proof create",
  usage: `pop proof create --identity id.json --credential cred.json
                  (--set set.json --issuers issuers.json | --onchain --deployment d.json [--rpc URL])
                  ${SCOPE_USAGE} --message M [--disclose country,kind] [--at <ISO time>]
                  --out proof.json [--force]
  Proves personhood in a scope, bound to a message, disclosing only what --disclose names. The
  scope is a raw text (--scope), or an action in an app: --app eip155:<chainId>:<0x consumer>
  for a contract (its verifier derives the same scope), any other name for an off-chain app. With
  --onchain the sets are rebuilt from the chain and the proof's time is the chain's (unless --at).`,
  options: {
    identity: { type: "string", required: true },
    credential: { type: "string", required: true },
    set: { type: "string" },
    issuers: { type: "string" },
    onchain: { type: "boolean" },
    deployment: { type: "string" },
    rpc: { type: "string" },
    ...scopeOptions,
    message: { type: "string", required: true },
    disclose: { type: "string" },
    at: { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  },
  async run(options) {
    const disclose = parseDisclose(options.disclose);
    const spec = scopeSpecOf(options);
    const at = options.at === undefined ? undefined : parseIsoTime(options.at, "--at");
    if (options.onchain ? options.deployment === undefined : options.set === undefined) {
      throw new InputError(`missing required option ${options.onchain ? "--deployment (with --onchain)" : "--set"}`);
    }
    if (!options.onchain && options.issuers === undefined) throw new InputError("missing required option --issuers");
    if (options.onchain && (options.set ?? options.issuers) !== undefined) {
      throw new InputError("--onchain reads the sets from the chain: it takes no --set or --issuers");
    }
    // An --out that cannot be written is refused before seconds of proving are spent.
    await checkWritable([options.out], { overwrite: options.force });
    const identity = await readIdentityFile(options.identity);
    const credential = await readCredentialFile(options.credential);
    let sets: { humanitySet: HumanitySet; issuerSet: IssuerSet; time: number };
    if (options.onchain) {
      const { connection, deployment } = await deploymentContext({
        rpc: options.rpc,
        deployment: options.deployment as string,
      });
      // The verifier contract judges the proof's time by block time: the chain's, unless --at.
      sets = await readChainSets(connection.client, deployment);
    } else {
      sets = {
        humanitySet: await readHumanitySetFile(options.set as string),
        issuerSet: await readIssuerSetFile(options.issuers as string),
        time: nowSeconds(),
      };
    }
    const proof = await provePersonhood(
      {
        identity,
        credential,
        humanitySet: sets.humanitySet,
        issuerSet: sets.issuerSet,
        scope: scopeOfSpec(spec),
        message: textToField(options.message),
        disclose,
        time: at ?? sets.time,
      },
      { onProgress: progress },
    );
    const document = proofDocument(proof, { ...spec, message: options.message });
    await writeJsonFile(options.out, document, { overwrite: options.force });
    return { output: { out: options.out, ...document.decoded } };
  },
});
