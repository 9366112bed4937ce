// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vouching} from "../libraries/Vouching.sol";
import {RegistryStorage} from "./RegistryStorage.sol";

/// @title RegistryVouchallengers
/// @notice Policy v1's vouchallenger rules (HIP-58), enforced from the registry's own records:
///         vouchallenges counted when a vouched request is challenged, report, grace period,
///         whitehat refund, removal and inadmissibility.
abstract contract RegistryVouchallengers is RegistryStorage {
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
        return Vouching.isVouchallenger(vouches, vouchallenges, timesRemoved, sinceRemoval);
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
        uint256 end = _gracePeriodEnd(h);
        if (block.timestamp < end) revert HumanityRegistry__GracePeriodRunning(humanityId, end);
        h.timesRemoved++;
        h.vouchallengesSinceRemoval = 0;
        h.inadmissibleUntil = uint64(block.timestamp + INADMISSIBILITY_BASE * h.timesRemoved);
        emit HumanityInadmissible(humanityId, h.inadmissibleUntil);
        _remove(humanityId, h, siblings, RemovalCause.Vouchallenger);
    }

    /// @notice Whitehat vouchallenge: the voucher's owner returns the whole deposit of a request it
    ///         vouched for that was challenged (to its requester), before being removed; that
    ///         vouchallenge then no longer counts. Once reported, only during the grace period.
    function refundVouchallenged(uint256 requestId) external payable {
        Request storage q = _request(requestId);
        bytes20 voucher = walletHumanity[msg.sender];
        if (voucher == 0 || !vouchallengeCounted[requestId][voucher]) revert HumanityRegistry__NotVouchallenge(requestId, voucher);
        Humanity storage v = _humanities[voucher];
        // The whitehat's window is the grace period: a refund cannot outrun a removal that is due.
        uint256 end = _gracePeriodEnd(v);
        if (v.reportedAt != 0 && block.timestamp >= end) revert HumanityRegistry__GracePeriodOver(voucher, end);
        uint256 amount = _deposit(_termsOf(q));
        if (msg.value < amount) revert HumanityRegistry__Underpaid(msg.value, amount);
        vouchallengeCounted[requestId][voucher] = false;
        v.vouchallenges--;
        // Only a vouchallenge counted since the last removal comes off that count (audit M3).
        if (_sinceRemoval[requestId][voucher]) v.vouchallengesSinceRemoval--;
        Vouching.clearStaleReport(voucher, v);
        withdrawable[q.requester] += amount;
        if (msg.value > amount) withdrawable[msg.sender] += msg.value - amount;
        emit WhitehatRefund(voucher, requestId, amount);
    }

    /// The end of a reported humanity's grace period: removable from then on, no refund after.
    function _gracePeriodEnd(Humanity storage h) internal view returns (uint256) {
        return h.reportedAt + _currentTerms().challengePeriod;
    }

    function _countVouchallenges(uint256 requestId, Request storage q) internal {
        for (uint256 i = 0; i < q.vouches.length; i++) {
            bytes20 voucherId = q.vouches[i];
            Humanity storage v = _humanities[voucherId];
            v.vouchallenges++;
            if (v.timesRemoved > 0) {
                v.vouchallengesSinceRemoval++;
                _sinceRemoval[requestId][voucherId] = true;
            }
            vouchallengeCounted[requestId][voucherId] = true;
            emit VouchallengeCounted(voucherId, requestId);
        }
    }
}
