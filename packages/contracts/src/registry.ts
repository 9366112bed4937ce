import { packedLeaf } from "@pop/protocol/credential";
import { HumanitySet } from "@pop/protocol/humanitySet";
import type { Address, Hex, PublicClient } from "viem";
import { simulateAndWrite } from "./actions/writeContract.js";
import { type Deployer, deployContract } from "./deploy.js";
import { appealRoundsAbi, appealRoundsBytecode } from "./generated/appealRounds.js";
import { challengesAbi, challengesBytecode } from "./generated/challenges.js";
import { committeeArbitratorAbi, committeeArbitratorBytecode } from "./generated/committeeArbitrator.js";
import {
  humanityRegistryAbi,
  humanityRegistryBytecode,
  humanityRegistryLinkReferences,
} from "./generated/humanityRegistry.js";
import { issuerRegistryAbi } from "./generated/issuerRegistry.js";
import { vouchingAbi, vouchingBytecode } from "./generated/vouching.js";
import { linkBytecode } from "./link.js";
import { metaEvidenceUri, registryMetaEvidence } from "./metaEvidence.js";

/** The registry's parameters; the defaults are Proof of Humanity v2's deployed ones on Ethereum. */
export type RegistryParameters = {
  /** Wei kept by the registry on top of the arbitration cost (PoH: 0.0475 ether). */
  baseDeposit: bigint;
  /** Seconds a registration lasts (PoH: 1 year, 31,557,600 s). */
  lifespan: number;
  /** Seconds before expiry a renewal may start (PoH: 7,889,400 s). */
  renewalPeriod: number;
  /** Seconds a request can be challenged (PoH: 3.5 days, 302,400 s). */
  challengePeriod: number;
  /** Seconds after a failed revocation before the next (PoH: 3.5 days). */
  revocationCooldown: number;
  /** Vouches a claim needs (PoH: 1). */
  requiredVouches: number;
  /**
   * Appeal stakes in basis points of the appeal cost (PoH: 10,000 after a refusal to
   * arbitrate, 10,000 for the side the ruling favours, 20,000 for the other).
   */
  sharedMultiplier: number;
  winnerMultiplier: number;
  loserMultiplier: number;
  /** CID of the policy document new requests are judged against. */
  policy: string;
};

export const POH_PARAMETERS: RegistryParameters = {
  baseDeposit: 47_500_000_000_000_000n,
  lifespan: 31_557_600,
  renewalPeriod: 7_889_400,
  challengePeriod: 302_400,
  revocationCooldown: 302_400,
  requiredVouches: 1,
  sharedMultiplier: 10_000,
  winnerMultiplier: 10_000,
  loserMultiplier: 20_000,
  policy: "poh-registry-policy-v2.md",
};

/** A registry's terms as its contract takes them (see `Terms` in IHumanityRegistry.sol). */
export type RegistryTerms = {
  arbitrator: Address;
  challengePeriod: bigint;
  requiredVouches: number;
  lifespan: bigint;
  renewalPeriod: bigint;
  revocationCooldown: bigint;
  baseDeposit: bigint;
  sharedMultiplier: number;
  winnerMultiplier: number;
  loserMultiplier: number;
  arbitratorExtraData: Hex;
};

/**
 * The contract's terms from an arbitrator and the parameters that requests are judged under.
 * @param arbitrator any ERC-792 arbitrator
 * @param p the parameters (durations in seconds)
 * @param arbitratorExtraData the arbitrator's extra data (default 0x)
 */
export function registryTerms(
  arbitrator: Address,
  p: Omit<RegistryParameters, "policy">,
  arbitratorExtraData: Hex = "0x",
): RegistryTerms {
  return {
    arbitrator,
    challengePeriod: BigInt(p.challengePeriod),
    requiredVouches: p.requiredVouches,
    lifespan: BigInt(p.lifespan),
    renewalPeriod: BigInt(p.renewalPeriod),
    revocationCooldown: BigInt(p.revocationCooldown),
    baseDeposit: p.baseDeposit,
    sharedMultiplier: p.sharedMultiplier,
    winnerMultiplier: p.winnerMultiplier,
    loserMultiplier: p.loserMultiplier,
    arbitratorExtraData,
  };
}

/** A committee's default voting period: a week, in seconds (CommitteeArbitrator.votingPeriod). */
export const COMMITTEE_VOTING_PERIOD = 604_800;

/** A committee arbitrator's setup (see CommitteeArbitrator.sol). */
export type CommitteeParameters = {
  /** The first committee; its owner adds and removes jurors later. */
  jurors: Address[];
  /** Wei to create a dispute. */
  arbitrationCost: bigint;
  /** Wei for the first appeal; it doubles each round. */
  baseAppealCost: bigint;
  /** Seconds a ruling can be appealed. */
  appealWindow: number;
  /**
   * Seconds from a round's opening after which anyone may close its vote without a majority
   * (default COMMITTEE_VOTING_PERIOD).
   */
  votingPeriod?: number;
  /** Who changes the committee and receives the fee of a round nobody voted in (default: the deploying wallet). */
  owner?: Address;
};

/** Deploys a CommitteeArbitrator. */
export function deployCommitteeArbitrator(params: {
  wallet: Deployer;
  client: PublicClient;
  committee: CommitteeParameters;
}): Promise<Address> {
  const { jurors, arbitrationCost, baseAppealCost, appealWindow } = params.committee;
  const votingPeriod = params.committee.votingPeriod ?? COMMITTEE_VOTING_PERIOD;
  const owner = params.committee.owner ?? params.wallet.account.address;
  return deployContract({
    wallet: params.wallet,
    client: params.client,
    abi: committeeArbitratorAbi,
    bytecode: committeeArbitratorBytecode as Hex,
    args: [owner, jurors, arbitrationCost, baseAppealCost, BigInt(appealWindow), BigInt(votingPeriod)],
  });
}

/**
 * Deploys a HumanityRegistry and, when the wallet governs the issuer registry, adds it as the
 * issuer `issuerId` of kind registry with the registry contract as its only registrar.
 * @param params.humanitySet the HumanitySet it inserts leaves into
 * @param params.issuerRegistry the IssuerRegistry (the wallet must be its owner)
 * @param params.issuerId the registry's issuer id (0..1023, unused)
 * @param params.issuerPublicKey the EdDSA key recorded for the issuer (registry leaves are backed
 *        by the registration event, not a signature; the key names who operates the deployment)
 * @param params.arbitrator any ERC-792 arbitrator
 * @param params.governor who may set the policy and seed the first humans (default: the wallet)
 */
export async function deployRegistry(params: {
  wallet: Deployer;
  client: PublicClient;
  humanitySet: Address;
  issuerRegistry: Address;
  issuerId: number;
  issuerPublicKey: readonly [bigint, bigint];
  arbitrator: Address;
  arbitratorExtraData?: Hex;
  parameters?: Partial<RegistryParameters>;
  governor?: Address;
}): Promise<Address> {
  const { wallet, client } = params;
  const p = { ...POH_PARAMETERS, ...params.parameters };
  const metaEvidence = registryMetaEvidence(p.policy);
  // Challenges, appeal rounds and vouch counting run in external libraries (their own
  // deployments, linked).
  const appealRounds = await deployContract({
    wallet,
    client,
    abi: appealRoundsAbi,
    bytecode: appealRoundsBytecode as Hex,
  });
  const challenges = await deployContract({ wallet, client, abi: challengesAbi, bytecode: challengesBytecode as Hex });
  const vouching = await deployContract({ wallet, client, abi: vouchingAbi, bytecode: vouchingBytecode as Hex });
  const registry = await deployContract({
    wallet,
    client,
    abi: humanityRegistryAbi,
    bytecode: linkBytecode(humanityRegistryBytecode as Hex, humanityRegistryLinkReferences, {
      AppealRounds: appealRounds,
      Challenges: challenges,
      Vouching: vouching,
    }),
    args: [
      {
        humanitySet: params.humanitySet,
        issuerId: BigInt(params.issuerId),
        terms: registryTerms(params.arbitrator, p, params.arbitratorExtraData),
        policy: p.policy,
        registrationMetaEvidence: metaEvidenceUri(metaEvidence.registration),
        clearingMetaEvidence: metaEvidenceUri(metaEvidence.clearing),
        governor: params.governor ?? wallet.account.address,
      },
    ],
  });
  await simulateAndWrite(
    { client, wallet },
    {
      address: params.issuerRegistry,
      abi: issuerRegistryAbi,
      functionName: "addIssuer",
      args: [BigInt(params.issuerId), 0x02, [params.issuerPublicKey[0], params.issuerPublicKey[1]], [registry]],
    },
  );
  return registry;
}

/** A humanity as the registry stores it. */
export type RegistryHumanity = {
  owner: Address;
  expirationTime: bigint;
  commitment: bigint;
  /** The humanity's nullifier commitment N: set by its first claim, seed or arrival, kept for life (0: never claimed). */
  nullifierCommitment: bigint;
  attributes: bigint;
  vouches: number;
  vouchallenges: number;
  timesRemoved: number;
};

/**
 * What a registry humanity record's leaf is made of: the authenticator commitment (0 when it
 * has no leaf), the nullifier commitment N and the packed attributes.
 */
export type RegistryLeafParts = { commitment: bigint; nullifierCommitment: bigint; attributes: bigint };

/**
 * The leaf a registry humanity record holds in the set, Poseidon(commitment,
 * nullifierCommitment, attributes) as HumanitySet.addMember computes it; 0 when it has none.
 */
export function registryLeaf(humanity: RegistryLeafParts): bigint {
  return humanity.commitment === 0n
    ? 0n
    : packedLeaf(humanity.commitment, humanity.nullifierCommitment, humanity.attributes);
}

/**
 * The LeanIMT siblings a registry call needs for a humanity's current leaf (empty when it has
 * none), taken from the humanity set as rebuilt from its events.
 * @param set the humanity set (readHumanitySet)
 * @param humanity the registry's record (its commitments and attributes)
 */
export function leafSiblings(set: HumanitySet, humanity: RegistryLeafParts): bigint[] {
  if (humanity.commitment === 0n) return [];
  return set.merkleProof(registryLeaf(humanity)).siblings;
}

/**
 * Siblings for a batch of removals applied one after another (processVouches): each list is
 * taken after the removals before it, on a copy of the set.
 * @param set the humanity set now
 * @param humanities the records in the order the contract removes them (commitment 0: no leaf)
 */
export function removalSiblings(set: HumanitySet, humanities: readonly RegistryLeafParts[]): bigint[][] {
  const copy = new HumanitySet(set.leaves);
  return humanities.map((humanity) => {
    const siblings = leafSiblings(copy, humanity);
    if (humanity.commitment !== 0n) copy.remove(registryLeaf(humanity));
    return siblings;
  });
}

export { committeeArbitratorAbi, humanityRegistryAbi };
