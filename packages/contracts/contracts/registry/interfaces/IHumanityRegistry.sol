// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrator} from "../../arbitration/IArbitrator.sol";
import {HumanitySet} from "../../HumanitySet.sol";

/// @title IHumanityRegistry
/// @notice Types, errors and events of the curated registry (Proof of Humanity v2 semantics,
///         docs/registry.md). Replaying the events rebuilds every humanity, request, vouch,
///         challenge and contribution off-chain (the SDK's indexer does).
interface IHumanityRegistry {
    enum Kind {
        Claim,
        Renewal,
        Revocation
    }

    /// Vouching (collecting deposit and vouches) → Resolving (challenge period) ⇄ Disputed →
    /// Resolved (final; `winner` says who won) or Withdrawn (by the requester while Vouching).
    enum Status {
        None,
        Vouching,
        Resolving,
        Disputed,
        Resolved,
        Withdrawn
    }

    /// In PoH v2's order (its values are PoH v2's). None is the only reason a revocation can be
    /// challenged with; IdentityTheft and SybilAttack are aggravated (a win removes the
    /// request's vouchers), the others simple.
    enum Reason {
        None,
        IncorrectSubmission,
        IdentityTheft,
        SybilAttack,
        Deceased
    }

    /// Arbitrator rulings: 0 refuse to arbitrate, 1 the requester wins, 2 the challenger wins.
    enum Party {
        None,
        Requester,
        Challenger
    }

    struct Humanity {
        address owner;
        uint64 expirationTime;
        uint64 lastFailedRevocationTime;
        uint64 inadmissibleUntil;
        /// When the humanity was reported as a vouchallenger (0: not reported).
        uint64 reportedAt;
        /// Claims and renewals of it past vouching: funded, vouched, not yet final (PoH v2).
        uint32 pendingRequests;
        /// Requests of it ever opened here (claims, renewals, revocations: PoH v2's nbRequests).
        uint32 requestCount;
        /// Backing a request now (a voucher backs one request at a time).
        bool vouching;
        bool pendingRevocation;
        /// This chain is not the humanity's home: it moved to another chain, or it is a mirror
        /// of another chain's record (see HumanityGateway).
        bool away;
        /// Vouches counted for requests that entered a challenge period.
        uint32 vouches;
        /// Of those, vouches whose request was challenged (whitehat refunds excluded).
        uint32 vouchallenges;
        /// Vouchallenges since the last removal as a vouchallenger.
        uint32 vouchallengesSinceRemoval;
        uint32 timesRemoved;
        /// The leaf's commitment and attributes (0 when it has no leaf).
        uint256 commitment;
        uint256 attributes;
        /// The humanity's nullifier commitment N: set once, kept after removal (0: never claimed).
        uint256 nullifierCommitment;
        /// keccak256 of the evidence of the last accepted claim or renewal.
        bytes32 lastEvidence;
    }

    struct Request {
        bytes20 humanityId;
        Kind kind;
        Status status;
        Party winner;
        bool punishVouchers;
        uint8 usedReasons;
        address requester;
        uint64 challengePeriodStart;
        uint32 policy;
        uint32 processedVouches;
        uint32 challenges;
        /// The version of the terms the request is judged under (see `Terms`).
        uint32 terms;
        uint256 commitment;
        uint256 nullifierCommitment;
        bytes32 evidence;
        /// Wei held for the requester's side (the deposit), crowdfunded up to `requestDeposit`.
        uint256 deposit;
        bytes20[] vouches;
    }

    struct Challenge {
        uint256 disputeId;
        address challenger;
        Reason reason;
        bytes20 duplicate;
        Party ruling;
        bool ruled;
        /// The appeal round now open for funding (1 after the dispute is created).
        uint32 lastRound;
    }

    /// What a humanity's record says about its past as a voucher, which travels with it to
    /// another chain (audit M3): its vouchallenger counts, a standing report and its
    /// inadmissibility.
    struct Standing {
        uint64 inadmissibleUntil;
        uint64 reportedAt;
        uint32 vouches;
        uint32 vouchallenges;
        uint32 vouchallengesSinceRemoval;
        uint32 timesRemoved;
    }

    /// What a request is judged under: its arbitrator, deposits, durations, vouches and appeal
    /// stakes. Governance adds a new version (`setTerms`); a request keeps the version that was
    /// current when it was opened (`Request.terms`), so a change applies to requests opened
    /// afterwards only (docs/registry.md#governance).
    struct Terms {
        IArbitrator arbitrator;
        /// Seconds a request can be challenged (and a reported vouchallenger may refund).
        uint64 challengePeriod;
        /// Vouches a claim or renewal needs.
        uint32 requiredVouches;
        /// Seconds a registration lasts.
        uint64 lifespan;
        /// Seconds before expiry a renewal may start.
        uint64 renewalPeriod;
        /// Seconds after a failed revocation before the next.
        uint64 revocationCooldown;
        /// Wei a request deposits on top of the arbitration cost.
        uint128 baseDeposit;
        /// Appeal stakes in basis points of the appeal cost (PoH v2's multipliers): after a
        /// refusal to arbitrate, for the side the ruling favours, for the other side.
        uint32 sharedMultiplier;
        uint32 winnerMultiplier;
        uint32 loserMultiplier;
        bytes arbitratorExtraData;
    }

    /// The registry's parameters, set at deploy.
    struct Parameters {
        HumanitySet humanitySet;
        uint256 issuerId;
        /// The first terms (later ones: `setTerms`).
        Terms terms;
        string policy;
        /// ERC-1497 MetaEvidence URIs (JSON documents citing the policy) for disputes over
        /// claims and renewals, and over revocations.
        string registrationMetaEvidence;
        string clearingMetaEvidence;
        address governor;
    }

    /// An EIP-712 `IsHumanVoucher(address vouched, bytes20 humanityId, uint256 expirationTimestamp)`
    /// signed by a registered human's owner wallet.
    struct SignedVouch {
        uint256 expirationTimestamp;
        bytes signature;
    }

    error HumanityRegistry__InvalidHumanityId();
    error HumanityRegistry__InvalidCommitment(uint256 commitment);
    /// @notice A claim, renewal or arrival presented another nullifier commitment than the one
    ///         this humanity ID keeps for life.
    error HumanityRegistry__NullifierCommitmentMismatch(bytes20 humanityId, uint256 kept, uint256 presented);
    /// The humanity is claimed (owned and not expired), or not, against what the action needs.
    error HumanityRegistry__Claimed(bytes20 humanityId);
    error HumanityRegistry__NotClaimed(bytes20 humanityId);
    /// The wallet owns another humanity, or already has an open claim or renewal.
    error HumanityRegistry__WalletBound(address wallet, bytes20 humanityId);
    error HumanityRegistry__HasOpenRequest(address wallet, uint256 requestId);
    /// A removed vouchallenger reclaiming before its inadmissibility period ends.
    error HumanityRegistry__Inadmissible(bytes20 humanityId, uint256 until);
    /// Renewal outside [expiration − renewalPeriod, expiration), or by a non-owner.
    error HumanityRegistry__NotRenewable(bytes20 humanityId);
    /// Renewal evidence must differ from the evidence of the last accepted request.
    error HumanityRegistry__EvidenceReused(bytes20 humanityId);
    error HumanityRegistry__RevocationPending(bytes20 humanityId);
    /// A failed revocation started a cooldown; a new one may come at `until`.
    error HumanityRegistry__RevocationCooldown(bytes20 humanityId, uint256 until);
    error HumanityRegistry__NotHomeChain(bytes20 humanityId);
    error HumanityRegistry__NotCrossChain(address account);
    /// The humanity has an open request, a pending revocation or a vouch in use (or, for an
    /// arriving one, is registered here already).
    error HumanityRegistry__Busy(bytes20 humanityId);
    error HumanityRegistry__NoSuchRequest(uint256 requestId);
    error HumanityRegistry__WrongStatus(uint256 requestId, Status status);
    error HumanityRegistry__NotRequester(uint256 requestId, address account);
    error HumanityRegistry__Underfunded(uint256 requestId, uint256 paid, uint256 deposit);
    error HumanityRegistry__Underpaid(uint256 paid, uint256 cost);
    error HumanityRegistry__NotEnoughVouches(uint256 requestId, uint256 valid, uint256 required);
    error HumanityRegistry__NotRegistered(address account);
    error HumanityRegistry__ChallengePeriodOver(uint256 requestId);
    error HumanityRegistry__ChallengePeriodRunning(uint256 requestId, uint256 end);
    /// The reason was used on this request before, or does not fit the request's kind.
    error HumanityRegistry__InvalidReason(uint256 requestId, Reason reason);
    /// A SybilAttack challenge must name a registered duplicate humanity or one with another open claim.
    error HumanityRegistry__InvalidDuplicate(bytes20 duplicate);
    error HumanityRegistry__NoSuchChallenge(uint256 requestId, uint256 challengeIndex);
    error HumanityRegistry__NotAppealable(uint256 requestId, uint256 challengeIndex);
    error HumanityRegistry__LoserFundingOver(uint256 requestId, uint256 challengeIndex);
    error HumanityRegistry__SideFunded(Party side);
    /// The caller is not an arbitrator with a dispute `disputeId` here, or it was ruled.
    error HumanityRegistry__UnknownDispute(uint256 disputeId);
    error HumanityRegistry__InvalidRuling(uint256 ruling);
    error HumanityRegistry__NotRuled(uint256 requestId, uint256 challengeIndex);
    error HumanityRegistry__SiblingsCount(uint256 given, uint256 needed);
    error HumanityRegistry__NotVouchallenger(bytes20 humanityId);
    error HumanityRegistry__NotReported(bytes20 humanityId);
    error HumanityRegistry__GracePeriodRunning(bytes20 humanityId, uint256 end);
    /// A reported vouchallenger's grace period, the time to refund, ended at `end`.
    error HumanityRegistry__GracePeriodOver(bytes20 humanityId, uint256 end);
    error HumanityRegistry__NotVouchallenge(uint256 requestId, bytes20 voucher);
    error HumanityRegistry__NothingToWithdraw(address account);
    error HumanityRegistry__TransferFailed(address account);
    /// Terms with no arbitrator, no challenge period, or a renewal period not inside the lifespan.
    error HumanityRegistry__InvalidTerms();

    /// ERC-1497: the MetaEvidence of policy i: 2i for claims and renewals, 2i + 1 for revocations.
    event MetaEvidence(uint256 indexed metaEvidenceID, string evidence);
    /// ERC-1497: a dispute about the request `evidenceGroupID`.
    event Dispute(IArbitrator indexed arbitrator, uint256 indexed disputeID, uint256 metaEvidenceID, uint256 evidenceGroupID);
    /// ERC-1497: evidence about a request (evidence group = request id).
    event Evidence(IArbitrator indexed arbitrator, uint256 indexed evidenceGroupID, address indexed party, string evidence);

    /// A claim, renewal or revocation was opened (evidence is the CID of its bundle).
    event RequestOpened(
        uint256 indexed requestId, bytes20 indexed humanityId, address indexed requester, Kind kind, uint256 commitment, uint256 nullifierCommitment, string evidence
    );
    event Contribution(uint256 indexed requestId, uint256 challengeIndex, uint256 round, address indexed contributor, Party side, uint256 amount);
    event VouchAdded(bytes20 indexed voucher, address indexed claimer, bytes20 indexed humanityId);
    event VouchRemoved(bytes20 indexed voucher, address indexed claimer, bytes20 indexed humanityId);
    event SignedVouchRevoked(address indexed signer, address indexed claimer, bytes20 indexed humanityId, uint256 expirationTimestamp);
    /// A voucher's vouch was counted for a request that entered its challenge period.
    event VouchUsed(uint256 indexed requestId, bytes20 indexed voucher);
    event ChallengePeriodStarted(uint256 indexed requestId, uint256 start);
    event RequestChallenged(
        uint256 indexed requestId, uint256 challengeIndex, Reason reason, bytes20 duplicate, address indexed challenger, uint256 disputeId
    );
    event AppealRaised(uint256 indexed requestId, uint256 challengeIndex, uint256 round);
    event ChallengeRuled(uint256 indexed requestId, uint256 challengeIndex, Party winner);
    event RequestResolved(uint256 indexed requestId, Party winner);
    event RequestWithdrawn(uint256 indexed requestId);
    /// The humanity's owner, leaf and expiry now are these (registration, renewal, reclaim).
    event HumanityRegistered(
        bytes20 indexed humanityId,
        address indexed owner,
        uint256 commitment,
        uint256 nullifierCommitment,
        uint256 attributes,
        uint256 expirationTime
    );
    /// The humanity has no owner and no leaf any more.
    event HumanityRemoved(bytes20 indexed humanityId, address indexed formerOwner, RemovalCause cause);
    event VouchersProcessed(uint256 indexed requestId, uint256 processed, bool punished);
    event VouchallengeCounted(bytes20 indexed voucher, uint256 indexed requestId);
    event WhitehatRefund(bytes20 indexed voucher, uint256 indexed requestId, uint256 amount);
    event VouchallengerReported(bytes20 indexed humanityId, address indexed reporter);
    /// A report went stale: the humanity is no vouchallenger any more (a refund, or more vouches).
    event VouchallengerCleared(bytes20 indexed humanityId);
    /// A removed vouchallenger may not claim again before `until`.
    event HumanityInadmissible(bytes20 indexed humanityId, uint256 until);
    /// The humanity's home left this chain (`away`), or came back to it.
    event HumanityAway(bytes20 indexed humanityId, bool away);
    event Withdrawal(address indexed account, uint256 amount);
    event PolicyChanged(uint256 indexed policyIndex, string policy);
    /// Requests opened from now on are judged under terms version `index`.
    event TermsChanged(uint256 indexed index, Terms terms);

    enum RemovalCause {
        Revocation,
        Renounced,
        VoucherPenalty,
        Vouchallenger,
        /// Moved to another chain, or a mirror cleared by its home chain.
        Transferred
    }
}
