// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IHumanityRegistry} from "../interfaces/IHumanityRegistry.sol";

/// @title Vouching
/// @notice Counts the vouches of a registry request entering its challenge period (the loop of
///         PoH v2's `advanceState`): on-chain vouches and EIP-712 signed ones (PoH v2's domain
///         and `IsHumanVoucher` type). An external library like Challenges and AppealRounds: the
///         registry calls it with DELEGATECALL on its own storage, which keeps the registry's
///         code under the EVM's limit (docs/registry.md#contracts). Events are the registry's.
library Vouching {
    bytes32 internal constant VOUCH_TYPEHASH =
        keccak256("IsHumanVoucher(address vouched,bytes20 humanityId,uint256 expirationTimestamp)");
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");

    /// @notice The EIP-712 domain separator of signed vouches for the calling registry (under
    ///         DELEGATECALL, `this` is the registry).
    function domainSeparator() internal view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("Proof of Humanity"), block.chainid, address(this)));
    }

    /// @notice The EIP-712 digest a voucher signs for `claimer`'s claim of `humanityId`.
    function digest(address claimer, bytes20 humanityId, uint256 expirationTimestamp) internal view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(VOUCH_TYPEHASH, claimer, humanityId, expirationTimestamp));
        return MessageHashUtils.toTypedDataHash(domainSeparator(), structHash);
    }

    /// @notice HIP-58 section 1 on a voucher's counts: max_vouchallenge_ratio 1/2,
    ///         initial_vouchallenge_threshold 2, repeated_vouchallenge_threshold 1.
    function isVouchallenger(uint256 vouches, uint256 vouchallenges, uint256 timesRemoved, uint256 sinceRemoval)
        internal
        pure
        returns (bool)
    {
        if (timesRemoved > 0 && sinceRemoval >= 1) return true;
        return vouchallenges >= 2 && vouchallenges * 2 >= vouches;
    }

    /// @notice A report stands only while its humanity is a vouchallenger: once it is not (a
    ///         refund, or vouches that bring its ratio under the threshold), the report goes,
    ///         so a later vouchallenge needs a new report and a new grace period.
    function clearStaleReport(bytes20 humanityId, IHumanityRegistry.Humanity storage h) internal {
        if (h.reportedAt == 0 || isVouchallenger(h.vouches, h.vouchallenges, h.timesRemoved, h.vouchallengesSinceRemoval)) {
            return;
        }
        h.reportedAt = 0;
        emit IHumanityRegistry.VouchallengerCleared(humanityId);
    }

    /// @notice Adds to request `q` (of `claimer`) the vouches of `vouchers` that vouched on chain
    ///         and of `signedVouches` that are unexpired, valid and not revoked, until it has
    ///         `needed`; invalid ones are skipped. A counted voucher is locked (`vouching`) until
    ///         the request is final, and a report against it goes if it is no vouchallenger any
    ///         more.
    function collect(
        IHumanityRegistry.Request storage q,
        mapping(bytes20 humanityId => IHumanityRegistry.Humanity) storage humanities,
        mapping(bytes20 voucher => mapping(address claimer => mapping(bytes20 humanityId => bool))) storage vouched,
        mapping(address wallet => bytes20) storage walletHumanity,
        mapping(address signer => mapping(bytes32 digest => bool)) storage vouchRevoked,
        uint256 requestId,
        address claimer,
        uint256 needed,
        bytes20[] calldata vouchers,
        IHumanityRegistry.SignedVouch[] calldata signedVouches
    ) external {
        for (uint256 i = 0; i < vouchers.length && q.vouches.length < needed; i++) {
            bytes20 voucher = vouchers[i];
            if (vouched[voucher][claimer][q.humanityId]) _use(q, humanities, requestId, voucher);
        }
        for (uint256 i = 0; i < signedVouches.length && q.vouches.length < needed; i++) {
            IHumanityRegistry.SignedVouch calldata sv = signedVouches[i];
            if (sv.expirationTimestamp <= block.timestamp) continue;
            bytes32 d = digest(claimer, q.humanityId, sv.expirationTimestamp);
            (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecover(d, sv.signature);
            if (error == ECDSA.RecoverError.NoError && !vouchRevoked[signer][d]) {
                _use(q, humanities, requestId, walletHumanity[signer]);
            }
        }
    }

    function _use(
        IHumanityRegistry.Request storage q,
        mapping(bytes20 humanityId => IHumanityRegistry.Humanity) storage humanities,
        uint256 requestId,
        bytes20 voucherId
    ) private {
        IHumanityRegistry.Humanity storage v = humanities[voucherId];
        address owner_ = v.owner;
        if (
            voucherId == 0 || voucherId == q.humanityId || owner_ == q.requester || v.vouching || v.away
                || owner_ == address(0) || block.timestamp >= v.expirationTime
        ) {
            return;
        }
        v.vouching = true;
        v.vouches++;
        // More vouches may bring the voucher under the vouchallenger ratio: a report then goes.
        clearStaleReport(voucherId, v);
        q.vouches.push(voucherId);
        emit IHumanityRegistry.VouchUsed(requestId, voucherId);
    }
}
