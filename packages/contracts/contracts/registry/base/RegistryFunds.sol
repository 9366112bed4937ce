// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AppealRounds} from "../libraries/AppealRounds.sol";
import {RegistryStorage} from "./RegistryStorage.sol";

/// @title RegistryFunds
/// @notice Pull payments: deposits of final requests, appeal rewards, and the withdrawal of
///         what is owed.
abstract contract RegistryFunds is RegistryStorage {
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
        withdrawable[beneficiary] +=
            AppealRounds.takeReward(c, _rounds[requestId][challengeIndex][round], round, beneficiary);
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
}
