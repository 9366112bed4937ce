// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrator} from "../../arbitration/IArbitrator.sol";
import {IHumanityRegistry} from "../interfaces/IHumanityRegistry.sol";

/// @title AppealRounds
/// @notice The crowdfunded appeal rounds of a registry challenge (PoH v2's `fundAppeal` and
///         `withdrawFeesAndRewards`), as an external library: the registry calls it with
///         DELEGATECALL on its own storage, which keeps the registry's code under the 24,576-byte
///         limit (docs/registry.md#contracts). Events and errors are the registry's.
library AppealRounds {
    struct Round {
        uint256[3] paid;
        /// What the winners share once the appeal was raised (paid by both sides − appeal cost).
        uint256 feeRewards;
        /// Wei the round still holds.
        uint256 pot;
        /// The side fully funded first while the other is not yet.
        IHumanityRegistry.Party sideFunded;
        mapping(address contributor => uint256[3]) contributions;
    }

    /// @notice Funds `side` of the appeal of challenge `c`'s ruling with msg.value: appeal cost
    ///         plus the stake of the terms `t` (by default ×2 for the winner and for "refuse to
    ///         arbitrate", ×3 for the loser, who may fund only in the first half of the appeal
    ///         period). What exceeds the
    ///         side's need is credited to the sender. When both sides are funded the appeal is
    ///         raised and a new round opens.
    function fund(
        IHumanityRegistry.Challenge storage c,
        mapping(uint256 round => Round) storage rounds,
        mapping(address account => uint256) storage withdrawable,
        IHumanityRegistry.Terms storage t,
        uint256 requestId,
        uint256 challengeIndex,
        IHumanityRegistry.Party side
    ) external {
        IArbitrator arbitrator = t.arbitrator;
        if (side == IHumanityRegistry.Party.None) revert IHumanityRegistry.HumanityRegistry__InvalidRuling(0);
        (uint256 start, uint256 end) = arbitrator.appealPeriod(c.disputeId);
        if (c.ruled || block.timestamp < start || block.timestamp >= end) {
            revert IHumanityRegistry.HumanityRegistry__NotAppealable(requestId, challengeIndex);
        }
        uint256 current = arbitrator.currentRuling(c.disputeId);
        uint256 multiplier = t.sharedMultiplier;
        if (current != 0) {
            if (current == uint256(side)) {
                multiplier = t.winnerMultiplier;
            } else {
                multiplier = t.loserMultiplier;
                if (block.timestamp >= start + (end - start) / 2) {
                    revert IHumanityRegistry.HumanityRegistry__LoserFundingOver(requestId, challengeIndex);
                }
            }
        }
        bytes memory data = t.arbitratorExtraData;
        uint256 appealCost = arbitrator.appealCost(c.disputeId, data);
        uint256 total = appealCost + (appealCost * multiplier) / 10_000;
        Round storage r = rounds[c.lastRound];
        if (r.sideFunded == side) revert IHumanityRegistry.HumanityRegistry__SideFunded(side);
        uint256 missing = total > r.paid[uint256(side)] ? total - r.paid[uint256(side)] : 0;
        uint256 amount = msg.value < missing ? msg.value : missing;
        if (msg.value > amount) withdrawable[msg.sender] += msg.value - amount;
        r.paid[uint256(side)] += amount;
        r.contributions[msg.sender][uint256(side)] += amount;
        r.pot += amount;
        emit IHumanityRegistry.Contribution(requestId, challengeIndex, c.lastRound, msg.sender, side, amount);
        if (r.paid[uint256(side)] < total) return;
        if (r.sideFunded == IHumanityRegistry.Party.None) {
            r.sideFunded = side;
            return;
        }
        // Both sides funded: raise the appeal.
        r.sideFunded = IHumanityRegistry.Party.None;
        r.feeRewards = r.paid[1] + r.paid[2] - appealCost;
        r.pot -= appealCost;
        emit IHumanityRegistry.AppealRaised(requestId, challengeIndex, c.lastRound);
        c.lastRound++;
        arbitrator.appeal{value: appealCost}(c.disputeId, data);
    }

    /// @notice Takes `beneficiary`'s reward of round `index` of a ruled challenge out of the
    ///         round: a share of the fee rewards for the winning side (both sides' when the
    ///         ruling was 0), or its contribution back when the appeal was not raised.
    /// @return reward the wei now owed to the beneficiary
    function takeReward(IHumanityRegistry.Challenge storage c, Round storage r, uint256 index, address beneficiary)
        external
        returns (uint256 reward)
    {
        uint256[3] storage mine = r.contributions[beneficiary];
        if (index >= c.lastRound) {
            reward = mine[1] + mine[2];
        } else if (c.ruling == IHumanityRegistry.Party.None) {
            uint256 paid = r.paid[1] + r.paid[2];
            reward = paid == 0 ? 0 : ((mine[1] + mine[2]) * r.feeRewards) / paid;
        } else {
            uint256 paid = r.paid[uint256(c.ruling)];
            reward = paid == 0 ? 0 : (mine[uint256(c.ruling)] * r.feeRewards) / paid;
        }
        mine[1] = 0;
        mine[2] = 0;
        r.pot -= reward;
    }
}
