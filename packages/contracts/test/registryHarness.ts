/**
 * A registry deployment on a fresh anvil for tests: the pop contracts, a three-juror
 * CommitteeArbitrator and a HumanityRegistry (issuer 1, kind registry), with helpers that
 * play the registry's actors.
 */
import { unpackAttributes } from "@pop/protocol/attributes";
import type { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity, type Identity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import {
  type Address,
  createTestClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  addVouch,
  advanceState,
  type Reason as ChallengeReason,
  challengeRequest,
  claimHumanity,
  executeRequest,
  processVouches,
  REASONS,
  type RegistryClients,
} from "../src/actions/registry.js";
import type { LocalChain } from "../src/anvil.js";
import { type Deployer, type Deployment, deployPop } from "../src/deploy.js";
import { committeeArbitratorAbi } from "../src/generated/committeeArbitrator.js";
import { humanityRegistryAbi } from "../src/generated/humanityRegistry.js";
import { humanitySetAbi } from "../src/generated/humanitySet.js";
import { readHumanitySet } from "../src/readHumanitySet.js";
import {
  type CommitteeParameters,
  deployCommitteeArbitrator,
  deployRegistry,
  leafSiblings,
  POH_PARAMETERS,
  type RegistryParameters,
  registryLeaf,
} from "../src/registry.js";
import { localChain, revertOf, send } from "./chain.js";

export const ETHER = 10n ** 18n;
export const ARBITRATION_COST = ETHER / 100n;
export const BASE_APPEAL_COST = ETHER / 50n;
export const APPEAL_WINDOW = 3600;
export const ISSUER_ID = 1;
/** The key recorded for the registry issuer: it names the operator; registry credentials are backed by the registration log, never signed with it. */
export const registryIssuer = createIssuer({ issuerId: ISSUER_ID, name: "registry" });

/** Request kinds, statuses, reasons and parties as the contract numbers them. */
export const Kind = { Claim: 0, Renewal: 1, Revocation: 2 } as const;
export const Status = { None: 0, Vouching: 1, Resolving: 2, Disputed: 3, Resolved: 4, Withdrawn: 5 } as const;
export const Reason = { None: 0, IncorrectSubmission: 1, Deceased: 2, IdentityTheft: 3, SybilAttack: 4 } as const;
export const Party = { None: 0, Requester: 1, Challenger: 2 } as const;

/** A person: a funded wallet and an identity. */
export type Person = { key: Hex; wallet: Deployer; identity: Identity; address: Address; id: Hex };

export type Humanity = {
  owner: Address;
  expirationTime: bigint;
  lastFailedRevocationTime: bigint;
  inadmissibleUntil: bigint;
  reportedAt: bigint;
  pendingRequests: number;
  vouching: boolean;
  pendingRevocation: boolean;
  away: boolean;
  vouches: number;
  vouchallenges: number;
  vouchallengesSinceRemoval: number;
  timesRemoved: number;
  commitment: bigint;
  attributes: bigint;
  lastEvidence: Hex;
};

export type Request = {
  humanityId: Hex;
  kind: number;
  status: number;
  winner: number;
  punishVouchers: boolean;
  usedReasons: number;
  requester: Address;
  challengePeriodStart: bigint;
  policy: number;
  processedVouches: number;
  challenges: number;
  commitment: bigint;
  evidence: Hex;
  deposit: bigint;
  vouches: readonly Hex[];
};

export class RegistryHarness {
  chain!: LocalChain;
  client!: PublicClient;
  governance!: Deployer;
  jurors!: Deployer[];
  deployment!: Deployment;
  arbitrator!: Address;
  registry!: Address;
  parameters!: RegistryParameters;
  /** The Humanity IDs of every person made (each person's default ID). */
  readonly ids: Hex[] = [];

  static async start(
    parameters: Partial<RegistryParameters> = {},
    options: { chainId?: number } = {},
  ): Promise<RegistryHarness> {
    const h = new RegistryHarness();
    let wallets: Deployer[];
    ({ chain: h.chain, client: h.client, wallets } = await localChain(options));
    h.governance = wallets[0]!;
    h.jurors = wallets.slice(1, 4);
    h.deployment = await deployPop({ wallet: h.governance, client: h.client });
    const committee: CommitteeParameters = {
      jurors: h.jurors.map((j) => j.account.address),
      arbitrationCost: ARBITRATION_COST,
      baseAppealCost: BASE_APPEAL_COST,
      appealWindow: APPEAL_WINDOW,
    };
    h.arbitrator = await deployCommitteeArbitrator({ wallet: h.governance, client: h.client, committee });
    h.parameters = { ...POH_PARAMETERS, ...parameters };
    h.registry = await deployRegistry({
      wallet: h.governance,
      client: h.client,
      humanitySet: h.deployment.humanitySet,
      issuerRegistry: h.deployment.issuerRegistry,
      issuerId: ISSUER_ID,
      issuerPublicKey: registryIssuer.publicKey,
      arbitrator: h.arbitrator,
      parameters: h.parameters,
    });
    return h;
  }

  stop(): Promise<void> {
    return this.chain.stop();
  }

  /** A new person with a wallet holding 1,000 ether and a fresh identity. */
  async person(): Promise<Person> {
    const key = keccak256(toHex(`pop registry test person ${this.chain.rpcUrl} ${this.ids.length}`));
    const person = { key, identity: createIdentity() };
    return this.adopt(person);
  }

  /** The same person (key and identity) with a funded wallet on this chain. */
  async adopt(person: { key: Hex; identity: Identity }): Promise<Person> {
    const account = privateKeyToAccount(person.key);
    const wallet = createWalletClient({
      account,
      chain: this.governance.chain,
      transport: http(this.chain.rpcUrl),
      pollingInterval: 50,
    });
    await this.client.request({
      method: "anvil_setBalance" as never,
      params: [account.address, toHex(1000n * ETHER)] as never,
    });
    const id = account.address.toLowerCase() as Hex;
    if (!this.ids.includes(id)) this.ids.push(id);
    return { key: person.key, wallet, identity: person.identity, address: account.address, id };
  }

  deposit(): Promise<bigint> {
    return this.read("deposit") as Promise<bigint>;
  }

  /** Calls the registry as `wallet` and expects success. */
  call(wallet: Deployer, functionName: string, args: readonly unknown[], value?: bigint): Promise<void> {
    return send({
      client: this.client,
      wallet,
      address: this.registry,
      abi: humanityRegistryAbi,
      functionName,
      args,
      ...(value ? { value } : {}),
    });
  }

  /** The custom error the call reverts with. */
  revert(wallet: Deployer, functionName: string, args: readonly unknown[], value?: bigint) {
    return revertOf(this.call(wallet, functionName, args, value));
  }

  read(functionName: string, args: readonly unknown[] = []): Promise<unknown> {
    return this.client.readContract({
      address: this.registry,
      abi: humanityRegistryAbi,
      functionName,
      args,
    } as never);
  }

  humanity(id: Hex): Promise<Humanity> {
    return this.read("humanity", [id]) as Promise<Humanity>;
  }

  request(requestId: bigint): Promise<Request> {
    return this.read("request", [requestId]) as Promise<Request>;
  }

  async requestCount(): Promise<bigint> {
    return (await this.read("requestCount")) as bigint;
  }

  /** The humanity set as its events rebuild it. */
  set(): Promise<HumanitySet> {
    return readHumanitySet({ client: this.client, address: this.deployment.humanitySet });
  }

  async siblings(id: Hex): Promise<bigint[]> {
    return leafSiblings(await this.set(), await this.humanity(id));
  }

  leafOf(humanity: { commitment: bigint; attributes: bigint }): bigint {
    return registryLeaf(humanity);
  }

  async now(): Promise<bigint> {
    return (await this.client.getBlock({ blockTag: "latest" })).timestamp;
  }

  async passTime(seconds: number | bigint): Promise<void> {
    const test = createTestClient({ mode: "anvil", transport: http(this.chain.rpcUrl) });
    await test.increaseTime({ seconds: Number(seconds) });
    await test.mine({ blocks: 1 });
  }

  /** Seeds a genesis human (governance). */
  async seed(person: Person): Promise<void> {
    await this.call(this.governance, "seedHumanity", [person.id, person.address, person.identity.commitment]);
  }

  /** The SDK's action clients for a wallet on this registry. */
  as(wallet: Deployer): RegistryClients {
    return { client: this.client, wallet, registry: this.registry };
  }

  /** Opens a fully funded claim of the person's own address as Humanity ID; returns its id. */
  async claim(person: Person, options: { id?: Hex; evidence?: string; value?: bigint } = {}): Promise<bigint> {
    const { requestId } = await claimHumanity(this.as(person.wallet), {
      humanityId: options.id ?? person.id,
      evidence: options.evidence ?? `ipfs://claim-${person.id}`,
      commitment: person.identity.commitment,
      ...(options.value === undefined ? {} : { value: options.value }),
    });
    return requestId;
  }

  async vouch(voucher: Person, claimer: Person, id: Hex = claimer.id): Promise<void> {
    await addVouch(this.as(voucher.wallet), { claimer: claimer.address, humanityId: id });
  }

  async advance(claimer: Person, vouchers: Person[] = []): Promise<void> {
    await advanceState(this.as(claimer.wallet), { claimer: claimer.address, vouchers: vouchers.map((v) => v.id) });
  }

  /** Claim, vouch, advance: a request in its challenge period. */
  async openVouched(claimer: Person, voucher: Person, options: { id?: Hex; evidence?: string } = {}): Promise<bigint> {
    const requestId = await this.claim(claimer, options);
    await this.vouch(voucher, claimer, options.id ?? claimer.id);
    await this.advance(claimer, [voucher]);
    return requestId;
  }

  /** Lets the challenge period pass and executes the request (the SDK reads the siblings). */
  async execute(requestId: bigint): Promise<void> {
    await this.passTime(this.parameters.challengePeriod);
    await executeRequest(this.as(this.governance), { requestId });
    await this.release(requestId);
  }

  /** Processes the vouchers of a final request: released, or removed after an aggravated loss. */
  async release(requestId: bigint): Promise<void> {
    await processVouches(this.as(this.governance), { requestId });
  }

  /** A full registration: claim, vouch, challenge period, execution. */
  async register(claimer: Person, voucher: Person, options: { id?: Hex; evidence?: string } = {}): Promise<bigint> {
    const requestId = await this.openVouched(claimer, voucher, options);
    await this.execute(requestId);
    return requestId;
  }

  async challenge(
    challenger: Person,
    requestId: bigint,
    reason: number,
    duplicate: Hex = "0x0000000000000000000000000000000000000000",
  ): Promise<bigint> {
    await challengeRequest(this.as(challenger.wallet), {
      requestId,
      reason: REASONS[reason] as ChallengeReason,
      duplicate,
      evidence: `ipfs://challenge-${requestId}`,
    });
    const request = await this.request(requestId);
    const c = (await this.read("challenge", [requestId, BigInt(request.challenges - 1)])) as { disputeId: bigint };
    return c.disputeId;
  }

  /** Two of the three jurors vote `choice` (1 requester, 2 challenger, 0 refuse). */
  async vote(disputeId: bigint, choice: number): Promise<void> {
    for (const juror of this.jurors.slice(0, 2)) {
      await send({
        client: this.client,
        wallet: juror,
        address: this.arbitrator,
        abi: committeeArbitratorAbi,
        functionName: "vote",
        args: [disputeId, BigInt(choice)],
      });
    }
  }

  /** After the appeal window, the ruling is executed (the arbitrator calls rule). */
  async executeRuling(disputeId: bigint): Promise<void> {
    await this.passTime(APPEAL_WINDOW);
    await send({
      client: this.client,
      wallet: this.governance,
      address: this.arbitrator,
      abi: committeeArbitratorAbi,
      functionName: "executeRuling",
      args: [disputeId],
    });
  }

  /** The jury rules `choice` and, after the appeal window, the ruling is final. */
  async rule(disputeId: bigint, choice: number): Promise<void> {
    await this.vote(disputeId, choice);
    await this.executeRuling(disputeId);
  }

  /**
   * What the registry owes (withdrawable of every known account, open request deposits, appeal
   * round pots) and what it holds: conservation says they are equal.
   */
  async ledger(): Promise<{ balance: bigint; owed: bigint }> {
    let owed = 0n;
    for (const id of this.ids) owed += await this.withdrawable(getAddress(id));
    owed += await this.withdrawable(this.governance.account.address);
    const count = await this.requestCount();
    for (let requestId = 0n; requestId < count; requestId++) {
      const request = await this.request(requestId);
      owed += request.deposit;
      for (let c = 0n; c < BigInt(request.challenges); c++) {
        const challenge = (await this.read("challenge", [requestId, c])) as { lastRound: number };
        for (let r = 1n; r <= BigInt(challenge.lastRound); r++) {
          const [, , pot] = (await this.read("round", [requestId, c, r])) as [unknown, bigint, bigint];
          owed += pot;
        }
      }
    }
    return { balance: await this.balance(this.registry), owed };
  }

  /**
   * The registry's invariants over every known Humanity ID, as a list of violations (empty when
   * they hold): the set (rebuilt from events, root equal to the contract's) holds exactly the
   * leaves of the humanities with an owner, each with expiresAt = expiration; no wallet owns two
   * humanities, and each owner's humanityOf is its humanity.
   */
  async violations(): Promise<string[]> {
    const found: string[] = [];
    const set = await this.set();
    const root = await this.client.readContract({
      address: this.deployment.humanitySet,
      abi: humanitySetAbi,
      functionName: "root",
    });
    if (set.root !== root) found.push("the set rebuilt from events has another root");
    const expected = new Set<bigint>();
    const owners = new Map<Address, Hex>();
    for (const id of this.ids) {
      const humanity = await this.humanity(id);
      if (humanity.owner === zeroAddress) {
        if (humanity.commitment !== 0n) found.push(`${id} has a leaf but no owner`);
        continue;
      }
      if (owners.has(humanity.owner)) found.push(`${humanity.owner} owns ${owners.get(humanity.owner)} and ${id}`);
      owners.set(humanity.owner, id);
      if ((await this.read("humanityOf", [humanity.owner])) !== id) found.push(`humanityOf(${humanity.owner}) ≠ ${id}`);
      if (BigInt(unpackAttributes(humanity.attributes).expiresAt) !== humanity.expirationTime) {
        found.push(`${id}'s leaf expiry differs from its expiration`);
      }
      expected.add(this.leafOf(humanity));
    }
    const leaves = new Set(set.leaves.filter((leaf) => leaf !== 0n));
    for (const leaf of leaves) if (!expected.has(leaf)) found.push(`leaf ${leaf} belongs to no owned humanity`);
    for (const leaf of expected) if (!leaves.has(leaf)) found.push(`leaf ${leaf} of an owned humanity is missing`);
    return found;
  }

  async balance(address: Address): Promise<bigint> {
    return this.client.getBalance({ address });
  }

  async withdrawable(address: Address): Promise<bigint> {
    return (await this.read("withdrawable", [address])) as bigint;
  }
}
