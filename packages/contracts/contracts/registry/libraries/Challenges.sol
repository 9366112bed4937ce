// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrator} from "../../arbitration/IArbitrator.sol";
import {IHumanityRegistry} from "../interfaces/IHumanityRegistry.sol";

/// @title Challenges
/// @notice A registry request's challenge (PoH v2's `challengeRequest`), as an external library
///         the registry calls with DELEGATECALL on its own storage, like AppealRounds, to keep
///         its code under the EVM's limit (docs/registry.md#contracts). Events and errors are
///         the registry's.
library Challenges {
    /// @notice Challenges request `q` in its challenge period for `reason`, paying the
    ///         arbitration cost from msg.value (the rest is credited to the sender), and creates
    ///         its dispute. Claims and renewals take each reason at most once; a SybilAttack
    ///         names the duplicate (`d` is its record); revocations take only Reason.None.
    /// @return challengeIndex the challenge's index in the request
    function open(
        IHumanityRegistry.Request storage q,
        IHumanityRegistry.Challenge[] storage challenges,
        mapping(uint256 disputeId => uint256) storage disputes,
        mapping(address account => uint256) storage withdrawable,
        IHumanityRegistry.Humanity storage d,
        IHumanityRegistry.Terms storage t,
        uint256 requestId,
        IHumanityRegistry.Reason reason,
        bytes20 duplicate,
        string calldata evidence
    ) external returns (uint256 challengeIndex) {
        if (q.status != IHumanityRegistry.Status.Resolving) {
            revert IHumanityRegistry.HumanityRegistry__WrongStatus(requestId, q.status);
        }
        if (q.challengePeriodStart == 0 || block.timestamp >= q.challengePeriodStart + t.challengePeriod) {
            revert IHumanityRegistry.HumanityRegistry__ChallengePeriodOver(requestId);
        }
        uint8 bit = uint8(1 << uint8(reason));
        bool revocation = q.kind == IHumanityRegistry.Kind.Revocation;
        if (revocation != (reason == IHumanityRegistry.Reason.None) || q.usedReasons & bit != 0) {
            revert IHumanityRegistry.HumanityRegistry__InvalidReason(requestId, reason);
        }
        if (reason == IHumanityRegistry.Reason.SybilAttack) {
            uint256 others = duplicate == q.humanityId ? 1 : 0;
            if (duplicate == 0 || (d.owner == address(0) && d.pendingRequests <= others)) {
                revert IHumanityRegistry.HumanityRegistry__InvalidDuplicate(duplicate);
            }
        } else if (duplicate != 0) {
            revert IHumanityRegistry.HumanityRegistry__InvalidDuplicate(duplicate);
        }
        IArbitrator arbitrator = t.arbitrator;
        bytes memory data = t.arbitratorExtraData;
        uint256 cost = arbitrator.arbitrationCost(data);
        if (msg.value < cost) revert IHumanityRegistry.HumanityRegistry__Underpaid(msg.value, cost);
        if (msg.value > cost) withdrawable[msg.sender] += msg.value - cost;
        q.usedReasons |= bit;
        q.status = IHumanityRegistry.Status.Disputed;
        challengeIndex = q.challenges++;
        uint256 disputeId = arbitrator.createDispute{value: cost}(2, data);
        disputes[disputeId] = ((requestId << 32) | challengeIndex) + 1;
        challenges.push(
            IHumanityRegistry.Challenge({
                disputeId: disputeId,
                challenger: msg.sender,
                reason: reason,
                duplicate: duplicate,
                ruling: IHumanityRegistry.Party.None,
                ruled: false,
                lastRound: 1
            })
        );
        emit IHumanityRegistry.RequestChallenged(requestId, challengeIndex, reason, duplicate, msg.sender, disputeId);
        // The request's policy's MetaEvidence: 2i for a claim or renewal, 2i + 1 for a revocation.
        emit IHumanityRegistry.Dispute(arbitrator, disputeId, 2 * uint256(q.policy) + (revocation ? 1 : 0), requestId);
        if (bytes(evidence).length > 0) emit IHumanityRegistry.Evidence(arbitrator, requestId, msg.sender, evidence);
    }
}
