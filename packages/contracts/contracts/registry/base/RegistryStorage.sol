// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {IArbitrator} from "../../arbitration/IArbitrator.sol";
import {HumanitySet} from "../../HumanitySet.sol";
import {Member} from "../../IHumanitySet.sol";
import {IHumanityRegistry} from "../interfaces/IHumanityRegistry.sol";
import {AppealRounds} from "../libraries/AppealRounds.sol";

/// @title RegistryStorage
/// @notice The registry's state and the internal steps every concern shares: keys checked,
///         requests opened, funded, started and closed, humanities registered and removed (each
///         with its leaf in the humanity set). The concerns are the other bases in this folder;
///         HumanityRegistry puts them together.
abstract contract RegistryStorage is IHumanityRegistry {
    /// @dev HIP-58: vouchallenger inadmissibility per removal (120 days × times removed).
    uint256 internal constant INADMISSIBILITY_BASE = 120 days;
    uint8 internal constant CLAIM_REASONS = 0x1e;
    uint256 internal constant KIND_REGISTRY = 1;

    HumanitySet public immutable humanitySet;
    uint256 public immutable issuerId;
    /// Every version of the terms; the last is current (see `Terms`).
    Terms[] internal _terms;
    /// @notice The cross-chain contract allowed to move humanities in and out (0: none).
    address public crossChain;

    string[] internal _policies;
    mapping(bytes20 humanityId => Humanity) internal _humanities;
    /// @notice The humanity a wallet is bound to (its owner, unless reclaimed elsewhere since),
    ///         expired or not; `humanityOf` is PoH v2's view, which forgets an expired binding.
    mapping(address wallet => bytes20) public walletHumanity;
    /// @notice Humanity IDs that ever had a request here (PoH v2's `humanityCount`).
    uint256 public humanityCount;
    /// @notice A wallet's open claim or renewal, as request id + 1.
    mapping(address wallet => uint256) public openRequestOf;
    Request[] internal _requests;
    mapping(uint256 requestId => mapping(address contributor => uint256)) public depositOf;
    mapping(uint256 requestId => Challenge[]) internal _challenges;
    mapping(uint256 requestId => mapping(uint256 challengeIndex => mapping(uint256 round => AppealRounds.Round)))
        internal _rounds;
    /// Arbitrator → dispute id → request id << 32 | challenge index, plus one. Keyed by
    /// arbitrator too: a new arbitrator's dispute ids overlap an old one's.
    mapping(IArbitrator arbitrator => mapping(uint256 disputeId => uint256)) internal _disputes;
    mapping(bytes20 voucher => mapping(address claimer => mapping(bytes20 humanityId => bool))) public vouched;
    mapping(uint256 requestId => mapping(bytes20 voucher => bool)) public vouchallengeCounted;
    /// The vouchallenge was counted after the voucher's last removal as a vouchallenger.
    mapping(uint256 requestId => mapping(bytes20 voucher => bool)) internal _sinceRemoval;
    /// @notice Signed vouches their signer revoked on chain, by signer and EIP-712 digest.
    mapping(address signer => mapping(bytes32 digest => bool)) public vouchRevoked;
    /// @notice Wei each account may withdraw (rewards, refunds, overpayments).
    mapping(address account => uint256) public withdrawable;

    /// @param params_ the registry's parameters (see `Parameters`)
    constructor(Parameters memory params_) {
        humanitySet = params_.humanitySet;
        issuerId = params_.issuerId;
        _setTerms(params_.terms);
        _setPolicy(params_.policy, params_.registrationMetaEvidence, params_.clearingMetaEvidence);
    }

    /// @notice The deposit a claim, renewal or revocation opened now needs: base deposit +
    ///         arbitration cost, under the current terms.
    function deposit() public view returns (uint256) {
        return _deposit(_currentTerms());
    }

    /// @notice The deposit request `requestId` needs, under its own terms.
    function requestDeposit(uint256 requestId) public view returns (uint256) {
        return _deposit(_termsOf(_request(requestId)));
    }

    function _deposit(Terms storage t) internal view returns (uint256) {
        return t.baseDeposit + t.arbitrator.arbitrationCost(t.arbitratorExtraData);
    }

    function _currentTerms() internal view returns (Terms storage) {
        return _terms[_terms.length - 1];
    }

    function _termsOf(Request storage q) internal view returns (Terms storage) {
        return _terms[q.terms];
    }

    /// Makes `t` the terms of requests opened from now on.
    function _setTerms(Terms memory t) internal {
        if (address(t.arbitrator) == address(0) || t.challengePeriod == 0 || t.renewalPeriod >= t.lifespan) {
            revert HumanityRegistry__InvalidTerms();
        }
        _terms.push(t);
        emit TermsChanged(_terms.length - 1, t);
    }

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
        humanityId = walletHumanity[account];
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

    /// Makes `policy_` the one new requests are judged against, with its two ERC-1497
    /// MetaEvidence documents (`registration` for claims and renewals, `clearing` for
    /// revocations; ids 2i and 2i + 1 for policy i, as in PoH v2).
    function _setPolicy(string memory policy_, string memory registration, string memory clearing) internal {
        _policies.push(policy_);
        uint256 index = _policies.length - 1;
        emit PolicyChanged(index, policy_);
        emit MetaEvidence(2 * index, registration);
        emit MetaEvidence(2 * index + 1, clearing);
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
        Humanity storage h = _humanities[humanityId];
        if (h.requestCount++ == 0) humanityCount++;
        Request storage q = _requests.push();
        q.humanityId = humanityId;
        q.kind = kind;
        q.status = Status.Vouching;
        q.requester = msg.sender;
        q.policy = uint32(_policies.length - 1);
        q.terms = uint32(_terms.length - 1);
        q.commitment = commitment;
        q.nullifierCommitment = nullifierCommitment;
        q.evidence = keccak256(bytes(evidence));
        emit RequestOpened(requestId, humanityId, msg.sender, kind, commitment, nullifierCommitment, evidence);
        // ERC-1497: the request's own evidence, in its evidence group, for the court's interface.
        emit Evidence(_currentTerms().arbitrator, requestId, msg.sender, evidence);
    }

    function _fundDeposit(uint256 requestId, Request storage q) internal {
        uint256 cost = _deposit(_termsOf(q));
        uint256 missing = cost > q.deposit ? cost - q.deposit : 0;
        uint256 amount = msg.value < missing ? msg.value : missing;
        if (msg.value > amount) withdrawable[msg.sender] += msg.value - amount;
        if (amount == 0) return;
        q.deposit += amount;
        depositOf[requestId][msg.sender] += amount;
        emit Contribution(requestId, 0, 0, msg.sender, Party.Requester, amount);
    }

    function _startChallengePeriod(uint256 requestId, Request storage q) internal {
        q.status = Status.Resolving;
        q.challengePeriodStart = uint64(block.timestamp);
        emit ChallengePeriodStarted(requestId, block.timestamp);
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
            // A request withdrawn while collecting vouches never counted as pending.
            if (q.status != Status.Withdrawn) h.pendingRequests--;
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
        if (previous != address(0) && previous != owner_ && walletHumanity[previous] == humanityId) walletHumanity[previous] = 0;
        uint256 attributes = issuerId | (KIND_REGISTRY << 10) | (block.timestamp << 24) | (uint256(expiration) << 64);
        if (h.commitment == 0) {
            humanitySet.addMember(commitment, nullifierCommitment, attributes);
        } else if (h.commitment != commitment || h.attributes != attributes) {
            // (The same leaf again, e.g. one mirror update applied twice in a second, changes
            // nothing in the set; N never changes here, `_checkKeys` saw to it.)
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
        walletHumanity[owner_] = humanityId;
        emit HumanityRegistered(humanityId, owner_, commitment, nullifierCommitment, attributes, expiration);
    }

    function _remove(bytes20 humanityId, Humanity storage h, uint256[] calldata siblings, RemovalCause cause) internal {
        address owner_ = h.owner;
        humanitySet.removeMember(Member(h.commitment, h.nullifierCommitment, h.attributes), siblings);
        if (walletHumanity[owner_] == humanityId) walletHumanity[owner_] = 0;
        h.owner = address(0);
        h.expirationTime = 0;
        h.commitment = 0;
        h.attributes = 0;
        h.reportedAt = 0;
        emit HumanityRemoved(humanityId, owner_, cause);
    }
}
