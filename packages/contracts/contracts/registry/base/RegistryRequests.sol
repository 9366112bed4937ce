// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RegistryStorage} from "./RegistryStorage.sol";

/// @title RegistryRequests
/// @notice Claims, renewals, revocations and renunciation (PoH v2's requests): a request is
///         opened with the deposit (crowdfunded), collects vouches (RegistryVouches), waits out
///         its challenge period and is executed into the humanity set (docs/registry.md).
abstract contract RegistryRequests is RegistryStorage {
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
        // A revocation still open would remove the new registration when executed.
        if (h.pendingRevocation) revert HumanityRegistry__RevocationPending(humanityId);
        bytes20 bound = walletHumanity[msg.sender];
        if (bound != 0 && bound != humanityId && _humanities[bound].owner == msg.sender) {
            revert HumanityRegistry__WalletBound(msg.sender, bound);
        }
        _checkKeys(humanityId, h, commitment, nullifierCommitment);
        requestId = _open(humanityId, Kind.Claim, commitment, nullifierCommitment, evidence);
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
        bytes20 humanityId = walletHumanity[msg.sender];
        Humanity storage h = _humanities[humanityId];
        if (
            humanityId == 0 || h.owner != msg.sender || block.timestamp >= h.expirationTime
                || block.timestamp + _currentTerms().renewalPeriod < h.expirationTime
        ) revert HumanityRegistry__NotRenewable(humanityId);
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        if (keccak256(bytes(evidence)) == h.lastEvidence) revert HumanityRegistry__EvidenceReused(humanityId);
        if (commitment == 0) commitment = h.commitment;
        _checkKeys(humanityId, h, commitment, nullifierCommitment);
        requestId = _open(humanityId, Kind.Renewal, commitment, nullifierCommitment, evidence);
    }

    /// @notice Asks for a registered humanity's removal with evidence; pays the full deposit
    ///         and starts the challenge period at once. A revocation that fails starts a cooldown.
    function revokeHumanity(bytes20 humanityId, string calldata evidence) external payable returns (uint256 requestId) {
        Humanity storage h = _humanities[humanityId];
        if (!_isClaimed(h)) revert HumanityRegistry__NotClaimed(humanityId);
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        if (h.pendingRevocation) revert HumanityRegistry__RevocationPending(humanityId);
        uint256 until = h.lastFailedRevocationTime + _currentTerms().revocationCooldown;
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
        bytes20 humanityId = walletHumanity[msg.sender];
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

    /// @notice Applies a request that survived its challenge period: registers (inserting or
    ///         replacing the leaf) or removes. A claim or renewal that can no longer apply (the
    ///         humanity was claimed by another claim, or the renewer lost it) resolves with no
    ///         winner and its deposit goes back.
    /// @param siblings the current leaf's LeanIMT siblings when it has one (none for a first claim)
    function executeRequest(uint256 requestId, uint256[] calldata siblings) external {
        Request storage q = _request(requestId);
        _expectStatus(requestId, q, Status.Resolving);
        Terms storage t = _termsOf(q);
        uint256 end = q.challengePeriodStart + t.challengePeriod;
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
        bytes20 bound = walletHumanity[q.requester];
        if (bound != 0 && bound != q.humanityId && _humanities[bound].owner == q.requester) applies = false;
        if (!applies) {
            _resolve(requestId, q, Party.None);
            return;
        }
        _resolve(requestId, q, Party.Requester);
        h.lastEvidence = q.evidence;
        _register(
            q.humanityId, h, q.requester, q.commitment, q.nullifierCommitment, uint64(block.timestamp) + t.lifespan, siblings
        );
    }

    /// Opens the caller's claim or renewal. It counts as pending on the humanity only once it
    /// is funded and vouched (`advanceState`, as PoH v2), so an unfunded request blocks nobody
    /// (audit M1).
    function _open(
        bytes20 humanityId,
        Kind kind,
        uint256 commitment,
        uint256 nullifierCommitment,
        string calldata evidence
    ) internal returns (uint256 requestId) {
        if (openRequestOf[msg.sender] != 0) revert HumanityRegistry__HasOpenRequest(msg.sender, openRequestOf[msg.sender] - 1);
        requestId = _newRequest(humanityId, kind, commitment, nullifierCommitment, evidence);
        openRequestOf[msg.sender] = requestId + 1;
        _fundDeposit(requestId, _requests[requestId]);
    }
}
