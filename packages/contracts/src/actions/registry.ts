/**
 * Typed actions on a HumanityRegistry: one function per request step, each simulated first (a
 * revert surfaces with its custom error before anything is sent) and returning the transaction
 * hash, plus the request id for the calls that open a request. Leaf changes read their LeanIMT
 * siblings from the humanity set's events, so callers never handle siblings.
 */

import { ChainError } from "@pop/core/errors";
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { parseEventLogs, recoverTypedDataAddress, zeroAddress } from "viem";
import { chainCall } from "../errors/chainError.js";
import { committeeArbitratorAbi } from "../generated/committeeArbitrator.js";
import { PARTIES, REASONS as REASON_NAMES } from "../generated/enums.js";
import { humanityRegistryAbi } from "../generated/humanityRegistry.js";
import { readHumanitySet } from "../readHumanitySet.js";
import { leafSiblings, removalSiblings } from "../registry.js";
import { type ActionClients, simulateAndWrite } from "./writeContract.js";

/**
 * Challenge reasons as the contract numbers them (None is the only reason for a revocation):
 * IHumanityRegistry.Reason, generated from the Solidity source.
 */
export const REASONS = REASON_NAMES;
/** A challenge reason, as pop prints it. */
export type Reason = (typeof REASONS)[number];

/** A side of a dispute: IHumanityRegistry.Party without None (a ruling of 0 refuses to arbitrate). */
export type Side = Exclude<(typeof PARTIES)[number], "none">;
/** The sides of a dispute, in the contract's order (requester 1, challenger 2). */
export const SIDES: readonly Side[] = PARTIES.filter((party): party is Side => party !== "none");

/** The EIP-712 vouch the registry accepts in advanceState. */
export const VOUCH_TYPES = {
  IsHumanVoucher: [
    { name: "vouched", type: "address" },
    { name: "humanityId", type: "bytes20" },
    { name: "expirationTimestamp", type: "uint256" },
  ],
} as const;

/** A vouch signed off chain by a registered human's owner wallet. */
export type SignedVouch = { expirationTimestamp: bigint; signature: Hex };

/** What a registry action needs: the clients and the registry's address. */
export type RegistryClients = ActionClients & { registry: Address };

/** Where the humanity set's events start (the registry's deployment block keeps reads short). */
type FromBlock = { fromBlock?: bigint };

function range(options: FromBlock): FromBlock {
  return options.fromBlock === undefined ? {} : { fromBlock: options.fromBlock };
}

/** A humanity record, exactly as `humanity(id)` returns it. */
export type HumanityRecord = Awaited<ReturnType<typeof readHumanity>>;
/** A request record, exactly as `request(id)` returns it. */
export type RequestRecord = Awaited<ReturnType<typeof readRequest>>;

/** Reads a humanity's record (owner zero: not registered). */
export function readHumanity(client: PublicClient, registry: Address, humanityId: Hex) {
  return chainCall(() =>
    client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "humanity",
      args: [humanityId],
    }),
  );
}

/** Reads a request's record (throws HumanityRegistry__NoSuchRequest for an unknown id). */
export function readRequest(client: PublicClient, registry: Address, requestId: bigint) {
  return chainCall(() =>
    client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "request",
      args: [requestId],
    }),
  );
}

/** The deposit a claim, renewal or revocation needs: base deposit + arbitration cost. */
export function readDeposit(client: PublicClient, registry: Address): Promise<bigint> {
  return chainCall(() => client.readContract({ address: registry, abi: humanityRegistryAbi, functionName: "deposit" }));
}

/** The arbitration cost a challenge pays, read from the registry's arbitrator. */
export function readChallengeCost(client: PublicClient, registry: Address): Promise<bigint> {
  return chainCall(async () => {
    const read = { address: registry, abi: humanityRegistryAbi } as const;
    const [arbitrator, extraData] = await Promise.all([
      client.readContract({ ...read, functionName: "arbitrator" }),
      client.readContract({ ...read, functionName: "arbitratorExtraData" }),
    ]);
    return client.readContract({
      address: arbitrator,
      abi: committeeArbitratorAbi,
      functionName: "arbitrationCost",
      args: [extraData],
    });
  });
}

function write(clients: RegistryClients, functionName: string, args: readonly unknown[], value?: bigint): Promise<Hex> {
  return simulateAndWrite(clients, {
    address: clients.registry,
    abi: humanityRegistryAbi,
    functionName,
    args,
    ...(value === undefined ? {} : { value }),
  });
}

/** Sends a request-opening call and returns its hash with the id its RequestOpened event names. */
async function open(
  clients: RegistryClients,
  functionName: string,
  args: readonly unknown[],
  value: bigint,
): Promise<{ hash: Hex; requestId: bigint }> {
  const hash = await write(clients, functionName, args, value);
  const receipt = await chainCall(() => clients.client.getTransactionReceipt({ hash }));
  const [opened] = parseEventLogs({ abi: humanityRegistryAbi, eventName: "RequestOpened", logs: receipt.logs }).filter(
    (log) => log.address.toLowerCase() === clients.registry.toLowerCase(),
  );
  if (opened === undefined) throw new ChainError(`transaction ${hash} opened no request`, { details: { hash } });
  return { hash, requestId: opened.args.requestId };
}

/** The registry's humanity set, rebuilt from the set's events. */
async function readRegistrySet(client: PublicClient, registry: Address, options: FromBlock) {
  return chainCall(async () => {
    const humanitySet = await client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "humanitySet",
    });
    return readHumanitySet({ client, address: humanitySet, ...range(options) });
  });
}

/** The siblings of a humanity's current leaf, from the set's events (empty when it has none). */
export async function humanitySiblings(
  client: PublicClient,
  registry: Address,
  humanityId: Hex,
  options: FromBlock = {},
): Promise<bigint[]> {
  const [set, humanity] = await Promise.all([
    readRegistrySet(client, registry, options),
    readHumanity(client, registry, humanityId),
  ]);
  return leafSiblings(set, humanity);
}

/**
 * Claims a Humanity ID for an identity commitment (a first claim, or a reclaim of an old ID).
 * @param params.humanityId bytes20; by PoH's convention the claimer's address for a first claim
 * @param params.evidence the CID of the evidence bundle (name, photo, video)
 * @param params.value wei paid now (default: the full deposit; others may fund the rest)
 */
export async function claimHumanity(
  clients: RegistryClients,
  params: { humanityId: Hex; evidence: string; commitment: bigint; value?: bigint },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = params.value ?? (await readDeposit(clients.client, clients.registry));
  return open(clients, "claimHumanity", [params.humanityId, params.evidence, params.commitment], value);
}

/** Crowdfunds a request's deposit (anything above what is missing is kept for the sender). */
export function fundRequest(clients: RegistryClients, params: { requestId: bigint; value: bigint }): Promise<Hex> {
  return write(clients, "fundRequest", [params.requestId], params.value);
}

/** Vouches on chain for a claimer's claim of a Humanity ID (the wallet must own a registered humanity). */
export function addVouch(clients: RegistryClients, params: { claimer: Address; humanityId: Hex }): Promise<Hex> {
  return write(clients, "addVouch", [params.claimer, params.humanityId]);
}

/** Withdraws an on-chain vouch that was not used yet. */
export function removeVouch(clients: RegistryClients, params: { claimer: Address; humanityId: Hex }): Promise<Hex> {
  return write(clients, "removeVouch", [params.claimer, params.humanityId]);
}

/** What a vouch is for: the registry (its EIP-712 domain), the claimer, the ID and the expiry. */
export type VouchParams = {
  registry: Address;
  chainId: number;
  claimer: Address;
  humanityId: Hex;
  expirationTimestamp: bigint;
};

/** The EIP-712 typed data of an `IsHumanVoucher` vouch, as the registry's `vouchDigest` hashes it. */
export function vouchTypedData(params: VouchParams) {
  return {
    domain: { name: "pop HumanityRegistry", version: "1", chainId: params.chainId, verifyingContract: params.registry },
    types: VOUCH_TYPES,
    primaryType: "IsHumanVoucher",
    message: {
      vouched: params.claimer,
      humanityId: params.humanityId,
      expirationTimestamp: params.expirationTimestamp,
    },
  } as const;
}

/**
 * Signs an EIP-712 `IsHumanVoucher` vouch with the wallet (which must own a registered humanity
 * when the vouch is used). Nothing is sent: the claimer passes it to advanceState.
 * @param params.expirationTimestamp Unix seconds after which the registry ignores it
 */
export async function signVouch(
  wallet: WalletClient<Transport, Chain, Account>,
  params: VouchParams,
): Promise<SignedVouch> {
  const signature = await wallet.signTypedData(vouchTypedData(params));
  return { expirationTimestamp: params.expirationTimestamp, signature };
}

/** The wallet that signed a vouch, or undefined when the signature is not a valid one. */
export function recoverVouchSigner(params: VouchParams & { signature: Hex }): Promise<Address | undefined> {
  return recoverTypedDataAddress({ ...vouchTypedData(params), signature: params.signature }).catch(() => undefined);
}

/**
 * Moves a funded claim with enough valid vouches (on-chain vouchers and signed vouches) into its
 * challenge period. Invalid, expired or busy vouches are skipped; too few valid ones revert with
 * HumanityRegistry__NotEnoughVouches.
 */
export function advanceState(
  clients: RegistryClients,
  params: { claimer: Address; vouchers?: readonly Hex[]; signedVouches?: readonly SignedVouch[] },
): Promise<Hex> {
  return write(clients, "advanceState", [params.claimer, params.vouchers ?? [], params.signedVouches ?? []]);
}

/**
 * Challenges a request in its challenge period, paying the arbitrator's cost.
 * @param params.duplicate for sybil-attack: the duplicate humanity (registered, or with another open claim)
 */
export async function challengeRequest(
  clients: RegistryClients,
  params: { requestId: bigint; reason: Reason; duplicate?: Hex; evidence?: string },
): Promise<Hex> {
  const cost = await readChallengeCost(clients.client, clients.registry);
  const args = [
    params.requestId,
    REASONS.indexOf(params.reason),
    params.duplicate ?? zeroAddress,
    params.evidence ?? "",
  ];
  return write(clients, "challengeRequest", args, cost);
}

/** Funds one side of a challenge's current appeal round. */
export function fundAppeal(
  clients: RegistryClients,
  params: { requestId: bigint; challengeIndex: bigint; side: Side; value: bigint },
): Promise<Hex> {
  const side = PARTIES.indexOf(params.side);
  return write(clients, "fundAppeal", [params.requestId, params.challengeIndex, side], params.value);
}

/**
 * Applies a request whose challenge period ended unchallenged, or whose disputes are ruled: the
 * leaf is inserted, replaced or removed (siblings read from the set's events).
 */
export async function executeRequest(
  clients: RegistryClients,
  params: { requestId: bigint } & FromBlock,
): Promise<Hex> {
  const request = await readRequest(clients.client, clients.registry, params.requestId);
  const siblings = await humanitySiblings(clients.client, clients.registry, request.humanityId, range(params));
  return write(clients, "executeRequest", [params.requestId, siblings]);
}

/**
 * Releases a final request's vouchers, or removes their registrations when an aggravated
 * challenge won. Returns the hash and how many vouchers were processed (0: nothing was sent).
 */
export async function processVouches(
  clients: RegistryClients,
  params: { requestId: bigint } & FromBlock,
): Promise<{ hash?: Hex; processed: number }> {
  const { client, registry } = clients;
  const request = await readRequest(client, registry, params.requestId);
  const left = request.vouches.slice(request.processedVouches);
  if (left.length === 0) return { processed: 0 };
  let siblings: bigint[][] = left.map(() => []);
  if (request.punishVouchers) {
    const records = await Promise.all(left.map((voucher) => readHumanity(client, registry, voucher)));
    siblings = removalSiblings(await readRegistrySet(client, registry, params), records);
  }
  return { hash: await write(clients, "processVouches", [params.requestId, siblings]), processed: left.length };
}

/**
 * The owner asks to renew inside the renewal window, with evidence that differs from the last.
 * @param params.commitment a new identity commitment (default: keep the current one)
 */
export async function renewHumanity(
  clients: RegistryClients,
  params: { evidence: string; commitment?: bigint; value?: bigint },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = params.value ?? (await readDeposit(clients.client, clients.registry));
  return open(clients, "renewHumanity", [params.evidence, params.commitment ?? 0n], value);
}

/** Asks for a humanity's removal (anyone, with the full deposit and evidence). */
export async function revokeHumanity(
  clients: RegistryClients,
  params: { humanityId: Hex; evidence: string },
): Promise<{ hash: Hex; requestId: bigint }> {
  const value = await readDeposit(clients.client, clients.registry);
  return open(clients, "revokeHumanity", [params.humanityId, params.evidence], value);
}

/** The owner removes their own humanity at once; returns the hash and the humanity removed. */
export async function renounceHumanity(
  clients: RegistryClients,
  params: FromBlock = {},
): Promise<{ hash: Hex; humanityId: Hex }> {
  const { client, registry, wallet } = clients;
  const humanityId = await chainCall(() =>
    client.readContract({
      address: registry,
      abi: humanityRegistryAbi,
      functionName: "humanityOf",
      args: [wallet.account.address],
    }),
  );
  const hash = await write(clients, "renounceHumanity", [await humanitySiblings(client, registry, humanityId, params)]);
  return { hash, humanityId };
}

/** Credits a final request's deposit share to `beneficiary` (default: the wallet). */
export function withdrawDeposit(
  clients: RegistryClients,
  params: { requestId: bigint; beneficiary?: Address },
): Promise<Hex> {
  return write(clients, "withdrawDeposit", [params.beneficiary ?? clients.wallet.account.address, params.requestId]);
}

/** Credits an appeal round's fees and rewards to `beneficiary` (default: the wallet). */
export function withdrawFeesAndRewards(
  clients: RegistryClients,
  params: { requestId: bigint; challengeIndex: bigint; round: bigint; beneficiary?: Address },
): Promise<Hex> {
  const beneficiary = params.beneficiary ?? clients.wallet.account.address;
  return write(clients, "withdrawFeesAndRewards", [beneficiary, params.requestId, params.challengeIndex, params.round]);
}

/** Sends the wallet everything credited to it; `amount` 0 and no hash when nothing is. */
export async function withdraw(clients: RegistryClients): Promise<{ hash?: Hex; amount: bigint }> {
  const amount = await chainCall(() =>
    clients.client.readContract({
      address: clients.registry,
      abi: humanityRegistryAbi,
      functionName: "withdrawable",
      args: [clients.wallet.account.address],
    }),
  );
  if (amount === 0n) return { amount };
  return { hash: await write(clients, "withdraw", []), amount };
}
