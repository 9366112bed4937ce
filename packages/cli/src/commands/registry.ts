import {
  addVouch,
  advanceState,
  challengeRequest,
  claimHumanity,
  executeRequest,
  fundAppeal,
  fundRequest,
  processVouches,
  REASONS,
  type RegistryClients,
  readDeposit,
  recoverVouchSigner,
  renewHumanity,
  renounceHumanity,
  revokeHumanity,
  SIDES,
  type SignedVouch,
  signVouch,
  withdraw,
  withdrawDeposit,
  withdrawFeesAndRewards,
} from "@pop/contracts/actions/registry";
import { simulateAndWrite } from "@pop/contracts/actions/writeContract";
import { committeeArbitratorAbi, humanityRegistryAbi } from "@pop/contracts/generated/artifacts";
import { deployCommitteeArbitrator, deployRegistry } from "@pop/contracts/registry";
import { checkRegistration, registryCredential } from "@pop/contracts/registryCredential";
import { InputError } from "@pop/core/errors";
import { expectInteger, expectLiteral, expectObject, expectString } from "@pop/core/json";
import { checkCredential, credentialDocument, isRegistered, parseCredential } from "@pop/protocol/credential";
import { parseIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { parseHumanityId, RegistryIndexer } from "@pop/registry/indexer";
import { type Address, getAddress, type Hex, parseEther, zeroAddress } from "viem";
import { parseIntegerOption, parseOptions } from "../args.js";
import { ADDRESS, type Connection, connect, onChain, readChainFile, readDeployment, rpcUrl } from "../chain.js";
import { readJsonFile, writeJsonFile } from "../io.js";
import { type CommandResult, progress } from "../result.js";

/** The registry file `pop registry deploy` writes. */
type RegistryFile = {
  version: 1;
  type: "pop-registry";
  chainId: number;
  registry: Address;
  arbitrator: Address;
  humanitySet: Address;
  issuerId: number;
  fromBlock: string;
};

async function readRegistry(path: string, connection: Connection) {
  const file = await readChainFile(path, "registry", "pop-registry", [
    "registry",
    "arbitrator",
    "humanitySet",
    "issuerId",
  ]);
  if (file.chainId !== connection.chainId) {
    throw new InputError(`the registry is on chain ${file.chainId}, the RPC serves chain ${connection.chainId}`);
  }
  return {
    registry: file.address("registry"),
    arbitrator: file.address("arbitrator"),
    humanitySet: file.address("humanitySet"),
    fromBlock: file.fromBlock,
  };
}

/** Connection, registry file and action clients for a registry command. */
async function context(options: { rpc: string | undefined; registry: string }) {
  const connection = await connect(rpcUrl(options.rpc));
  const file = await readRegistry(options.registry, connection);
  const clients: RegistryClients = { ...connection, registry: file.registry };
  /** Events are read from the registry's deployment block. */
  const range = { fromBlock: file.fromBlock };
  const read = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
    connection.client.readContract({ address: file.registry, abi: humanityRegistryAbi, functionName, args } as never);
  return { connection, file, clients, range, read };
}

const registryOptions = { rpc: { type: "string" }, registry: { type: "string", required: true } } as const;

function wei(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined) return undefined;
  const match = /^(0|[1-9][0-9]*)(\.[0-9]+)?(eth)?$/.exec(value);
  if (match === null) throw new InputError(`--${name} takes wei (an integer) or ether with an "eth" suffix (0.05eth)`);
  return match[3] === undefined ? BigInt(value) : parseEther(value.slice(0, -3));
}

function requestId(value: string): bigint {
  return BigInt(parseIntegerOption(value, "request", 0, Number.MAX_SAFE_INTEGER));
}

function address(value: string, name: string): Address {
  if (!ADDRESS.test(value)) throw new InputError(`--${name} must be a 0x-prefixed 20-byte address`);
  return value as Address;
}

function seconds(value: string | undefined, name: string): number | undefined {
  return value === undefined ? undefined : parseIntegerOption(value, name, 0, 10 * 365 * 86_400);
}

/**
 * `pop registry deploy --deployment d.json --issuer-id N [--jurors a,b,c | --arbitrator 0x…]
 *  [--arbitration-cost wei] [--appeal-cost wei] [--appeal-window s] [--base-deposit wei]
 *  [--challenge-period s] [--required-vouches n] [--policy CID] [--out registry.json] [--force]`:
 *  deploys a HumanityRegistry (PoH v2's parameters by default) and registers it as the issuer
 *  of kind registry; with --jurors, a CommitteeArbitrator is deployed for it.
 */
export async function registryDeploy(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    rpc: { type: "string" },
    deployment: { type: "string", required: true },
    "issuer-id": { type: "string", required: true },
    jurors: { type: "string" },
    arbitrator: { type: "string" },
    "arbitration-cost": { type: "string" },
    "appeal-cost": { type: "string" },
    "appeal-window": { type: "string" },
    "base-deposit": { type: "string" },
    "challenge-period": { type: "string" },
    "required-vouches": { type: "string" },
    policy: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  });
  if ((options.jurors === undefined) === (options.arbitrator === undefined)) {
    throw new InputError(
      "pass --jurors a,b,c (a committee arbitrator is deployed) or --arbitrator 0x… (an ERC-792 arbitrator)",
    );
  }
  const issuerId = parseIntegerOption(options["issuer-id"], "issuer-id", 0, 1023);
  const connection = await connect(rpcUrl(options.rpc));
  const deployment = await readDeployment(options.deployment, connection.chainId);
  const fromBlock = await connection.client.getBlockNumber({ cacheTime: 0 });
  const arbitrator =
    options.arbitrator !== undefined
      ? address(options.arbitrator, "arbitrator")
      : await onChain(() =>
          deployCommitteeArbitrator({
            wallet: connection.wallet,
            client: connection.client,
            committee: {
              jurors: (options.jurors as string).split(",").map((j) => address(j, "jurors")),
              arbitrationCost: wei(options["arbitration-cost"], "arbitration-cost") ?? parseEther("0.01"),
              baseAppealCost: wei(options["appeal-cost"], "appeal-cost") ?? parseEther("0.02"),
              appealWindow: seconds(options["appeal-window"], "appeal-window") ?? 3600,
            },
          }),
        );
  const baseDeposit = wei(options["base-deposit"], "base-deposit");
  const challengePeriod = seconds(options["challenge-period"], "challenge-period");
  const requiredVouches =
    options["required-vouches"] === undefined
      ? undefined
      : parseIntegerOption(options["required-vouches"], "required-vouches", 0, 100);
  progress("deploying HumanityRegistry and registering it as an issuer of kind registry…");
  const registry = await onChain(() =>
    deployRegistry({
      wallet: connection.wallet,
      client: connection.client,
      humanitySet: deployment.humanitySet,
      issuerRegistry: deployment.issuerRegistry,
      issuerId,
      issuerPublicKey: createIssuer({ issuerId, name: "registry" }).publicKey,
      arbitrator,
      parameters: {
        ...(baseDeposit === undefined ? {} : { baseDeposit }),
        ...(challengePeriod === undefined ? {} : { challengePeriod }),
        ...(requiredVouches === undefined ? {} : { requiredVouches }),
        ...(options.policy === undefined ? {} : { policy: options.policy }),
      },
    }),
  );
  const file: RegistryFile = {
    version: 1,
    type: "pop-registry",
    chainId: connection.chainId,
    registry,
    arbitrator,
    humanitySet: deployment.humanitySet,
    issuerId,
    fromBlock: fromBlock.toString(),
  };
  const out = options.out ?? "registry.json";
  await writeJsonFile(out, file, { overwrite: options.force === true });
  return { output: { ...file, out } };
}

/**
 * `pop registry seed --registry r.json --id 0x… --owner 0x… --identity-commitment N`: governance
 * registers a genesis human (the first vouchers).
 */
export async function registrySeed(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    id: { type: "string", required: true },
    owner: { type: "string", required: true },
    commitment: { type: "string", required: true },
  });
  const id = parseHumanityId(options.id);
  if (!/^[1-9][0-9]*$/.test(options.commitment)) throw new InputError("--commitment is a decimal field element");
  const { clients } = await context(options);
  const tx = await onChain(() =>
    simulateAndWrite(clients, {
      address: clients.registry,
      abi: humanityRegistryAbi,
      functionName: "seedHumanity",
      args: [id, address(options.owner, "owner"), BigInt(options.commitment)],
    }),
  );
  return { output: { humanityId: id, owner: options.owner, tx } };
}

/**
 * `pop registry claim --registry r.json --identity id.json --evidence CID [--id 0x…] [--value wei]
 *  [--photo p --video v [--shown …] [--force]]`: claims a Humanity ID (default: the wallet's
 *  address) for the identity's commitment, paying the deposit (or --value towards it). With
 *  --photo/--video the evidence pre-flight report runs first, and a submission that fails a
 *  hard rule is refused before any deposit is spent, unless --force.
 */
export async function registryClaim(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    identity: { type: "string", required: true },
    evidence: { type: "string", required: true },
    id: { type: "string" },
    value: { type: "string" },
    photo: { type: "string" },
    video: { type: "string" },
    shown: { type: "string" },
    force: { type: "boolean" },
  });
  const identity = parseIdentity(await readJsonFile(options.identity, "identity file"));
  const { connection, clients } = await context(options);
  const wallet = connection.wallet.account.address;
  const humanityId = parseHumanityId(options.id ?? wallet);
  if (options.id !== undefined && humanityId !== wallet.toLowerCase()) {
    progress(`the Humanity ID ${humanityId} is not this wallet's address ${wallet}: a reclaim must use the old ID`);
  }
  let preflight: unknown;
  if (options.photo !== undefined || options.video !== undefined) {
    // Loaded only when needed: the face models take a moment to load.
    const { evidenceReport } = await import("@pop/evidence/evidenceReport");
    const report = await evidenceReport({
      address: wallet,
      ...(options.photo === undefined ? {} : { photo: options.photo }),
      ...(options.video === undefined ? {} : { video: options.video }),
      ...(options.shown === undefined ? {} : { shown: options.shown }),
    });
    preflight = report;
    if (!report.ok && options.force !== true) {
      return {
        output: {
          ok: false,
          refused: "the evidence fails a hard rule; no deposit was spent (--force submits anyway)",
          report,
        },
        exitCode: 1,
      };
    }
  }
  const value = wei(options.value, "value") ?? (await readDeposit(connection.client, clients.registry));
  const { hash, requestId } = await onChain(() =>
    claimHumanity(clients, { humanityId, evidence: options.evidence, commitment: identity.commitment, value }),
  );
  return {
    output: {
      ok: true,
      requestId: requestId.toString(),
      humanityId,
      paid: value.toString(),
      tx: hash,
      ...(preflight ? { preflight } : {}),
    },
  };
}

/** `pop registry fund --registry r.json --request N --value wei`: crowdfunds a request's deposit. */
export async function registryFund(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    request: { type: "string", required: true },
    value: { type: "string", required: true },
  });
  const value = wei(options.value, "value") as bigint;
  const { clients } = await context(options);
  return {
    output: { tx: await onChain(() => fundRequest(clients, { requestId: requestId(options.request), value })) },
  };
}

/** The file `pop registry vouch --sign` writes and `pop registry advance --signed` reads. */
type SignedVouchFile = {
  version: 1;
  type: "pop-signed-vouch";
  chainId: number;
  registry: Address;
  voucher: Address;
  claimer: Address;
  humanityId: Hex;
  expirationTimestamp: string;
  signature: Hex;
};

/**
 * `pop registry vouch --registry r.json --for 0xclaimer [--id 0x…] [--sign [--expires s] [--out f] [--force]]`:
 *  vouches on chain for a claim, or with --sign writes an EIP-712 vouch (valid --expires seconds,
 *  default 30 days) that the claimer passes to `advance --signed`, without a transaction.
 */
export async function registryVouch(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    for: { type: "string", required: true },
    id: { type: "string" },
    sign: { type: "boolean" },
    expires: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  });
  const claimer = address(options.for, "for");
  const humanityId = parseHumanityId(options.id ?? claimer);
  if (options.sign !== true && (options.expires ?? options.out) !== undefined) {
    throw new InputError("--expires and --out go with --sign");
  }
  const { connection, clients } = await context(options);
  if (options.sign !== true) {
    return { output: { claimer, humanityId, tx: await onChain(() => addVouch(clients, { claimer, humanityId })) } };
  }
  const lifetime = parseIntegerOption(options.expires ?? String(30 * 86_400), "expires", 60, 365 * 86_400);
  const now = (await connection.client.getBlock({ blockTag: "latest" })).timestamp;
  const expirationTimestamp = now + BigInt(lifetime);
  const vouch = await signVouch(connection.wallet, {
    registry: clients.registry,
    chainId: connection.chainId,
    claimer,
    humanityId,
    expirationTimestamp,
  });
  const file: SignedVouchFile = {
    version: 1,
    type: "pop-signed-vouch",
    chainId: connection.chainId,
    registry: clients.registry,
    voucher: connection.wallet.account.address,
    claimer,
    humanityId,
    expirationTimestamp: expirationTimestamp.toString(),
    signature: vouch.signature,
  };
  const out = options.out ?? "vouch.json";
  await writeJsonFile(out, file, { overwrite: options.force === true });
  return { output: { ...file, out } };
}

/**
 * Reads a signed vouch file strictly and checks what the registry would otherwise skip
 * silently: same chain, registry and claimer, not expired, and signed by the voucher it names.
 */
async function readSignedVouch(
  path: string,
  expected: { chainId: number; registry: Address; claimer: Address; now: bigint },
): Promise<SignedVouch & { voucher: Address }> {
  const doc = expectObject(await readJsonFile(path, "signed vouch file"), "signed vouch", [
    "version",
    "type",
    "chainId",
    "registry",
    "voucher",
    "claimer",
    "humanityId",
    "expirationTimestamp",
    "signature",
  ]);
  expectLiteral(doc.version, "signed vouch version", 1);
  expectLiteral(doc.type, "signed vouch type", "pop-signed-vouch");
  const chainId = expectInteger(doc.chainId, "signed vouch chainId", 1, Number.MAX_SAFE_INTEGER);
  const [registry, voucher, claimer] = (["registry", "voucher", "claimer"] as const).map((field) => {
    const value = expectString(doc[field], `signed vouch ${field}`);
    if (!ADDRESS.test(value)) throw new InputError(`signed vouch ${field} must be a 0x-prefixed 20-byte address`);
    return getAddress(value);
  }) as [Address, Address, Address];
  const humanityId = parseHumanityId(expectString(doc.humanityId, "signed vouch humanityId"));
  const expiration = expectString(doc.expirationTimestamp, "signed vouch expirationTimestamp");
  if (!/^[1-9][0-9]{0,15}$/.test(expiration)) {
    throw new InputError("signed vouch expirationTimestamp must be decimal Unix seconds");
  }
  const signature = expectString(doc.signature, "signed vouch signature");
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw new InputError("signed vouch signature must be 65 bytes of hex");
  if (chainId !== expected.chainId || registry !== getAddress(expected.registry)) {
    throw new InputError(`${path} is a vouch for registry ${registry} on chain ${chainId}, not this registry`);
  }
  if (claimer !== getAddress(expected.claimer)) throw new InputError(`${path} vouches for ${claimer}, not the claimer`);
  const expirationTimestamp = BigInt(expiration);
  if (expirationTimestamp <= expected.now) throw new InputError(`${path} expired at ${expiration}`);
  const signer = await recoverVouchSigner({
    registry,
    chainId,
    claimer,
    humanityId,
    expirationTimestamp,
    signature: signature as Hex,
  });
  if (signer !== voucher) throw new InputError(`${path}: the signature is not ${voucher}'s vouch for this claim`);
  return { expirationTimestamp, signature: signature as Hex, voucher };
}

/**
 * `pop registry advance --registry r.json --claimer 0x… [--vouchers 0x…,0x…] [--signed v1.json,v2.json]`:
 *  moves a funded, vouched claim into its challenge period, counting on-chain vouches (by the
 *  vouchers' Humanity IDs) and signed vouch files.
 */
export async function registryAdvance(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    claimer: { type: "string", required: true },
    vouchers: { type: "string" },
    signed: { type: "string" },
  });
  if (options.vouchers === undefined && options.signed === undefined) {
    throw new InputError("pass --vouchers 0x…,0x… and/or --signed vouch.json,…");
  }
  const claimer = address(options.claimer, "claimer");
  const vouchers = options.vouchers === undefined ? [] : options.vouchers.split(",").map((v) => parseHumanityId(v));
  const { connection, clients } = await context(options);
  const now = (await connection.client.getBlock({ blockTag: "latest" })).timestamp;
  const expected = { chainId: connection.chainId, registry: clients.registry, claimer, now };
  const signed = [];
  for (const path of options.signed === undefined ? [] : options.signed.split(",")) {
    signed.push(await readSignedVouch(path, expected));
  }
  const signedVouches = signed.map(({ expirationTimestamp, signature }) => ({ expirationTimestamp, signature }));
  const tx = await onChain(() => advanceState(clients, { claimer, vouchers, signedVouches }));
  return { output: { tx, vouchers, signedBy: signed.map((v) => v.voucher) } };
}

/**
 * `pop registry challenge --registry r.json --request N --reason R [--duplicate 0x…] [--evidence CID]`:
 *  challenges a request in its challenge period, paying the arbitration cost.
 */
export async function registryChallenge(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    request: { type: "string", required: true },
    reason: { type: "string", required: true },
    duplicate: { type: "string" },
    evidence: { type: "string" },
  });
  const reason = REASONS.find((r) => r === options.reason);
  if (reason === undefined) throw new InputError(`--reason is one of ${REASONS.join(", ")}`);
  const { clients } = await context(options);
  const id = requestId(options.request);
  const tx = await onChain(() =>
    challengeRequest(clients, {
      requestId: id,
      reason,
      ...(options.duplicate === undefined ? {} : { duplicate: parseHumanityId(options.duplicate) }),
      ...(options.evidence === undefined ? {} : { evidence: options.evidence }),
    }),
  );
  return { output: { requestId: id.toString(), reason, tx } };
}

/**
 * `pop registry rule --registry r.json --dispute N (--vote requester|challenger|refuse | --execute)`:
 *  a committee juror votes, or anyone executes the ruling after the appeal period.
 */
export async function registryRule(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    dispute: { type: "string", required: true },
    vote: { type: "string" },
    execute: { type: "boolean" },
  });
  const disputeId = BigInt(parseIntegerOption(options.dispute, "dispute", 0, Number.MAX_SAFE_INTEGER));
  const choices = ["refuse", "requester", "challenger"];
  if ((options.vote === undefined) === (options.execute !== true))
    throw new InputError("pass --vote requester|challenger|refuse or --execute");
  if (options.vote !== undefined && !choices.includes(options.vote))
    throw new InputError("--vote is requester, challenger or refuse");
  const { connection, file } = await context(options);
  const tx = await onChain(() =>
    simulateAndWrite(connection, {
      address: file.arbitrator,
      abi: committeeArbitratorAbi,
      functionName: options.execute ? "executeRuling" : "vote",
      args: options.execute ? [disputeId] : [disputeId, BigInt(choices.indexOf(options.vote as string))],
    }),
  );
  return { output: { disputeId: disputeId.toString(), tx } };
}

/**
 * `pop registry appeal --registry r.json --request N --challenge i --side requester|challenger --value wei`:
 *  funds one side of an appeal.
 */
export async function registryAppeal(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    request: { type: "string", required: true },
    challenge: { type: "string", required: true },
    side: { type: "string", required: true },
    value: { type: "string", required: true },
  });
  const side = SIDES.find((s) => s === options.side);
  if (side === undefined) throw new InputError("--side is requester or challenger");
  const challengeIndex = BigInt(parseIntegerOption(options.challenge, "challenge", 0, 1_000_000));
  const value = wei(options.value, "value") as bigint;
  const { clients } = await context(options);
  const tx = await onChain(() =>
    fundAppeal(clients, { requestId: requestId(options.request), challengeIndex, side, value }),
  );
  return { output: { tx } };
}

/**
 * `pop registry execute --registry r.json --request N`: applies a request whose challenge period
 *  ended (the leaf's siblings are read from the set's events), then releases its vouchers.
 */
export async function registryExecute(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { ...registryOptions, request: { type: "string", required: true } });
  const id = requestId(options.request);
  const { clients, range } = await context(options);
  const tx = await onChain(() => executeRequest(clients, { requestId: id, ...range }));
  const { processed } = await onChain(() => processVouches(clients, { requestId: id, ...range }));
  return { output: { requestId: id.toString(), tx, released: processed } };
}

/** `pop registry process --registry r.json --request N`: releases (or penalises) a final request's vouchers. */
export async function registryProcess(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { ...registryOptions, request: { type: "string", required: true } });
  const { clients, range } = await context(options);
  const { processed } = await onChain(() =>
    processVouches(clients, { requestId: requestId(options.request), ...range }),
  );
  return { output: { processed } };
}

/** `pop registry renew --registry r.json --evidence CID [--identity id.json]`: the owner renews (a new key optional). */
export async function registryRenew(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    evidence: { type: "string", required: true },
    identity: { type: "string" },
  });
  const commitment =
    options.identity === undefined
      ? undefined
      : parseIdentity(await readJsonFile(options.identity, "identity file")).commitment;
  const { clients } = await context(options);
  const { hash, requestId: id } = await onChain(() =>
    renewHumanity(clients, { evidence: options.evidence, ...(commitment === undefined ? {} : { commitment }) }),
  );
  return { output: { requestId: id.toString(), tx: hash } };
}

/**
 * `pop registry revoke --registry r.json --id 0x… --evidence CID` asks for a humanity's removal
 *  (full deposit); `pop registry revoke --registry r.json --own` removes the wallet's own at once.
 */
export async function registryRevoke(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    id: { type: "string" },
    evidence: { type: "string" },
    own: { type: "boolean" },
  });
  if (options.own !== true && (options.id === undefined || options.evidence === undefined))
    throw new InputError("pass --id and --evidence, or --own");
  const { clients, range } = await context(options);
  if (options.own) {
    const { hash, humanityId } = await onChain(() => renounceHumanity(clients, range));
    return { output: { humanityId, tx: hash } };
  }
  const humanityId = parseHumanityId(options.id as string);
  const { hash, requestId: id } = await onChain(() =>
    revokeHumanity(clients, { humanityId, evidence: options.evidence as string }),
  );
  return { output: { requestId: id.toString(), tx: hash } };
}

/**
 * `pop registry withdraw --registry r.json [--request N [--challenge i --round r]]`: makes the
 *  wallet's deposit share (or appeal reward) of a request withdrawable, then sends it everything
 *  withdrawable.
 */
export async function registryWithdraw(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    request: { type: "string" },
    challenge: { type: "string" },
    round: { type: "string" },
  });
  const { clients } = await context(options);
  if (options.request !== undefined) {
    const id = requestId(options.request);
    if (options.challenge !== undefined) {
      const challengeIndex = BigInt(parseIntegerOption(options.challenge, "challenge", 0, 1_000_000));
      const round = BigInt(parseIntegerOption(options.round ?? "1", "round", 1, 1_000_000));
      await onChain(() => withdrawFeesAndRewards(clients, { requestId: id, challengeIndex, round }));
    } else {
      await onChain(() => withdrawDeposit(clients, { requestId: id }));
    }
  }
  const { hash, amount } = await onChain(() => withdraw(clients));
  return { output: { withdrawn: amount.toString(), ...(hash === undefined ? {} : { tx: hash }) } };
}

/**
 * `pop registry credential --registry r.json [--id 0x…] [--identity id.json] [--out cred.json] [--force]`
 *  writes the credential of a registered humanity (default: the wallet's), backed by the
 *  HumanityRegistered log of its current leaf; with --identity, refuses one whose leaf holds
 *  another commitment. `pop registry credential --registry r.json --check cred.json` checks a
 *  registry credential against the chain: the log exists and records exactly its leaf.
 */
export async function registryCredentialCommand(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    id: { type: "string" },
    identity: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
    check: { type: "string" },
  });
  if (options.check !== undefined) {
    if (options.id !== undefined || options.identity !== undefined || options.out !== undefined) {
      throw new InputError("--check takes no --id, --identity or --out");
    }
    const credential = parseCredential(await readJsonFile(options.check, "credential file"));
    if (!isRegistered(credential)) throw new InputError(`${options.check} is a signed credential, not a registry one`);
    checkCredential(credential);
    const { connection } = await context(options);
    const status = await onChain(() => checkRegistration({ client: connection.client, credential }));
    return { output: { valid: true, humanityId: credential.registration.humanityId, ...status } };
  }
  const commitment =
    options.identity === undefined
      ? undefined
      : parseIdentity(await readJsonFile(options.identity, "identity file")).commitment;
  const { connection, clients, range, read } = await context(options);
  const humanityId =
    options.id === undefined
      ? ((await read("humanityOf", [connection.wallet.account.address])) as Hex)
      : parseHumanityId(options.id);
  if (humanityId === zeroAddress) {
    throw new InputError(`the wallet ${connection.wallet.account.address} owns no humanity here; pass --id 0x…`);
  }
  const credential = await onChain(() =>
    registryCredential({ client: connection.client, registry: clients.registry, humanityId, ...range }),
  );
  if (commitment !== undefined && credential.commitment !== commitment) {
    throw new InputError(`humanity ${humanityId}'s leaf holds another identity commitment than ${options.identity}'s`);
  }
  const out = options.out ?? "credential.json";
  // A credential tells who holds which leaf: it stays on the holder's device, 0600.
  await writeJsonFile(out, credentialDocument(credential), { mode: 0o600, overwrite: options.force === true });
  return {
    output: {
      humanityId,
      issuerId: credential.attributes.issuerId,
      validUntil: credentialDocument(credential).validUntil,
      registration: credential.registration,
      out,
    },
  };
}

/** Syncs an index file (default: registry.sqlite beside nothing else) and returns it. */
async function indexed(options: { rpc: string | undefined; registry: string; index: string | undefined }) {
  const { connection, file } = await context(options);
  const indexer = await RegistryIndexer.open({
    path: options.index ?? "registry.sqlite",
    client: connection.client,
    registry: file.registry,
    fromBlock: file.fromBlock,
  });
  await indexer.sync();
  const now = Number((await connection.client.getBlock({ blockTag: "latest" })).timestamp);
  return { indexer, now };
}

/**
 * `pop registry status --registry r.json (--id 0x… | --pending) [--index registry.sqlite]`: a
 *  humanity's status and requests, or the open requests, from the event index (synced first).
 */
export async function registryStatus(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    id: { type: "string" },
    pending: { type: "boolean" },
    index: { type: "string" },
  });
  if ((options.id === undefined) === (options.pending !== true)) throw new InputError("pass --id 0x… or --pending");
  const id = options.id === undefined ? undefined : parseHumanityId(options.id);
  const { indexer, now } = await indexed(options);
  try {
    if (id === undefined) return { output: { pending: indexer.pendingRequests() } };
    return { output: { ...indexer.humanity(id, now), vouches: indexer.vouchesOf(id) } };
  } finally {
    indexer.close();
  }
}

/** `pop registry vouchallenger --registry r.json --id 0x… [--index registry.sqlite]`: HIP-58 counts and verdict. */
export async function registryVouchallenger(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    id: { type: "string", required: true },
    index: { type: "string" },
  });
  const id = parseHumanityId(options.id);
  const { indexer } = await indexed(options);
  try {
    return { output: indexer.vouchallengerStats(id) };
  } finally {
    indexer.close();
  }
}
