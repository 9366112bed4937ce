// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrable} from "../../arbitration/IArbitrable.sol";
import {IArbitrator} from "../../arbitration/IArbitrator.sol";
import {AppealRounds} from "../libraries/AppealRounds.sol";
import {Challenges} from "../libraries/Challenges.sol";
import {RegistryVouchallengers} from "./RegistryVouchallengers.sol";

/// @title RegistryDisputes
/// @notice Challenges (Challenges), ERC-792 disputes, crowdfunded appeals (AppealRounds) and
///         rulings, with their ERC-1497 evidence.
abstract contract RegistryDisputes is RegistryVouchallengers, IArbitrable {
    /// @notice Challenges a request in its challenge period; pays the arbitration cost and
    ///         creates a dispute. Claims and renewals take each reason at most once; a
    ///         SybilAttack names the duplicate; revocations take only Reason.None.
    function challengeRequest(uint256 requestId, Reason reason, bytes20 duplicate, string calldata evidence)
        external
        payable
    {
        Request storage q = _request(requestId);
        Terms storage t = _termsOf(q);
        Challenges.open(
            q,
            _challenges[requestId],
            _disputes[t.arbitrator],
            withdrawable,
            _humanities[duplicate],
            t,
            requestId,
            reason,
            duplicate,
            evidence
        );
    }

    /// @notice Funds `side` of the appeal of a challenge's ruling: appeal cost plus the stake
    ///         of the request's terms (by default ×2 for the winner and for "refuse to
    ///         arbitrate", ×3 for the loser, who may fund only in the first half of the appeal
    ///         period). When both sides are funded the
    ///         appeal is raised; if only one is by the end, that side wins.
    function fundAppeal(uint256 requestId, uint256 challengeIndex, Party side) external payable {
        Challenge storage c = _challenge(requestId, challengeIndex);
        AppealRounds.fund(
            c,
            _rounds[requestId][challengeIndex],
            withdrawable,
            _termsOf(_requests[requestId]),
            requestId,
            challengeIndex,
            side
        );
    }

    /// @inheritdoc IArbitrable
    /// @dev Records the outcome only (see the contract's notice): a challenger win makes the
    ///      request final; a refusal to arbitrate (ruling 0, with no side funded alone) makes it
    ///      final with no winner, as PoH v2 does: a claim or renewal is not registered and a
    ///      revocation fails (its cooldown starts), deposits going back to who paid them; a
    ///      requester win restarts the challenge period when reasons remain, else the request
    ///      awaits execution.
    function rule(uint256 disputeId, uint256 ruling) external {
        IArbitrator arbitrator = IArbitrator(msg.sender);
        uint256 key = _disputes[arbitrator][disputeId];
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
            // A vouchallenge is a vouch for a claim or renewal whose challenger won (audit M2):
            // a lost challenge, however cheap, counts against no voucher.
            if (q.kind != Kind.Revocation) _countVouchallenges(requestId, q);
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

    /// @notice Emits evidence for a request (ERC-1497).
    function submitEvidence(uint256 requestId, string calldata evidence) external {
        emit Evidence(_termsOf(_request(requestId)).arbitrator, requestId, msg.sender, evidence);
    }
}
