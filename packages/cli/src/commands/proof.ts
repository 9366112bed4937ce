import {
  CIRCUIT_DEPTHS,
  circuitDepthFor,
  loadProverArtifacts,
  loadVerificationKey,
  readManifest,
} from "@pop/circuits/artifacts";
import { InputError, SetError } from "@pop/core/errors";
import { nowSeconds, parseIsoTime } from "@pop/core/time";
import { parseCredential } from "@pop/protocol/credential";
import { type DisclosureChoice, generatePersonhoodProof, type PersonhoodProof } from "@pop/protocol/generateProof";
import { textToField } from "@pop/protocol/hashToField";
import type { HumanitySet } from "@pop/protocol/humanitySet";
import { parseIdentity } from "@pop/protocol/identity";
import { type IssuerSet, parseIssuerSet } from "@pop/protocol/issuerSet";
import { parsePersonhoodProof, proofDocument } from "@pop/protocol/proofDocument";
import { verifyPersonhoodProof } from "@pop/protocol/verifyProof";
import { parseIntegerOption, parseOptions } from "../args.js";
import { readJsonFile, writeJsonFile } from "../io.js";
import { type CommandResult, progress } from "../result.js";
import { onchainSets } from "./deploymentContext.js";
import { readHumanitySet } from "./set.js";

function parseDisclose(value: string | undefined): DisclosureChoice {
  const choice: DisclosureChoice = {};
  if (value === undefined) {
    return choice;
  }
  for (const item of value.split(",")) {
    if (item === "country" || item === "kind") {
      choice[item] = true;
    } else {
      throw new InputError(`--disclose takes a comma-separated list of country, kind (not "${item}")`);
    }
  }
  return choice;
}

/** Proves personhood from identity and credential files against given sets. */
export async function proveFor(params: {
  identityPath: string;
  credentialPath: string;
  sets: { humanitySet: HumanitySet; issuerSet: IssuerSet };
  scope: bigint;
  message: bigint;
  disclose: DisclosureChoice;
  time: number;
}): Promise<PersonhoodProof> {
  const identity = parseIdentity(await readJsonFile(params.identityPath, "identity file"));
  const credential = parseCredential(await readJsonFile(params.credentialPath, "credential file"));
  const { humanitySet, issuerSet } = params.sets;
  const maxDepth = circuitDepthFor(humanitySet.depth);
  if (maxDepth === undefined) {
    throw new SetError(`the humanity set's depth ${humanitySet.depth} exceeds every circuit build`);
  }
  const proofParams = { identity, credential, humanitySet, issuerSet, ...params };
  const artifacts = loadProverArtifacts(maxDepth);
  const constraints = readManifest().builds[String(maxDepth)]?.constraints;
  progress(`proving with personhood-${maxDepth} (${constraints} constraints)…`);
  const started = performance.now();
  const proof = await generatePersonhoodProof(proofParams, artifacts);
  progress(`proved in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return proof;
}

/**
 * `pop proof create --identity id.json --credential cred.json (--set set.json --issuers
 *  issuers.json | --onchain --deployment d.json [--rpc URL]) --scope S --message M
 *  [--disclose country,kind] [--at ISO] --out proof.json [--force]`.
 */
export async function proofCreate(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    identity: { type: "string", required: true },
    credential: { type: "string", required: true },
    set: { type: "string" },
    issuers: { type: "string" },
    onchain: { type: "boolean" },
    deployment: { type: "string" },
    rpc: { type: "string" },
    scope: { type: "string", required: true },
    message: { type: "string", required: true },
    disclose: { type: "string" },
    at: { type: "string" },
    out: { type: "string", required: true },
    force: { type: "boolean" },
  });
  const disclose = parseDisclose(options.disclose);
  let time = options.at === undefined ? nowSeconds() : parseIsoTime(options.at, "--at");
  let sets: { humanitySet: HumanitySet; issuerSet: IssuerSet };
  if (options.onchain) {
    if (options.deployment === undefined) throw new InputError("missing required option --deployment (with --onchain)");
    const onchain = await onchainSets({ rpc: options.rpc, deployment: options.deployment });
    sets = onchain;
    // Without --at, the proof's time is the chain's, which its verifier contract checks.
    if (options.at === undefined) time = onchain.time;
  } else {
    if (options.set === undefined) throw new InputError("missing required option --set");
    if (options.issuers === undefined) throw new InputError("missing required option --issuers");
    sets = {
      humanitySet: await readHumanitySet(options.set),
      issuerSet: parseIssuerSet(await readJsonFile(options.issuers, "issuer-set file")),
    };
  }
  const proof = await proveFor({
    identityPath: options.identity,
    credentialPath: options.credential,
    sets,
    scope: textToField(options.scope),
    message: textToField(options.message),
    disclose,
    time,
  });
  const document = proofDocument(proof, { scope: options.scope, message: options.message });
  await writeJsonFile(options.out, document, { overwrite: options.force });
  return { output: { out: options.out, ...document.decoded } };
}

/** `pop proof vkey [--depth 20|32]`: the verification key JSON of a circuit build. */
export async function proofVkey(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { depth: { type: "string" } });
  const depth = options.depth === undefined ? CIRCUIT_DEPTHS[0] : parseIntegerOption(options.depth, "depth", 1, 32);
  const vkey = loadVerificationKey(depth);
  if (vkey === undefined) {
    throw new InputError(`--depth must be one of ${CIRCUIT_DEPTHS.join(", ")}`);
  }
  return { output: vkey };
}

/**
 * `pop proof verify --proof proof.json --set set.json --issuers issuers.json --scope S
 *  [--message M] [--at ISO] [--max-age seconds]`.
 */
export async function proofVerify(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    proof: { type: "string", required: true },
    set: { type: "string", required: true },
    issuers: { type: "string", required: true },
    scope: { type: "string", required: true },
    message: { type: "string" },
    at: { type: "string" },
    "max-age": { type: "string" },
  });
  const at = options.at === undefined ? nowSeconds() : parseIsoTime(options.at, "--at");
  const maxAge =
    options["max-age"] === undefined ? undefined : parseIntegerOption(options["max-age"], "max-age", 0, 2 ** 40);
  const proof = parsePersonhoodProof(await readJsonFile(options.proof, "proof file"));
  const humanitySet = await readHumanitySet(options.set);
  const issuerSet = parseIssuerSet(await readJsonFile(options.issuers, "issuer-set file"));
  const result = await verifyPersonhoodProof(proof, {
    verificationKey: loadVerificationKey(proof.maxDepth),
    merkleRoots: [humanitySet.root],
    issuerRoot: issuerSet.root(),
    scope: textToField(options.scope),
    ...(options.message === undefined ? {} : { message: textToField(options.message) }),
    at,
    ...(maxAge === undefined ? {} : { maxAge }),
  });
  if (result.valid) {
    return { output: { valid: true, nullifier: result.nullifier.toString(), disclosed: result.disclosed, reason: "" } };
  }
  return {
    output: {
      valid: false,
      nullifier: result.nullifier === undefined ? null : result.nullifier.toString(),
      disclosed: {},
      reason: result.reason,
    },
    exitCode: 1,
  };
}
