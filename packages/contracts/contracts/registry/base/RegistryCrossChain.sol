// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RegistryStorage} from "./RegistryStorage.sol";

/// @title RegistryCrossChain
/// @notice The entry points of the cross-chain contract (HumanityGateway): a humanity leaves
///         this chain, or arrives or is mirrored here.
abstract contract RegistryCrossChain is RegistryStorage {
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
        emit HumanityAway(humanityId, true);
    }

    /// @notice Records a humanity that arrived from, or is mirrored from, its home chain: owner,
    ///         expiry and leaf as there (owner 0 removes a mirror). A transfer (`home`) makes this
    ///         chain its home. A mirror applies only over a record that is away or never seen,
    ///         never over a live record or one whose home is here (audit H1, H2); a mirror of an
    ///         absent humanity over a record never seen changes nothing. A humanity known here
    ///         keeps its N: a record with another one is refused. A transfer also brings the
    ///         humanity's `standing` (ignored for a mirror).
    function ccSetHumanity(
        bytes20 humanityId,
        address owner_,
        uint64 expirationTime,
        uint256 commitment,
        uint256 nullifierCommitment,
        bool home,
        Standing calldata standing,
        uint256[] calldata siblings
    ) external {
        if (msg.sender != crossChain) revert HumanityRegistry__NotCrossChain(msg.sender);
        Humanity storage h = _humanities[humanityId];
        if (!h.away && (h.owner != address(0) || h.pendingRequests != 0 || (!home && h.nullifierCommitment != 0))) {
            revert HumanityRegistry__Busy(humanityId);
        }
        if (owner_ == address(0)) {
            if (h.owner != address(0)) _remove(humanityId, h, siblings, RemovalCause.Transferred);
            if (!home && !h.away) return;
        } else {
            bytes20 bound = walletHumanity[owner_];
            if (bound != 0 && bound != humanityId && _humanities[bound].owner == owner_) {
                revert HumanityRegistry__WalletBound(owner_, bound);
            }
            _checkKeys(humanityId, h, commitment, nullifierCommitment);
            _register(humanityId, h, owner_, commitment, nullifierCommitment, expirationTime, siblings);
        }
        if (home) {
            // A transfer brings the humanity's standing from its old home (audit M3): a reported
            // or removed vouchallenger does not start clean by moving.
            h.inadmissibleUntil = standing.inadmissibleUntil;
            h.reportedAt = standing.reportedAt;
            h.vouches = standing.vouches;
            h.vouchallenges = standing.vouchallenges;
            h.vouchallengesSinceRemoval = standing.vouchallengesSinceRemoval;
            h.timesRemoved = standing.timesRemoved;
        }
        if (h.away == home) emit HumanityAway(humanityId, !home);
        h.away = !home;
    }
}
