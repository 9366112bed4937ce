import { simulateAndWrite } from "@pop/contracts/actions/writeContract";
import { committeeArbitratorAbi, humanityRegistryAbi } from "@pop/contracts/generated/artifacts";
import { readHumanitySet } from "@pop/contracts/readHumanitySet";
import { deployCommitteeArbitrator, deployRegistry, leafSiblings, removalSiblings } from "@pop/contracts/registry";
import { InputError } from "@pop/protocol/errors";
import { parseIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import { parseHumanityId, RegistryIndexer } from "@pop/registry/indexer";
import { type Address, type Hex, parseEther, zeroAddress } from "viem";
import { parseIntegerOption, parseOptions } from "../args.js";
import { ADDRESS, type Connection, connect, onChain, readChainFile, readDeployment, rpcUrl } from "../chain.js";
import { readJsonFile, writeJsonFile } from "../io.js";
import { type CommandResult, progress } from "../result.js";

const REASONS = ["none", "incorrect-submission", "deceased", "identity-theft", "sybil-attack"];
const SIDES = ["requester", "challenger"];

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

/** Connection and registry file for a registry command. */
async function context(options: { rpc: string | undefined; registry: string }) {
  const connection = await connect(rpcUrl(options.rpc));
  const file = await readRegistry(options.registry, connection);
  const write = (functionName: string, args: readonly unknown[], value?: bigint) =>
    onChain(() =>
      simulateAndWrite(connection, {
        address: file.registry,
        abi: humanityRegistryAbi,
        functionName,
        args,
        ...(value === undefined ? {} : { value }),
      } as never),
    );
  const read = (functionName: string, args: readonly unknown[] = []) =>
    connection.client.readContract({ address: file.registry, abi: humanityRegistryAbi, functionName, args } as never);
  /** The siblings of a humanity's current leaf, from the set's events. */
  const siblings = async (humanityId: Hex) =>
    leafSiblings(
      await readHumanitySet({ client: connection.client, address: file.humanitySet, fromBlock: file.fromBlock }),
      (await read("humanity", [humanityId])) as { commitment: bigint; attributes: bigint },
    );
  return { connection, file, write, read, siblings };
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
  const { write } = await context(options);
  const tx = await write("seedHumanity", [id, address(options.owner, "owner"), BigInt(options.commitment)]);
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
  const { connection, write, read } = await context(options);
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
  const value = wei(options.value, "value") ?? ((await read("deposit")) as bigint);
  const requestId = (await read("requestCount")) as bigint;
  const tx = await write("claimHumanity", [humanityId, options.evidence, identity.commitment], value);
  return {
    output: {
      ok: true,
      requestId: requestId.toString(),
      humanityId,
      paid: value.toString(),
      tx,
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
  const { write } = await context(options);
  const tx = await write("fundRequest", [requestId(options.request)], wei(options.value, "value"));
  return { output: { tx } };
}

/** `pop registry vouch --registry r.json --for 0xclaimer [--id 0x…]`: vouches on chain for a claim. */
export async function registryVouch(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    for: { type: "string", required: true },
    id: { type: "string" },
  });
  const claimer = address(options.for, "for");
  const humanityId = parseHumanityId(options.id ?? claimer);
  const { write } = await context(options);
  return { output: { claimer, humanityId, tx: await write("addVouch", [claimer, humanityId]) } };
}

/**
 * `pop registry advance --registry r.json --claimer 0x… --vouchers 0x…,0x…`: moves a funded,
 *  vouched claim into its challenge period.
 */
export async function registryAdvance(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, {
    ...registryOptions,
    claimer: { type: "string", required: true },
    vouchers: { type: "string", required: true },
  });
  const vouchers = options.vouchers.split(",").map((v) => parseHumanityId(v));
  const { write } = await context(options);
  return { output: { tx: await write("advanceState", [address(options.claimer, "claimer"), vouchers, []]) } };
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
  const reason = REASONS.indexOf(options.reason);
  if (reason < 0) throw new InputError(`--reason is one of ${REASONS.join(", ")}`);
  const duplicate = options.duplicate === undefined ? zeroAddress : parseHumanityId(options.duplicate);
  const { connection, file, write } = await context(options);
  const cost = await connection.client.readContract({
    address: file.arbitrator,
    abi: committeeArbitratorAbi,
    functionName: "arbitrationCost",
    args: ["0x"],
  });
  const id = requestId(options.request);
  const tx = await write("challengeRequest", [id, reason, duplicate, options.evidence ?? ""], cost);
  return { output: { requestId: id.toString(), reason: options.reason, tx } };
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
  const side = SIDES.indexOf(options.side) + 1;
  if (side === 0) throw new InputError("--side is requester or challenger");
  const challenge = BigInt(parseIntegerOption(options.challenge, "challenge", 0, 1_000_000));
  const { write } = await context(options);
  const tx = await write("fundAppeal", [requestId(options.request), challenge, side], wei(options.value, "value"));
  return { output: { tx } };
}

/**
 * `pop registry execute --registry r.json --request N`: applies a request whose challenge period
 *  ended (the leaf's siblings are read from the set's events), then releases its vouchers.
 */
export async function registryExecute(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { ...registryOptions, request: { type: "string", required: true } });
  const id = requestId(options.request);
  const { connection, file, write, read, siblings } = await context(options);
  const request = (await read("request", [id])) as { humanityId: Hex };
  const tx = await write("executeRequest", [id, await siblings(request.humanityId)]);
  const released = await processVouches(id, { connection, file, write, read });
  return { output: { requestId: id.toString(), tx, released } };
}

async function processVouches(
  id: bigint,
  ctx: Pick<Awaited<ReturnType<typeof context>>, "connection" | "file" | "write" | "read">,
): Promise<number> {
  const request = (await ctx.read("request", [id])) as {
    vouches: readonly Hex[];
    processedVouches: number;
    punishVouchers: boolean;
  };
  const left = request.vouches.slice(request.processedVouches);
  if (left.length === 0) return 0;
  const records = await Promise.all(
    left.map((v) => ctx.read("humanity", [v]) as Promise<{ commitment: bigint; attributes: bigint }>),
  );
  const set = await readHumanitySet({
    client: ctx.connection.client,
    address: ctx.file.humanitySet,
    fromBlock: ctx.file.fromBlock,
  });
  const removed = records.map((r) => (request.punishVouchers ? r : { commitment: 0n, attributes: 0n }));
  await ctx.write("processVouches", [id, removalSiblings(set, removed)]);
  return left.length;
}

/** `pop registry process --registry r.json --request N`: releases (or penalises) a final request's vouchers. */
export async function registryProcess(argv: string[]): Promise<CommandResult> {
  const options = parseOptions(argv, { ...registryOptions, request: { type: "string", required: true } });
  const ctx = await context(options);
  return { output: { processed: await processVouches(requestId(options.request), ctx) } };
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
      ? 0n
      : parseIdentity(await readJsonFile(options.identity, "identity file")).commitment;
  const { write, read } = await context(options);
  const id = (await read("requestCount")) as bigint;
  const tx = await write("renewHumanity", [options.evidence, commitment], (await read("deposit")) as bigint);
  return { output: { requestId: id.toString(), tx } };
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
  const { connection, write, read, siblings } = await context(options);
  if (options.own) {
    const id = (await read("humanityOf", [connection.wallet.account.address])) as Hex;
    return { output: { humanityId: id, tx: await write("renounceHumanity", [await siblings(id)]) } };
  }
  if (options.id === undefined || options.evidence === undefined)
    throw new InputError("pass --id and --evidence, or --own");
  const id = (await read("requestCount")) as bigint;
  const tx = await write(
    "revokeHumanity",
    [parseHumanityId(options.id), options.evidence],
    (await read("deposit")) as bigint,
  );
  return { output: { requestId: id.toString(), tx } };
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
  const { connection, write, read } = await context(options);
  const me = connection.wallet.account.address;
  if (options.request !== undefined) {
    const id = requestId(options.request);
    if (options.challenge !== undefined) {
      const challenge = BigInt(parseIntegerOption(options.challenge, "challenge", 0, 1_000_000));
      const round = BigInt(parseIntegerOption(options.round ?? "1", "round", 1, 1_000_000));
      await write("withdrawFeesAndRewards", [me, id, challenge, round]);
    } else {
      await write("withdrawDeposit", [me, id]);
    }
  }
  const amount = (await read("withdrawable", [me])) as bigint;
  if (amount === 0n) return { output: { withdrawn: "0" } };
  return { output: { withdrawn: amount.toString(), tx: await write("withdraw", []) } };
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
