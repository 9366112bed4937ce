// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {IArbitrable} from "../arbitration/IArbitrable.sol";
import {IArbitrator} from "../arbitration/IArbitrator.sol";
import {HumanitySet} from "../HumanitySet.sol";
import {Member} from "../IHumanitySet.sol";
import {IHumanityRegistry} from "./IHumanityRegistry.sol";

/// @title HumanityRegistry
/// @notice The curated registry: Proof of Humanity v2's claims, crowdfunded deposits, vouches,
///         challenge periods, challenges with reasons, ERC-792 disputes with crowdfunded appeals,
///         renewal, revocation, reclaim, voucher penalties and the vouchallenger rules of policy
///         v1 (HIP-58), enforced from the registry's own records. A registered humanity's leaf
///         Poseidon(commitment, nullifierCommitment, attributes) is in the humanity set, inserted
///         by this contract as the registrar of its issuer (kind `registry`), so registry humans
///         prove personhood anonymously.
///
///         Each humanity keeps one nullifier commitment N for life: the first claim (or seed, or
///         arrival) of a humanity ID sets it; a renewal may rotate the authenticator commitment
///         but must present the same N; a reclaim after revocation or expiry must present it too,
///         so a human removed for misuse cannot come back with fresh nullifiers. A human who lost
///         the nullifier key cannot reclaim their ID until escrowed recovery exists
///         (docs/registry.md#the-nullifier-commitment).
///
///         Invariants: a humanity has a leaf in the set exactly while it has an owner, and its
///         attributes' expiresAt is its expiration; a wallet owns at most one humanity; the
///         balance equals what is withdrawable plus the open request deposits plus the open
///         appeal-round pots (see `pots`).
///
///         Leaf updates and removals need the leaf's LeanIMT siblings, which the contract does
///         not store: every call that changes a leaf takes them (the SDK computes them from the
///         set's events). A ruling from the arbitrator (`rule`) therefore only records the
///         outcome; `executeRequest` and `processVouches` apply it to the set.
contract HumanityRegistry is IHumanityRegistry, IArbitrable, EIP712, Ownable2Step {
    struct Humanity {
        address owner;
        uint64 expirationTime;
        uint64 lastFailedRevocationTime;
        uint64 inadmissibleUntil;
        /// When the humanity was reported as a vouchallenger (0: not reported).
        uint64 reportedAt;
        uint32 pendingRequests;
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
        uint256 commitment;
        uint256 nullifierCommitment;
        bytes32 evidence;
        /// Wei held for the requester's side (the deposit), crowdfunded up to `deposit()`.
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

    struct Round {
        uint256[3] paid;
        /// What the winners share once the appeal was raised (paid by both sides − appeal cost).
        uint256 feeRewards;
        /// Wei the round still holds.
        uint256 pot;
        /// The side fully funded first while the other is not yet.
        Party sideFunded;
        mapping(address contributor => uint256[3]) contributions;
    }

    bytes32 public constant VOUCH_TYPEHASH =
        keccak256("IsHumanVoucher(address vouched,bytes20 humanityId,uint256 expirationTimestamp)");
    /// @dev Appeal-stake multipliers in basis points (PoH: shared, winner, loser).
    uint256 internal constant SHARED_MULTIPLIER = 10_000;
    uint256 internal constant WINNER_MULTIPLIER = 10_000;
    uint256 internal constant LOSER_MULTIPLIER = 20_000;
    /// @dev HIP-58: vouchallenger inadmissibility per removal (120 days × times removed).
    uint256 internal constant INADMISSIBILITY_BASE = 120 days;
    uint8 internal constant CLAIM_REASONS = 0x1e;
    uint256 internal constant KIND_REGISTRY = 1;

    HumanitySet public immutable humanitySet;
    uint256 public immutable issuerId;
    IArbitrator public immutable arbitrator;
    uint256 public immutable baseDeposit;
    uint64 public immutable lifespan;
    uint64 public immutable renewalPeriod;
    uint64 public immutable challengePeriod;
    uint64 public immutable revocationCooldown;
    uint256 public immutable requiredVouches;
    bytes public arbitratorExtraData;
    /// @notice The cross-chain contract allowed to move humanities in and out (0: none).
    address public crossChain;

    string[] internal _policies;
    mapping(bytes20 humanityId => Humanity) internal _humanities;
    /// @notice The humanity a wallet is bound to (its owner, unless reclaimed elsewhere since).
    mapping(address wallet => bytes20) public humanityOf;
    /// @notice A wallet's open claim or renewal, as request id + 1.
    mapping(address wallet => uint256) public openRequestOf;
    Request[] internal _requests;
    mapping(uint256 requestId => mapping(address contributor => uint256)) public depositOf;
    mapping(uint256 requestId => Challenge[]) internal _challenges;
    mapping(uint256 requestId => mapping(uint256 challengeIndex => mapping(uint256 round => Round))) internal _rounds;
    /// Dispute id → request id << 32 | challenge index, plus one.
    mapping(uint256 disputeId => uint256) internal _disputes;
    mapping(bytes20 voucher => mapping(address claimer => mapping(bytes20 humanityId => bool))) public vouched;
    mapping(uint256 requestId => mapping(bytes20 voucher => bool)) public vouchallengeCounted;
    /// @notice Wei each account may withdraw (rewards, refunds, overpayments).
    mapping(address account => uint256) public withdrawable;

    /// @param params_ the registry's parameters (see `Parameters`)
    constructor(Parameters memory params_) EIP712("pop HumanityRegistry", "1") Ownable(params_.governor) {
        humanitySet = params_.humanitySet;
        issuerId = params_.issuerId;
        arbitrator = params_.arbitrator;
        arbitratorExtraData = params_.arbitratorExtraData;
        baseDeposit = params_.baseDeposit;
        lifespan = params_.lifespan;
        renewalPeriod = params_.renewalPeriod;
        challengePeriod = params_.challengePeriod;
        revocationCooldown = params_.revocationCooldown;
        requiredVouches = params_.requiredVouches;
        _setPolicy(params_.policy);
    }

    struct Parameters {
        HumanitySet humanitySet;
        uint256 issuerId;
        IArbitrator arbitrator;
        bytes arbitratorExtraData;
        uint256 baseDeposit;
        uint64 lifespan;
        uint64 renewalPeriod;
        uint64 challengePeriod;
        uint64 revocationCooldown;
        uint256 requiredVouches;
        string policy;
        address governor;
    }

    // ---------------------------------------------------------------- governance

    /// @notice Sets the policy document (a CID) that new requests are judged against.
    function setPolicy(string calldata policy_) external onlyOwner {
        _setPolicy(policy_);
    }

    /// @notice Sets the cross-chain contract (HumanityGateway) that moves humanities between chains.
    function setCrossChain(address crossChain_) external onlyOwner {
        crossChain = crossChain_;
    }

    /// @notice Registers a humanity without a request: the genesis humans who vouch for the first
    ///         claimers. Governance is trusted here exactly as a PoH governor is.
    function seedHumanity(bytes20 humanityId, address owner_, uint256 commitment, uint256 nullifierCommitment)
        external
        onlyOwner
    {
        Humanity storage h = _humanities[humanityId];
        if (humanityId == 0) revert HumanityRegistry__InvalidHumanityId();
        if (h.owner != address(0)) revert HumanityRegistry__Claimed(humanityId);
        if (humanityOf[owner_] != 0) revert HumanityRegistry__WalletBound(owner_, humanityOf[owner_]);
        _checkKeys(humanityId, h, commitment, nullifierCommitment);
        _register(
            humanityId, h, owner_, commitment, nullifierCommitment, uint64(block.timestamp) + lifespan, new uint256[](0)
        );
    }

    // ---------------------------------------------------------------- requests

    /// @notice The deposit a claim, renewal or revocation needs: base deposit + arbitration cost.
    function deposit() public view returns (uint256) {
        return baseDeposit + arbitrator.arbitrationCost(arbitratorExtraData);
    }

    /// @notice Claims `humanityId` for the caller (a first claim, or a reclaim after revocation or
    ///         expiry from any wallet). msg.value starts the deposit; others may fund the rest.
    /// @param humanityId the Humanity ID (the SDK defaults it to the caller's address)
    /// @param evidence CID of the name/photo/video bundle
    /// @param commitment the authenticator commitment the leaf will hold
    /// @param nullifierCommitment the claimer's N; a humanity ID claimed before needs its own N
    function claimHumanity(bytes20 humanityId, string calldata evidence, uint256 commitment, uint256 nullifierCommitment)
        external
        payable
        returns (uint256 requestId)
    {
        if (humanityId == 0) revert HumanityRegistry__InvalidHumanityId();
        Humanity storage h = _humanities[humanityId];
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        if (_isClaimed(h)) revert HumanityRegistry__Claimed(humanityId);
        if (block.timestamp < h.inadmissibleUntil) revert HumanityRegistry__Inadmissible(humanityId, h.inadmissibleUntil);
        bytes20 bound = humanityOf[msg.sender];
        if (bound != 0 && bound != humanityId && _humanities[bound].owner == msg.sender) {
            revert HumanityRegistry__WalletBound(msg.sender, bound);
        }
        _checkKeys(humanityId, h, commitment, nullifierCommitment);
        requestId = _open(humanityId, h, Kind.Claim, commitment, nullifierCommitment, evidence);
    }

    /// @notice The owner renews inside the renewal window, with evidence different from the
    ///         last accepted evidence; `commitment` 0 keeps the current one, another rotates the
    ///         authenticator. `nullifierCommitment` must be the humanity's N: a renewal never
    ///         changes it.
    function renewHumanity(string calldata evidence, uint256 commitment, uint256 nullifierCommitment)
        external
        payable
        returns (uint256 requestId)
    {
        bytes20 humanityId = humanityOf[msg.sender];
        Humanity storage h = _humanities[humanityId];
        if (
            humanityId == 0 || h.owner != msg.sender || block.timestamp >= h.expirationTime
                || block.timestamp + renewalPeriod < h.expirationTime
        ) revert HumanityRegistry__NotRenewable(humanityId);
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        if (keccak256(bytes(evidence)) == h.lastEvidence) revert HumanityRegistry__EvidenceReused(humanityId);
        if (commitment == 0) commitment = h.commitment;
        _checkKeys(humanityId, h, commitment, nullifierCommitment);
        requestId = _open(humanityId, h, Kind.Renewal, commitment, nullifierCommitment, evidence);
    }

    /// @notice Asks for a registered humanity's removal with evidence; pays the full deposit
    ///         and starts the challenge period at once. A revocation that fails starts a cooldown.
    function revokeHumanity(bytes20 humanityId, string calldata evidence) external payable returns (uint256 requestId) {
        Humanity storage h = _humanities[humanityId];
        if (!_isClaimed(h)) revert HumanityRegistry__NotClaimed(humanityId);
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        if (h.pendingRevocation) revert HumanityRegistry__RevocationPending(humanityId);
        uint256 until = h.lastFailedRevocationTime + revocationCooldown;
        if (h.lastFailedRevocationTime != 0 && block.timestamp < until) {
            revert HumanityRegistry__RevocationCooldown(humanityId, until);
        }
        uint256 cost = deposit();
        if (msg.value < cost) revert HumanityRegistry__Underpaid(msg.value, cost);
        h.pendingRevocation = true;
        requestId = _newRequest(humanityId, Kind.Revocation, 0, 0, evidence);
        Request storage q = _requests[requestId];
        _fundDeposit(requestId, q);
        _startChallengePeriod(requestId, q);
    }

    /// @notice The owner gives up the caller's humanity at once: owner and leaf removed. The same
    ///         person may reclaim the Humanity ID later, from any wallet.
    /// @param siblings the leaf's LeanIMT siblings
    function renounceHumanity(uint256[] calldata siblings) external {
        bytes20 humanityId = humanityOf[msg.sender];
        Humanity storage h = _humanities[humanityId];
        if (humanityId == 0 || h.owner != msg.sender) revert HumanityRegistry__NotRegistered(msg.sender);
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        _remove(humanityId, h, siblings, RemovalCause.Renounced);
    }

    /// @notice Contributes to a request's deposit while it collects vouches (crowdfunding).
    function fundRequest(uint256 requestId) external payable {
        Request storage q = _request(requestId);
        _expectStatus(requestId, q, Status.Vouching);
        _fundDeposit(requestId, q);
    }

    /// @notice The requester withdraws a request that has not entered its challenge period;
    ///         every contributor's deposit becomes withdrawable through withdrawDeposit.
    function withdrawRequest(uint256 requestId) external {
        Request storage q = _request(requestId);
        _expectStatus(requestId, q, Status.Vouching);
        if (q.requester != msg.sender) revert HumanityRegistry__NotRequester(requestId, msg.sender);
        q.status = Status.Withdrawn;
        _close(q);
        emit RequestWithdrawn(requestId);
    }

    /// @notice The caller's registered humanity vouches for `claimer`'s claim of `humanityId`.
    function addVouch(address claimer, bytes20 humanityId) external {
        bytes20 voucher = _registeredHumanityOf(msg.sender);
        vouched[voucher][claimer][humanityId] = true;
        emit VouchAdded(voucher, claimer, humanityId);
    }

    function removeVouch(address claimer, bytes20 humanityId) external {
        bytes20 voucher = humanityOf[msg.sender];
        vouched[voucher][claimer][humanityId] = false;
        emit VouchRemoved(voucher, claimer, humanityId);
    }

    /// @notice Moves `claimer`'s open claim or renewal into its challenge period once fully funded
    ///         and vouched by `requiredVouches` registered humans (on-chain vouches and EIP-712
    ///         signed ones). Invalid vouches are skipped; each counted voucher is locked until the
    ///         request is final.
    function advanceState(address claimer, bytes20[] calldata vouchers, SignedVouch[] calldata signedVouches) external {
        uint256 open = openRequestOf[claimer];
        if (open == 0) revert HumanityRegistry__NoSuchRequest(0);
        uint256 requestId = open - 1;
        Request storage q = _requests[requestId];
        _expectStatus(requestId, q, Status.Vouching);
        uint256 cost = deposit();
        if (q.deposit < cost) revert HumanityRegistry__Underfunded(requestId, q.deposit, cost);
        uint256 needed = requiredVouches;
        for (uint256 i = 0; i < vouchers.length && q.vouches.length < needed; i++) {
            bytes20 voucher = vouchers[i];
            if (vouched[voucher][claimer][q.humanityId]) _useVouch(requestId, q, voucher);
        }
        for (uint256 i = 0; i < signedVouches.length && q.vouches.length < needed; i++) {
            SignedVouch calldata sv = signedVouches[i];
            if (sv.expirationTimestamp <= block.timestamp) continue;
            bytes32 digest =
                _hashTypedDataV4(keccak256(abi.encode(VOUCH_TYPEHASH, claimer, q.humanityId, sv.expirationTimestamp)));
            (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecover(digest, sv.signature);
            if (error == ECDSA.RecoverError.NoError) _useVouch(requestId, q, humanityOf[signer]);
        }
        if (q.vouches.length < needed) revert HumanityRegistry__NotEnoughVouches(requestId, q.vouches.length, needed);
        _startChallengePeriod(requestId, q);
    }

    /// @notice Challenges a request in its challenge period; pays the arbitration cost and
    ///         creates a dispute. Claims and renewals take each reason at most once; a
    ///         SybilAttack names the duplicate; revocations take only Reason.None.
    function challengeRequest(uint256 requestId, Reason reason, bytes20 duplicate, string calldata evidence)
        external
        payable
    {
        Request storage q = _request(requestId);
        _expectStatus(requestId, q, Status.Resolving);
        if (q.challengePeriodStart == 0 || block.timestamp >= q.challengePeriodStart + challengePeriod) {
            revert HumanityRegistry__ChallengePeriodOver(requestId);
        }
        uint8 bit = uint8(1 << uint8(reason));
        bool revocation = q.kind == Kind.Revocation;
        if (revocation != (reason == Reason.None) || q.usedReasons & bit != 0) {
            revert HumanityRegistry__InvalidReason(requestId, reason);
        }
        if (reason == Reason.SybilAttack) {
            Humanity storage d = _humanities[duplicate];
            uint256 others = duplicate == q.humanityId ? 1 : 0;
            if (duplicate == 0 || (d.owner == address(0) && d.pendingRequests <= others)) {
                revert HumanityRegistry__InvalidDuplicate(duplicate);
            }
        } else if (duplicate != 0) {
            revert HumanityRegistry__InvalidDuplicate(duplicate);
        }
        uint256 cost = arbitrator.arbitrationCost(arbitratorExtraData);
        _credit(msg.sender, cost);
        q.usedReasons |= bit;
        q.status = Status.Disputed;
        uint256 challengeIndex = q.challenges++;
        uint256 disputeId = arbitrator.createDispute{value: cost}(2, arbitratorExtraData);
        _disputes[disputeId] = ((requestId << 32) | challengeIndex) + 1;
        _challenges[requestId].push(
            Challenge({
                disputeId: disputeId,
                challenger: msg.sender,
                reason: reason,
                duplicate: duplicate,
                ruling: Party.None,
                ruled: false,
                lastRound: 1
            })
        );
        if (challengeIndex == 0 && !revocation) _countVouchallenges(requestId, q);
        emit RequestChallenged(requestId, challengeIndex, reason, duplicate, msg.sender, disputeId);
        emit Dispute(arbitrator, disputeId, q.policy, requestId);
        if (bytes(evidence).length > 0) emit Evidence(arbitrator, requestId, msg.sender, evidence);
    }

    /// @notice Funds `side` of the appeal of a challenge's ruling: appeal cost plus the stake
    ///         (×2 for the winner and for "refuse to arbitrate", ×3 for the loser, who may fund
    ///         only in the first half of the appeal period). When both sides are funded the
    ///         appeal is raised; if only one is by the end, that side wins.
    function fundAppeal(uint256 requestId, uint256 challengeIndex, Party side) external payable {
        Challenge storage c = _challenge(requestId, challengeIndex);
        if (side == Party.None) revert HumanityRegistry__InvalidRuling(0);
        (uint256 start, uint256 end) = arbitrator.appealPeriod(c.disputeId);
        if (c.ruled || block.timestamp < start || block.timestamp >= end) {
            revert HumanityRegistry__NotAppealable(requestId, challengeIndex);
        }
        uint256 current = arbitrator.currentRuling(c.disputeId);
        uint256 multiplier = SHARED_MULTIPLIER;
        if (current != 0) {
            if (current == uint256(side)) {
                multiplier = WINNER_MULTIPLIER;
            } else {
                multiplier = LOSER_MULTIPLIER;
                if (block.timestamp >= start + (end - start) / 2) revert HumanityRegistry__LoserFundingOver(requestId, challengeIndex);
            }
        }
        uint256 appealCost = arbitrator.appealCost(c.disputeId, arbitratorExtraData);
        uint256 total = appealCost + (appealCost * multiplier) / 10_000;
        Round storage r = _rounds[requestId][challengeIndex][c.lastRound];
        if (r.sideFunded == side) revert HumanityRegistry__SideFunded(side);
        uint256 missing = total > r.paid[uint256(side)] ? total - r.paid[uint256(side)] : 0;
        uint256 amount = msg.value < missing ? msg.value : missing;
        if (msg.value > amount) withdrawable[msg.sender] += msg.value - amount;
        r.paid[uint256(side)] += amount;
        r.contributions[msg.sender][uint256(side)] += amount;
        r.pot += amount;
        emit Contribution(requestId, challengeIndex, c.lastRound, msg.sender, side, amount);
        if (r.paid[uint256(side)] < total) return;
        if (r.sideFunded == Party.None) {
            r.sideFunded = side;
            return;
        }
        // Both sides funded: raise the appeal.
        r.sideFunded = Party.None;
        r.feeRewards = r.paid[1] + r.paid[2] - appealCost;
        r.pot -= appealCost;
        emit AppealRaised(requestId, challengeIndex, c.lastRound);
        c.lastRound++;
        arbitrator.appeal{value: appealCost}(c.disputeId, arbitratorExtraData);
    }

    /// @inheritdoc IArbitrable
    /// @dev Records the outcome only (see the contract's notice): a challenger win makes the
    ///      request final; a refusal to arbitrate (ruling 0, with no side funded alone) makes it
    ///      final with no winner, as PoH v2 does: a claim or renewal is not registered and a
    ///      revocation fails (its cooldown starts), deposits going back to who paid them; a
    ///      requester win restarts the challenge period when reasons remain, else the request
    ///      awaits execution.
    function rule(uint256 disputeId, uint256 ruling) external {
        if (msg.sender != address(arbitrator)) revert HumanityRegistry__OnlyArbitrator(msg.sender);
        uint256 key = _disputes[disputeId];
        if (key == 0) revert HumanityRegistry__UnknownDispute(disputeId);
        if (ruling > 2) revert HumanityRegistry__InvalidRuling(ruling);
        uint256 requestId = (key - 1) >> 32;
        uint256 challengeIndex = (key - 1) & type(uint32).max;
        Challenge storage c = _challenges[requestId][challengeIndex];
        if (c.ruled) revert HumanityRegistry__UnknownDispute(disputeId);
        Party funded = _rounds[requestId][challengeIndex][c.lastRound].sideFunded;
        Party winner = funded != Party.None ? funded : Party(ruling);
        c.ruling = winner;
        c.ruled = true;
        Request storage q = _requests[requestId];
        emit Ruling(arbitrator, disputeId, ruling);
        emit ChallengeRuled(requestId, challengeIndex, winner);
        if (winner == Party.Challenger) {
            Humanity storage h = _humanities[q.humanityId];
            if (q.kind == Kind.Revocation) h.lastFailedRevocationTime = uint64(block.timestamp);
            q.punishVouchers = c.reason == Reason.IdentityTheft || c.reason == Reason.SybilAttack;
            _resolve(requestId, q, Party.Challenger);
        } else if (winner == Party.None) {
            if (q.kind == Kind.Revocation) _humanities[q.humanityId].lastFailedRevocationTime = uint64(block.timestamp);
            _resolve(requestId, q, Party.None);
        } else {
            q.status = Status.Resolving;
            bool reasonsLeft = q.kind != Kind.Revocation && q.usedReasons != CLAIM_REASONS;
            q.challengePeriodStart = reasonsLeft ? uint64(block.timestamp) : 0;
            if (reasonsLeft) emit ChallengePeriodStarted(requestId, block.timestamp);
        }
    }

    /// @notice Applies a request that survived its challenge period: registers (inserting or
    ///         replacing the leaf) or removes. A claim or renewal that can no longer apply (the
    ///         humanity was claimed by another claim, or the renewer lost it) resolves with no
    ///         winner and its deposit goes back.
    /// @param siblings the current leaf's LeanIMT siblings when it has one (none for a first claim)
    function executeRequest(uint256 requestId, uint256[] calldata siblings) external {
        Request storage q = _request(requestId);
        _expectStatus(requestId, q, Status.Resolving);
        uint256 end = q.challengePeriodStart + challengePeriod;
        if (q.challengePeriodStart != 0 && block.timestamp < end) {
            revert HumanityRegistry__ChallengePeriodRunning(requestId, end);
        }
        Humanity storage h = _humanities[q.humanityId];
        if (q.kind == Kind.Revocation) {
            if (h.owner != address(0)) _remove(q.humanityId, h, siblings, RemovalCause.Revocation);
            _resolve(requestId, q, Party.Requester);
            return;
        }
        bool applies = q.kind == Kind.Renewal ? h.owner == q.requester : !_isClaimed(h);
        // Two claims of a new ID may be open with different N: the first executed sets it.
        if (h.nullifierCommitment != 0 && h.nullifierCommitment != q.nullifierCommitment) applies = false;
        bytes20 bound = humanityOf[q.requester];
        if (bound != 0 && bound != q.humanityId && _humanities[bound].owner == q.requester) applies = false;
        if (!applies) {
            _resolve(requestId, q, Party.None);
            return;
        }
        _resolve(requestId, q, Party.Requester);
        h.lastEvidence = q.evidence;
        _register(
            q.humanityId, h, q.requester, q.commitment, q.nullifierCommitment, uint64(block.timestamp) + lifespan, siblings
        );
    }

    /// @notice Releases the vouchers of a final request, `siblings.length` of them from where the
    ///         last call stopped. When an IdentityTheft or SybilAttack challenge won, each still
    ///         registered voucher loses its registration; its leaf's siblings are given in order
    ///         (each after the removals before it), empty for vouchers with no leaf.
    function processVouches(uint256 requestId, uint256[][] calldata siblings) external {
        Request storage q = _request(requestId);
        _expectStatus(requestId, q, Status.Resolved);
        uint256 from = q.processedVouches;
        uint256 left = q.vouches.length - from;
        if (siblings.length == 0 || siblings.length > left) revert HumanityRegistry__SiblingsCount(siblings.length, left);
        for (uint256 i = 0; i < siblings.length; i++) {
            bytes20 voucherId = q.vouches[from + i];
            Humanity storage v = _humanities[voucherId];
            v.vouching = false;
            if (q.punishVouchers && v.owner != address(0)) {
                _remove(voucherId, v, siblings[i], RemovalCause.VoucherPenalty);
            }
        }
        q.processedVouches = uint32(from + siblings.length);
        emit VouchersProcessed(requestId, q.processedVouches, q.punishVouchers);
    }

    /// @notice Emits evidence for a request (ERC-1497).
    function submitEvidence(uint256 requestId, string calldata evidence) external {
        _request(requestId);
        emit Evidence(arbitrator, requestId, msg.sender, evidence);
    }

    // ---------------------------------------------------------------- cross-chain

    /// @notice Moves a humanity out of this chain (its home): owner and leaf removed here, marked
    ///         away, so it can be claimed, renewed or revoked only where it arrives. Only a
    ///         claimed humanity with no open request, no pending revocation and no vouch in use.
    ///         The cross-chain contract reads the record it sends (`humanity`) before this call.
    function ccDischargeHumanity(bytes20 humanityId, uint256[] calldata siblings) external {
        if (msg.sender != crossChain) revert HumanityRegistry__NotCrossChain(msg.sender);
        Humanity storage h = _humanities[humanityId];
        if (!_isClaimed(h)) revert HumanityRegistry__NotClaimed(humanityId);
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        if (h.pendingRequests != 0 || h.pendingRevocation || h.vouching) revert HumanityRegistry__Busy(humanityId);
        _remove(humanityId, h, siblings, RemovalCause.Transferred);
        h.away = true;
    }

    /// @notice Records a humanity that arrived from, or is mirrored from, its home chain: owner,
    ///         expiry and leaf as there (owner 0 removes a mirror). A transfer (`home`) makes this
    ///         chain its home; a mirror never overrides a humanity whose home is here. A humanity
    ///         known here keeps its N: a record with another one is refused.
    function ccSetHumanity(
        bytes20 humanityId,
        address owner_,
        uint64 expirationTime,
        uint256 commitment,
        uint256 nullifierCommitment,
        bool home,
        uint256[] calldata siblings
    ) external {
        if (msg.sender != crossChain) revert HumanityRegistry__NotCrossChain(msg.sender);
        Humanity storage h = _humanities[humanityId];
        if (!h.away && (h.owner != address(0) || h.pendingRequests != 0)) revert HumanityRegistry__Busy(humanityId);
        if (owner_ == address(0)) {
            if (h.owner != address(0)) _remove(humanityId, h, siblings, RemovalCause.Transferred);
        } else {
            bytes20 bound = humanityOf[owner_];
            if (bound != 0 && bound != humanityId && _humanities[bound].owner == owner_) {
                revert HumanityRegistry__WalletBound(owner_, bound);
            }
            _checkKeys(humanityId, h, commitment, nullifierCommitment);
            _register(humanityId, h, owner_, commitment, nullifierCommitment, expirationTime, siblings);
        }
        h.away = !home;
    }

    // ---------------------------------------------------------------- vouchallengers (HIP-58)

    /// @notice Whether a humanity is a vouchallenger: at least 2 vouchallenges that are at least
    ///         half of its vouches, or any vouchallenge after a removal as a vouchallenger.
    function isVouchallenger(bytes20 humanityId) public view returns (bool) {
        Humanity storage h = _humanities[humanityId];
        return vouchallengerRule(h.vouches, h.vouchallenges, h.timesRemoved, h.vouchallengesSinceRemoval);
    }

    /// @notice HIP-58 section 1 on a voucher's counts: max_vouchallenge_ratio 1/2,
    ///         initial_vouchallenge_threshold 2, repeated_vouchallenge_threshold 1.
    function vouchallengerRule(uint256 vouches, uint256 vouchallenges, uint256 timesRemoved, uint256 sinceRemoval)
        public
        pure
        returns (bool)
    {
        if (timesRemoved > 0 && sinceRemoval >= 1) return true;
        return vouchallenges >= 2 && vouchallenges * 2 >= vouches;
    }

    /// @notice Reports a registered vouchallenger; it is removable after a grace period of one
    ///         challenge period, during which it may refund the vouchallenged (whitehat).
    function reportVouchallenger(bytes20 humanityId) external {
        Humanity storage h = _humanities[humanityId];
        if (h.owner == address(0) || !isVouchallenger(humanityId)) revert HumanityRegistry__NotVouchallenger(humanityId);
        if (h.reportedAt == 0) {
            h.reportedAt = uint64(block.timestamp);
            emit VouchallengerReported(humanityId, msg.sender);
        }
    }

    /// @notice Removes a reported vouchallenger after the grace period, if it still is one: its
    ///         leaf goes and it is inadmissible for 120 days × times removed.
    function removeVouchallenger(bytes20 humanityId, uint256[] calldata siblings) external {
        Humanity storage h = _humanities[humanityId];
        if (h.owner == address(0) || !isVouchallenger(humanityId)) revert HumanityRegistry__NotVouchallenger(humanityId);
        if (h.reportedAt == 0) revert HumanityRegistry__NotReported(humanityId);
        uint256 end = h.reportedAt + challengePeriod;
        if (block.timestamp < end) revert HumanityRegistry__GracePeriodRunning(humanityId, end);
        h.timesRemoved++;
        h.vouchallengesSinceRemoval = 0;
        h.inadmissibleUntil = uint64(block.timestamp + INADMISSIBILITY_BASE * h.timesRemoved);
        _remove(humanityId, h, siblings, RemovalCause.Vouchallenger);
    }

    /// @notice Whitehat vouchallenge: the voucher's owner returns the whole deposit of a request it
    ///         vouched for that was challenged (to its requester), before being removed; that
    ///         vouchallenge then no longer counts.
    function refundVouchallenged(uint256 requestId) external payable {
        Request storage q = _request(requestId);
        bytes20 voucher = humanityOf[msg.sender];
        if (voucher == 0 || !vouchallengeCounted[requestId][voucher]) revert HumanityRegistry__NotVouchallenge(requestId, voucher);
        uint256 amount = deposit();
        if (msg.value < amount) revert HumanityRegistry__Underpaid(msg.value, amount);
        vouchallengeCounted[requestId][voucher] = false;
        Humanity storage v = _humanities[voucher];
        v.vouchallenges--;
        if (v.vouchallengesSinceRemoval > 0) v.vouchallengesSinceRemoval--;
        if (!isVouchallenger(voucher)) v.reportedAt = 0;
        withdrawable[q.requester] += amount;
        if (msg.value > amount) withdrawable[msg.sender] += msg.value - amount;
        emit WhitehatRefund(voucher, requestId, amount);
    }

    // ---------------------------------------------------------------- money

    /// @notice Makes `beneficiary`'s share of a final request's deposit withdrawable: its own
    ///         contribution back, or the whole deposit to the challenger who won.
    function withdrawDeposit(address beneficiary, uint256 requestId) external {
        Request storage q = _request(requestId);
        if (q.status != Status.Resolved && q.status != Status.Withdrawn) revert HumanityRegistry__WrongStatus(requestId, q.status);
        uint256 amount;
        if (q.winner == Party.Challenger) {
            if (beneficiary == _challenges[requestId][q.challenges - 1].challenger) amount = q.deposit;
        } else {
            amount = depositOf[requestId][beneficiary];
            depositOf[requestId][beneficiary] = 0;
        }
        q.deposit -= amount;
        withdrawable[beneficiary] += amount;
    }

    /// @notice Makes `beneficiary`'s reward of an appeal round withdrawable once the challenge is
    ///         ruled: a share of the round's fee rewards for the winning side, or its contribution
    ///         back when the appeal was not raised.
    function withdrawFeesAndRewards(address beneficiary, uint256 requestId, uint256 challengeIndex, uint256 round) external {
        Challenge storage c = _challenge(requestId, challengeIndex);
        if (!c.ruled) revert HumanityRegistry__NotRuled(requestId, challengeIndex);
        Round storage r = _rounds[requestId][challengeIndex][round];
        uint256[3] storage mine = r.contributions[beneficiary];
        uint256 reward;
        if (round >= c.lastRound) {
            reward = mine[1] + mine[2];
        } else if (c.ruling == Party.None) {
            uint256 paid = r.paid[1] + r.paid[2];
            reward = paid == 0 ? 0 : ((mine[1] + mine[2]) * r.feeRewards) / paid;
        } else {
            uint256 paid = r.paid[uint256(c.ruling)];
            reward = paid == 0 ? 0 : (mine[uint256(c.ruling)] * r.feeRewards) / paid;
        }
        mine[1] = 0;
        mine[2] = 0;
        r.pot -= reward;
        withdrawable[beneficiary] += reward;
    }

    /// @notice Sends the caller what is withdrawable for it.
    function withdraw() external {
        uint256 amount = withdrawable[msg.sender];
        if (amount == 0) revert HumanityRegistry__NothingToWithdraw(msg.sender);
        withdrawable[msg.sender] = 0;
        emit Withdrawal(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert HumanityRegistry__TransferFailed(msg.sender);
    }

    // ---------------------------------------------------------------- views

    /// @notice Whether the humanity has an owner and has not expired.
    function isClaimed(bytes20 humanityId) external view returns (bool) {
        return _isClaimed(_humanities[humanityId]);
    }

    /// @notice Whether `account` owns a claimed humanity.
    function isHuman(address account) external view returns (bool) {
        bytes20 humanityId = humanityOf[account];
        Humanity storage h = _humanities[humanityId];
        return humanityId != 0 && h.owner == account && _isClaimed(h);
    }

    function humanity(bytes20 humanityId) external view returns (Humanity memory) {
        return _humanities[humanityId];
    }

    function request(uint256 requestId) external view returns (Request memory) {
        return _request(requestId);
    }

    function requestCount() external view returns (uint256) {
        return _requests.length;
    }

    function challenge(uint256 requestId, uint256 challengeIndex) external view returns (Challenge memory) {
        return _challenge(requestId, challengeIndex);
    }

    /// @notice An appeal round: paid per side, fee rewards, pot, the side funded alone.
    function round(uint256 requestId, uint256 challengeIndex, uint256 round_)
        external
        view
        returns (uint256[3] memory paid, uint256 feeRewards, uint256 pot, Party sideFunded)
    {
        Round storage r = _rounds[requestId][challengeIndex][round_];
        return (r.paid, r.feeRewards, r.pot, r.sideFunded);
    }

    function contribution(uint256 requestId, uint256 challengeIndex, uint256 round_, address contributor)
        external
        view
        returns (uint256[3] memory)
    {
        return _rounds[requestId][challengeIndex][round_].contributions[contributor];
    }

    function policy(uint256 index) external view returns (string memory) {
        return _policies[index];
    }

    function policyCount() external view returns (uint256) {
        return _policies.length;
    }

    /// @notice The EIP-712 digest a voucher signs for `claimer`'s claim of `humanityId`.
    function vouchDigest(address claimer, bytes20 humanityId, uint256 expirationTimestamp) external view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VOUCH_TYPEHASH, claimer, humanityId, expirationTimestamp)));
    }

    // ---------------------------------------------------------------- internals

    function _isClaimed(Humanity storage h) internal view returns (bool) {
        return h.owner != address(0) && block.timestamp < h.expirationTime;
    }

    /// Both commitments are non-zero field elements, and N is the humanity's if it has one.
    function _checkKeys(bytes20 humanityId, Humanity storage h, uint256 commitment, uint256 nullifierCommitment)
        internal
        view
    {
        // x − 1 wraps around for 0: one comparison refuses 0 and every x ≥ the field.
        unchecked {
            if (commitment - 1 >= SNARK_SCALAR_FIELD - 1) revert HumanityRegistry__InvalidCommitment(commitment);
            if (nullifierCommitment - 1 >= SNARK_SCALAR_FIELD - 1) {
                revert HumanityRegistry__InvalidCommitment(nullifierCommitment);
            }
        }
        uint256 kept = h.nullifierCommitment;
        if (kept != 0 && kept != nullifierCommitment) {
            revert HumanityRegistry__NullifierCommitmentMismatch(humanityId, kept, nullifierCommitment);
        }
    }

    function _registeredHumanityOf(address account) internal view returns (bytes20 humanityId) {
        humanityId = humanityOf[account];
        Humanity storage h = _humanities[humanityId];
        if (humanityId == 0 || h.owner != account || !_isClaimed(h)) revert HumanityRegistry__NotRegistered(account);
    }

    function _request(uint256 requestId) internal view returns (Request storage) {
        if (requestId >= _requests.length) revert HumanityRegistry__NoSuchRequest(requestId);
        return _requests[requestId];
    }

    function _challenge(uint256 requestId, uint256 challengeIndex) internal view returns (Challenge storage) {
        if (challengeIndex >= _challenges[requestId].length) revert HumanityRegistry__NoSuchChallenge(requestId, challengeIndex);
        return _challenges[requestId][challengeIndex];
    }

    function _expectStatus(uint256 requestId, Request storage q, Status status) internal view {
        if (q.status != status) revert HumanityRegistry__WrongStatus(requestId, q.status);
    }

    function _setPolicy(string memory policy_) internal {
        _policies.push(policy_);
        emit PolicyChanged(_policies.length - 1, policy_);
        emit MetaEvidence(_policies.length - 1, policy_);
    }

    /// Takes `cost` from msg.value; the rest is withdrawable by the sender.
    function _credit(address payer, uint256 cost) internal {
        if (msg.value < cost) revert HumanityRegistry__Underpaid(msg.value, cost);
        if (msg.value > cost) withdrawable[payer] += msg.value - cost;
    }

    function _newRequest(
        bytes20 humanityId,
        Kind kind,
        uint256 commitment,
        uint256 nullifierCommitment,
        string calldata evidence
    ) internal returns (uint256 requestId) {
        requestId = _requests.length;
        Request storage q = _requests.push();
        q.humanityId = humanityId;
        q.kind = kind;
        q.status = Status.Vouching;
        q.requester = msg.sender;
        q.policy = uint32(_policies.length - 1);
        q.commitment = commitment;
        q.nullifierCommitment = nullifierCommitment;
        q.evidence = keccak256(bytes(evidence));
        emit RequestOpened(requestId, humanityId, msg.sender, kind, commitment, nullifierCommitment, evidence);
    }

    function _open(
        bytes20 humanityId,
        Humanity storage h,
        Kind kind,
        uint256 commitment,
        uint256 nullifierCommitment,
        string calldata evidence
    ) internal returns (uint256 requestId) {
        if (openRequestOf[msg.sender] != 0) revert HumanityRegistry__HasOpenRequest(msg.sender, openRequestOf[msg.sender] - 1);
        requestId = _newRequest(humanityId, kind, commitment, nullifierCommitment, evidence);
        openRequestOf[msg.sender] = requestId + 1;
        h.pendingRequests++;
        _fundDeposit(requestId, _requests[requestId]);
    }

    function _fundDeposit(uint256 requestId, Request storage q) internal {
        uint256 cost = deposit();
        uint256 missing = cost > q.deposit ? cost - q.deposit : 0;
        uint256 amount = msg.value < missing ? msg.value : missing;
        if (msg.value > amount) withdrawable[msg.sender] += msg.value - amount;
        if (amount == 0) return;
        q.deposit += amount;
        depositOf[requestId][msg.sender] += amount;
        emit Contribution(requestId, 0, 0, msg.sender, Party.Requester, amount);
    }

    function _useVouch(uint256 requestId, Request storage q, bytes20 voucherId) internal {
        Humanity storage v = _humanities[voucherId];
        address owner_ = v.owner;
        if (voucherId == 0 || voucherId == q.humanityId || owner_ == q.requester || v.vouching || v.away || !_isClaimed(v)) {
            return;
        }
        v.vouching = true;
        v.vouches++;
        q.vouches.push(voucherId);
        emit VouchUsed(requestId, voucherId);
    }

    function _startChallengePeriod(uint256 requestId, Request storage q) internal {
        q.status = Status.Resolving;
        q.challengePeriodStart = uint64(block.timestamp);
        emit ChallengePeriodStarted(requestId, block.timestamp);
    }

    function _countVouchallenges(uint256 requestId, Request storage q) internal {
        for (uint256 i = 0; i < q.vouches.length; i++) {
            bytes20 voucherId = q.vouches[i];
            Humanity storage v = _humanities[voucherId];
            v.vouchallenges++;
            if (v.timesRemoved > 0) v.vouchallengesSinceRemoval++;
            vouchallengeCounted[requestId][voucherId] = true;
            emit VouchallengeCounted(voucherId, requestId);
        }
    }

    /// Makes a request final with `winner`; an unfinished claim or renewal frees its wallet.
    function _resolve(uint256 requestId, Request storage q, Party winner) internal {
        q.status = Status.Resolved;
        q.winner = winner;
        _close(q);
        emit RequestResolved(requestId, winner);
    }

    function _close(Request storage q) internal {
        Humanity storage h = _humanities[q.humanityId];
        if (q.kind == Kind.Revocation) {
            h.pendingRevocation = false;
        } else {
            h.pendingRequests--;
            openRequestOf[q.requester] = 0;
        }
    }

    /// Sets owner, expiry and leaf: inserts the leaf, or replaces the current one (siblings).
    function _register(
        bytes20 humanityId,
        Humanity storage h,
        address owner_,
        uint256 commitment,
        uint256 nullifierCommitment,
        uint64 expiration,
        uint256[] memory siblings
    ) internal {
        address previous = h.owner;
        if (previous != address(0) && previous != owner_ && humanityOf[previous] == humanityId) humanityOf[previous] = 0;
        uint256 attributes = issuerId | (KIND_REGISTRY << 10) | (block.timestamp << 24) | (uint256(expiration) << 64);
        if (h.commitment == 0) {
            humanitySet.addMember(commitment, nullifierCommitment, attributes);
        } else {
            humanitySet.updateMember(
                Member(h.commitment, h.nullifierCommitment, h.attributes),
                Member(commitment, nullifierCommitment, attributes),
                siblings
            );
        }
        h.owner = owner_;
        h.expirationTime = expiration;
        h.commitment = commitment;
        h.attributes = attributes;
        h.nullifierCommitment = nullifierCommitment;
        humanityOf[owner_] = humanityId;
        emit HumanityRegistered(humanityId, owner_, commitment, nullifierCommitment, attributes, expiration);
    }

    function _remove(bytes20 humanityId, Humanity storage h, uint256[] calldata siblings, RemovalCause cause) internal {
        address owner_ = h.owner;
        humanitySet.removeMember(Member(h.commitment, h.nullifierCommitment, h.attributes), siblings);
        if (humanityOf[owner_] == humanityId) humanityOf[owner_] = 0;
        h.owner = address(0);
        h.expirationTime = 0;
        h.commitment = 0;
        h.attributes = 0;
        h.reportedAt = 0;
        emit HumanityRemoved(humanityId, owner_, cause);
    }
}
