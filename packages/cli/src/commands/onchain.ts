import { addMember } from "@pop/contracts/actions/addMember";
import { mintToken } from "@pop/contracts/actions/mintToken";
import { verifyOnChain } from "@pop/contracts/actions/verifyOnChain";
import { simulateAndWrite } from "@pop/contracts/actions/writeContract";
import { startAnvil } from "@pop/contracts/anvil";
import { deployPop } from "@pop/contracts/deploy";
import { humanitySetAbi, issuerRegistryAbi } from "@pop/contracts/generated/artifacts";
import { addressToField, toSolidityProof } from "@pop/contracts/solidityProof";
import { InputError, IssuerError } from "@pop/core/errors";
import { CREDENTIAL_KINDS, kindCode } from "@pop/protocol/attributes";
import { checkCredential, credentialLeaf } from "@pop/protocol/credential";
import { textToField } from "@pop/protocol/hashToField";
import { parseIssuer } from "@pop/protocol/issuer";
import { parsePersonhoodProof } from "@pop/protocol/proofDocument";
import { decodeDisclosure, firstNonCanonicalSignal } from "@pop/protocol/publicSignals";
import type { Address } from "viem";
import { parseIntegerOption, parseOptions } from "../args.js";
import { ADDRESS, connect, onChain, revertReason, rpcUrl, writeDeployment } from "../chain.js";
import { readJsonFile } from "../io.js";
import { type CommandResult, progress } from "../result.js";
import { onchain } from "./deploymentContext.js";
import { proveFor } from "./proof.js";
import { readCredentialToAdd } from "./set.js";

/** `pop chain start`: a local anvil from node_modules; prints its RPC URL, stops on Ctrl-C. */
export async function chainStart(argv: string[]): Promise<CommandResult> {
  parseOptions(argv, {});
  const chain = await startAnvil();
  process.stdout.write(`${JSON.stringify({ rpcUrl: chain.rpcUrl, chainId: 31337 })}\n`);
  progress(`anvil listening at ${chain.rpcUrl}; Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    chain.process.once("exit", stop);
  });
  await chain.stop();
  progress("anvil stopped");
  return { output: undefined };
}

/** `pop contracts deploy --rpc URL [--out deployment.json] [--root-validity s] [--max-proof-age s] [--force]`. */
export async function contractsDeploy(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    rpc: { type: "string" },
    out: { type: "string" },
    "root-validity": { type: "string" },
    "max-proof-age": { type: "string" },
    force: { type: "boolean" },
  });
  const connection = await connect(rpcUrl(options.rpc));
  const out = options.out ?? "deployment.json";
  const seconds = (value: string | undefined, name: string) =>
    value === undefined ? undefined : parseIntegerOption(value, name, 0, 10 * 365 * 86_400);
  const fromBlock = await connection.client.getBlockNumber({ cacheTime: 0 });
  progress("deploying Poseidon libraries, IssuerRegistry, HumanitySet, PersonhoodVerifier, PersonhoodToken…");
  const rootValidity = seconds(options["root-validity"], "root-validity");
  const maxProofAge = seconds(options["max-proof-age"], "max-proof-age");
  const deployment = await deployPop({
    wallet: connection.wallet,
    client: connection.client,
    ...(rootValidity === undefined ? {} : { rootValidity }),
    ...(maxProofAge === undefined ? {} : { maxProofAge }),
  });
  await writeDeployment(out, deployment, fromBlock, options.force);
  return { output: { ...deployment, fromBlock: fromBlock.toString(), out } };
}

/**
 * `pop issuers add --onchain --deployment d.json --issuer issuer.json [--kinds registry,biometric,kyc]
 *  [--registrar 0x…] [--rpc URL]`: governance registers an issuer and its registrar.
 */
export async function issuersAddOnchain(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    onchain: { type: "boolean" },
    deployment: { type: "string", required: true },
    issuer: { type: "string", required: true },
    kinds: { type: "string" },
    registrar: { type: "string" },
    rpc: { type: "string" },
  });
  const issuer = parseIssuer(await readJsonFile(options.issuer, "issuer file"));
  let kinds = 0;
  for (const kind of (options.kinds ?? CREDENTIAL_KINDS.join(",")).split(",")) {
    if (!(CREDENTIAL_KINDS as readonly string[]).includes(kind)) {
      throw new InputError(`--kinds takes a comma-separated list of ${CREDENTIAL_KINDS.join(", ")} (not "${kind}")`);
    }
    kinds |= 1 << kindCode(kind as (typeof CREDENTIAL_KINDS)[number]);
  }
  if (options.registrar !== undefined && !ADDRESS.test(options.registrar)) {
    throw new InputError("--registrar must be a 0x-prefixed 20-byte address");
  }
  const { connection, deployment } = await onchain(options);
  const registrar = (options.registrar ?? connection.wallet.account.address) as Address;
  const tx = await onChain(() =>
    simulateAndWrite(connection, {
      address: deployment.issuerRegistry,
      abi: issuerRegistryAbi,
      functionName: "addIssuer",
      args: [BigInt(issuer.issuerId), kinds, issuer.publicKey, [registrar]],
    }),
  );
  const root = await connection.client.readContract({
    address: deployment.issuerRegistry,
    abi: issuerRegistryAbi,
    functionName: "issuerRoot",
  });
  return { output: { issuerId: issuer.issuerId, registrar, root: root.toString(), tx } };
}

/**
 * `pop set add --onchain --deployment d.json --credential cred.json [--rpc URL]`: checks the
 * credential's signature against the key the registry records for its issuer, then the
 * registrar (POP_PRIVATE_KEY) inserts its leaf. A registry credential is refused before any
 * chain is contacted: the registry contract inserted its leaf.
 */
export async function setAddOnchain(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    onchain: { type: "boolean" },
    deployment: { type: "string", required: true },
    credential: { type: "string", required: true },
    rpc: { type: "string" },
  });
  const credential = await readCredentialToAdd(options.credential);
  const { connection, deployment } = await onchain(options);
  const [active, , publicKey] = await connection.client.readContract({
    address: deployment.issuerRegistry,
    abi: issuerRegistryAbi,
    functionName: "issuer",
    args: [BigInt(credential.attributes.issuerId)],
  });
  if (!active) {
    throw new IssuerError(`issuer ${credential.attributes.issuerId} is not an active member of the issuer set`);
  }
  checkCredential(credential);
  if (publicKey[0] !== credential.issuerPublicKey[0] || publicKey[1] !== credential.issuerPublicKey[1]) {
    throw new IssuerError(
      `the credential is not signed by the key registered for issuer ${credential.attributes.issuerId}`,
    );
  }
  const tx = await onChain(() =>
    addMember(connection, {
      humanitySet: deployment.humanitySet,
      commitment: credential.commitment,
      attributes: credential.attributes,
    }),
  );
  const root = await connection.client.readContract({
    address: deployment.humanitySet,
    abi: humanitySetAbi,
    functionName: "root",
  });
  return {
    output: {
      leaf: credentialLeaf(credential.commitment, credential.attributes).toString(),
      root: root.toString(),
      tx,
    },
  };
}

/**
 * `pop proof verify --onchain --deployment d.json --proof proof.json --scope S [--message M]
 *  [--rpc URL]`: asks the PersonhoodVerifier contract (a view call). Without --message the
 *  proof's own message signal is checked.
 */
export async function proofVerifyOnchain(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    onchain: { type: "boolean" },
    deployment: { type: "string", required: true },
    proof: { type: "string", required: true },
    scope: { type: "string", required: true },
    message: { type: "string" },
    rpc: { type: "string" },
  });
  const proof = parsePersonhoodProof(await readJsonFile(options.proof, "proof file"));
  const { connection, deployment } = await onchain(options);
  const invalid = (reason: string): CommandResult => ({
    output: { valid: false, nullifier: null, disclosed: {}, reason },
    exitCode: 1,
  });
  const overflow = firstNonCanonicalSignal(proof.signals);
  const { proof: solidityProof } = toSolidityProof(proof);
  const message = options.message === undefined ? proof.signals.message : textToField(options.message);
  try {
    await verifyOnChain(connection.client, {
      verifier: deployment.personhoodVerifier,
      proof: solidityProof,
      scope: textToField(options.scope),
      message,
    });
  } catch (error) {
    const reason = revertReason(error);
    if (reason === undefined) throw error;
    return invalid(`the verifier contract refused: ${reason}`);
  }
  if (overflow !== undefined) return invalid(`public signal ${overflow} is not a canonical field element`);
  return {
    output: {
      valid: true,
      nullifier: proof.signals.nullifier.toString(),
      disclosed: decodeDisclosure(proof.signals.disclosure),
      reason: "",
    },
  };
}

/**
 * `pop token mint --deployment d.json --identity id.json --credential cred.json [--rpc URL]`:
 * proves personhood for the token's scope, bound to the minting account, disclosing the kind,
 * and mints the soulbound token to that account.
 */
export async function tokenMint(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    deployment: { type: "string", required: true },
    identity: { type: "string", required: true },
    credential: { type: "string", required: true },
    rpc: { type: "string" },
  });
  const { connection, deployment, sets } = await onchain(options);
  const holder = connection.wallet.account.address;
  const time = Number((await connection.client.getBlock()).timestamp);
  const proof = await proveFor({
    identityPath: options.identity,
    credentialPath: options.credential,
    sets: await sets(),
    scope: textToField(deployment.tokenScope),
    message: addressToField(holder),
    disclose: { kind: true },
    time,
  });
  const { proof: solidityProof } = toSolidityProof(proof);
  const tx = await onChain(() => mintToken(connection, { token: deployment.personhoodToken, proof: solidityProof }));
  const { kind } = decodeDisclosure(solidityProof.disclosure);
  return { output: { tokenId: solidityProof.nullifier.toString(), holder, kind, tx } };
}
