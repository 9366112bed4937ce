/**
 * A registry deployment on a fresh anvil for tests: the pop contracts, a three-juror
 * CommitteeArbitrator and a HumanityRegistry (issuer 1, kind registry), with helpers that
 * play the registry's actors.
 */
import { addVouch } from "@pop/contracts/actions/registry/addVouch";
import { advanceState } from "@pop/contracts/actions/registry/advanceState";
import { challengeRequest } from "@pop/contracts/actions/registry/challengeRequest";
import { claimHumanity } from "@pop/contracts/actions/registry/claimHumanity";
import { executeRequest } from "@pop/contracts/actions/registry/executeRequest";
import { processVouches } from "@pop/contracts/actions/registry/processVouches";
import { readHumanity } from "@pop/contracts/actions/registry/readHumanity";
import { readRequest } from "@pop/contracts/actions/registry/readRequest";
import { renewHumanity } from "@pop/contracts/actions/registry/renewHumanity";
import {
  type Reason as ChallengeReason,
  type HumanityRecord,
  REASONS,
  type RegistryClients,
  type RequestRecord,
} from "@pop/contracts/actions/registry/types";
import type { LocalChain } from "@pop/contracts/anvil";
import { type Deployer, type Deployment, deployPop } from "@pop/contracts/deploy";
import { committeeArbitratorAbi } from "@pop/contracts/generated/committeeArbitrator";
import { Party, Reason } from "@pop/contracts/generated/enums";
import { humanityRegistryAbi } from "@pop/contracts/generated/humanityRegistry";
import { readHumanitySet } from "@pop/contracts/readHumanitySet";
import {
  type CommitteeParameters,
  deployCommitteeArbitrator,
  deployRegistry,
  leafSiblings,
  POH_PARAMETERS,
  type RegistryLeafParts,
  type RegistryParameters,
  registryLeaf,
} from "@pop/contracts/registry";
import type { HumanitySet } from "@pop/protocol/humanitySet";
import { createIdentity, type PopIdentity } from "@pop/protocol/identity";
import { createIssuer } from "@pop/protocol/issuer";
import {
  type Address,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { localChain, revertOf, send } from "./chain.js";
import { registryLedger, registryViolations } from "./registryInvariants.js";

/** One ether, in wei. */
export const ETHER = 10n ** 18n;
/** The committee arbitrator's arbitration cost. */
export const ARBITRATION_COST = ETHER / 100n;
/** The committee arbitrator's base appeal cost. */
export const BASE_APPEAL_COST = ETHER / 50n;
/** The committee arbitrator's appeal window, in seconds. */
export const APPEAL_WINDOW = 3600;
/** The committee arbitrator's voting period, in seconds: a week, as a deployment's default. */
export const VOTING_PERIOD = 604_800;
/** The registry's issuer id in the issuer registry. */
export const ISSUER_ID = 1;
/** The key recorded for the registry issuer: it names the operator; registry credentials are backed by the registration log, never signed with it. */
export const registryIssuer = createIssuer({ issuerId: ISSUER_ID, name: "registry" });

/** A person: a funded wallet and an identity (both keys: authenticator and nullifier key). */
export type Person = { key: Hex; wallet: Deployer; identity: PopIdentity; address: Address; id: Hex };

/** A registry deployment on a fresh anvil and the actors' moves on it; start with RegistryHarness.start. */
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

  /**
   * Starts anvil and deploys pop, a three-juror committee (wallets 1–3, owned by wallet 0)
   * and a registry governed by wallet 0.
   * @param parameters registry parameters over Proof of Humanity's (POH_PARAMETERS)
   * @param options.chainId the chain id (default 31337)
   * @returns the harness; stop it with stop()
   */
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
      votingPeriod: VOTING_PERIOD,
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

  /** Stops the chain. */
  stop(): Promise<void> {
    return this.chain.stop();
  }

  /**
   * A new wallet holding 1,000 ether, with a fresh identity or the one given (a human's rotated
   * identity on a new wallet, for a reclaim).
   */
  async person(options: { identity?: PopIdentity } = {}): Promise<Person> {
    const key = keccak256(toHex(`pop registry test person ${this.chain.rpcUrl} ${this.ids.length}`));
    const person = { key, identity: options.identity ?? createIdentity() };
    return this.adopt(person);
  }

  /** The same person (key and identity) with a funded wallet on this chain. */
  async adopt(person: { key: Hex; identity: PopIdentity }): Promise<Person> {
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

  /** The registry's full claim deposit (base deposit plus arbitration cost). */
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

  /** Reads a registry view function. */
  read(functionName: string, args: readonly unknown[] = []): Promise<unknown> {
    return this.client.readContract({
      address: this.registry,
      abi: humanityRegistryAbi,
      functionName,
      args,
    } as never);
  }

  /** A humanity's record. */
  humanity(id: Hex): Promise<HumanityRecord> {
    return readHumanity(this.client, this.registry, id);
  }

  /** A request's record. */
  request(requestId: bigint): Promise<RequestRecord> {
    return readRequest(this.client, this.registry, requestId);
  }

  /** How many requests were opened. */
  async requestCount(): Promise<bigint> {
    return (await this.read("requestCount")) as bigint;
  }

  /** The humanity set as its events rebuild it. */
  set(): Promise<HumanitySet> {
    return readHumanitySet({ client: this.client, address: this.deployment.humanitySet });
  }

  /** The LeanIMT siblings of a humanity's leaf in the current set. */
  async siblings(id: Hex): Promise<bigint[]> {
    return leafSiblings(await this.set(), await this.humanity(id));
  }

  /** The set leaf of a humanity record. */
  leafOf(humanity: RegistryLeafParts): bigint {
    return registryLeaf(humanity);
  }

  /** The latest block's timestamp. */
  async now(): Promise<bigint> {
    return (await this.client.getBlock({ blockTag: "latest" })).timestamp;
  }

  /** Moves the chain's clock forward and mines a block. */
  async passTime(seconds: number | bigint): Promise<void> {
    const test = createTestClient({ mode: "anvil", transport: http(this.chain.rpcUrl) });
    await test.increaseTime({ seconds: Number(seconds) });
    await test.mine({ blocks: 1 });
  }

  /** Seeds a genesis human (governance). */
  async seed(person: Person): Promise<void> {
    const { commitment, nullifierCommitment } = person.identity;
    await this.call(this.governance, "seedHumanity", [person.id, person.address, commitment, nullifierCommitment]);
  }

  /** A new person seeded as a registered human now (tests that move the clock seed theirs when needed). */
  async seeded(): Promise<Person> {
    const person = await this.person();
    await this.seed(person);
    return person;
  }

  /** The SDK's action clients for a wallet on this registry. */
  as(wallet: Deployer): RegistryClients {
    return { client: this.client, wallet, registry: this.registry };
  }

  /** Opens a fully funded claim (the person's own address as Humanity ID, with both of its identity's commitments); returns its id. */
  async claim(person: Person, options: { id?: Hex; evidence?: string; value?: bigint } = {}): Promise<bigint> {
    const { requestId } = await claimHumanity(this.as(person.wallet), {
      humanityId: options.id ?? person.id,
      evidence: options.evidence ?? `ipfs://claim-${person.id}`,
      commitment: person.identity.commitment,
      nullifierCommitment: person.identity.nullifierCommitment,
      ...(options.value === undefined ? {} : { value: options.value }),
    });
    return requestId;
  }

  /**
   * Opens a fully funded renewal by the owner: with the identity given, its commitments (a
   * rotated identity moves the leaf to its authenticator); otherwise the current leaf's. Returns
   * the request's id.
   */
  async renew(owner: Person, options: { evidence: string; identity?: PopIdentity }): Promise<bigint> {
    const { identity } = options;
    const { requestId } = await renewHumanity(this.as(owner.wallet), {
      evidence: options.evidence,
      ...(identity === undefined
        ? {}
        : { commitment: identity.commitment, nullifierCommitment: identity.nullifierCommitment }),
    });
    return requestId;
  }

  /** The voucher vouches on chain for the claimer's humanity. */
  async vouch(voucher: Person, claimer: Person, id: Hex = claimer.id): Promise<void> {
    await addVouch(this.as(voucher.wallet), { claimer: claimer.address, humanityId: id });
  }

  /** Moves the claimer's request into its challenge period with the given vouchers. */
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

  /**
   * Challenges a request for a reason (the generated Reason's value); returns the dispute id.
   * @param duplicate the humanity the challenge names as the duplicate (default none)
   */
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

  /**
   * Two of the three jurors vote `choice` (1 requester, 2 challenger, 0 refuse) in the
   * committee `arbitrator` (default the registry's first).
   */
  async vote(disputeId: bigint, choice: number, arbitrator: Address = this.arbitrator): Promise<void> {
    for (const juror of this.jurors.slice(0, 2)) {
      await send({
        client: this.client,
        wallet: juror,
        address: arbitrator,
        abi: committeeArbitratorAbi,
        functionName: "vote",
        args: [disputeId, BigInt(choice)],
      });
    }
  }

  /** After the appeal window, the ruling is executed (the arbitrator calls rule). */
  async executeRuling(disputeId: bigint, arbitrator: Address = this.arbitrator): Promise<void> {
    await this.passTime(APPEAL_WINDOW);
    await send({
      client: this.client,
      wallet: this.governance,
      address: arbitrator,
      abi: committeeArbitratorAbi,
      functionName: "executeRuling",
      args: [disputeId],
    });
  }

  /** The jury rules `choice` and, after the appeal window, the ruling is final. */
  async rule(disputeId: bigint, choice: number, arbitrator: Address = this.arbitrator): Promise<void> {
    await this.vote(disputeId, choice, arbitrator);
    await this.executeRuling(disputeId, arbitrator);
  }

  /**
   * An unchallenged revocation: `revoker` pays the deposit, the challenge period passes and the
   * removal is executed (the SDK reads the siblings); returns the request's id.
   */
  async revokeUnchallenged(revoker: Person, humanityId: Hex): Promise<bigint> {
    const requestId = await this.requestCount();
    await this.call(revoker.wallet, "revokeHumanity", [humanityId, "ipfs://revocation"], await this.deposit());
    await this.passTime(this.parameters.challengePeriod);
    await executeRequest(this.as(this.governance), { requestId });
    return requestId;
  }

  /**
   * One vouchallenge of a voucher: a new person's claim it backs is challenged for an incorrect
   * submission, the challenger wins, and the vouchers are released; returns the request's id.
   */
  async vouchallenge(voucher: Person): Promise<bigint> {
    const claimer = await this.person();
    const challenger = await this.person();
    const requestId = await this.openVouched(claimer, voucher);
    await this.rule(await this.challenge(challenger, requestId, Reason.IncorrectSubmission), Party.Challenger);
    await this.release(requestId);
    return requestId;
  }

  /**
   * What the registry owes and what it holds: conservation says they are equal (see
   * registryLedger).
   */
  ledger(): Promise<{ balance: bigint; owed: bigint }> {
    return registryLedger(this);
  }

  /** The registry's invariants' violations, empty when they hold (see registryViolations). */
  violations(): Promise<string[]> {
    return registryViolations(this);
  }

  /** An account's ether balance. */
  async balance(address: Address): Promise<bigint> {
    return this.client.getBalance({ address });
  }

  /** What an account can withdraw from the registry. */
  async withdrawable(address: Address): Promise<bigint> {
    return (await this.read("withdrawable", [address])) as bigint;
  }
}
