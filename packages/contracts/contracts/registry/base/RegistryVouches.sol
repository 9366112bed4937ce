// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vouching} from "../libraries/Vouching.sol";
import {RegistryVouchallengers} from "./RegistryVouchallengers.sol";

/// @title RegistryVouches
/// @notice Vouches: on-chain ones (`addVouch`) and EIP-712 signed ones, counted when a request
///         enters its challenge period (`advanceState`) and released, or punished, when it is
///         final (`processVouches`). Signed vouches are PoH v2's: its EIP-712 domain
///         `EIP712Domain(string name,uint256 chainId,address verifyingContract)` with name "Proof of
///         Humanity" (no version) and its `IsHumanVoucher` type, so a voucher's wallet signs the
///         same typed data for either registry (docs/registry.md#signed-vouches).
abstract contract RegistryVouches is RegistryVouchallengers {
    /// @notice The EIP-712 type hash of signed vouches (PoH v2's `IsHumanVoucher`).
    bytes32 public constant VOUCH_TYPEHASH = Vouching.VOUCH_TYPEHASH;

    /// @notice The EIP-712 domain separator of signed vouches on this chain and contract.
    function domainSeparator() public view returns (bytes32) {
        return Vouching.domainSeparator();
    }

    /// @notice The caller's registered humanity vouches for `claimer`'s claim of `humanityId`.
    function addVouch(address claimer, bytes20 humanityId) external {
        bytes20 voucher = _registeredHumanityOf(msg.sender);
        vouched[voucher][claimer][humanityId] = true;
        emit VouchAdded(voucher, claimer, humanityId);
    }

    function removeVouch(address claimer, bytes20 humanityId) external {
        bytes20 voucher = walletHumanity[msg.sender];
        vouched[voucher][claimer][humanityId] = false;
        emit VouchRemoved(voucher, claimer, humanityId);
    }

    /// @notice Moves `claimer`'s open claim or renewal into its challenge period once fully funded
    ///         and vouched by its terms' `requiredVouches` registered humans (on-chain vouches and EIP-712
    ///         signed ones, counted by the library Vouching). Invalid vouches are skipped; each counted voucher is locked until the
    ///         request is final.
    function advanceState(address claimer, bytes20[] calldata vouchers, SignedVouch[] calldata signedVouches) external {
        uint256 open = openRequestOf[claimer];
        if (open == 0) revert HumanityRegistry__NoSuchRequest(0);
        uint256 requestId = open - 1;
        Request storage q = _requests[requestId];
        _expectStatus(requestId, q, Status.Vouching);
        Humanity storage h = _humanities[q.humanityId];
        if (h.away) revert HumanityRegistry__NotHomeChain(q.humanityId);
        if (q.kind == Kind.Claim && _isClaimed(h)) revert HumanityRegistry__Claimed(q.humanityId);
        Terms storage t = _termsOf(q);
        uint256 cost = _deposit(t);
        if (q.deposit < cost) revert HumanityRegistry__Underfunded(requestId, q.deposit, cost);
        uint256 needed = t.requiredVouches;
        Vouching.collect(q, _humanities, vouched, walletHumanity, vouchRevoked, requestId, claimer, needed, vouchers, signedVouches);
        if (q.vouches.length < needed) revert HumanityRegistry__NotEnoughVouches(requestId, q.vouches.length, needed);
        h.pendingRequests++;
        _startChallengePeriod(requestId, q);
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

    /// @notice Revokes the caller's signed vouch for `claimer`'s claim of `humanityId` that
    ///         expires at `expirationTimestamp`: advanceState ignores it from now on (a signature
    ///         once handed out cannot be taken back otherwise, audit M2).
    function revokeSignedVouch(address claimer, bytes20 humanityId, uint256 expirationTimestamp) external {
        vouchRevoked[msg.sender][_vouchDigest(claimer, humanityId, expirationTimestamp)] = true;
        emit SignedVouchRevoked(msg.sender, claimer, humanityId, expirationTimestamp);
    }

    /// @notice The EIP-712 digest a voucher signs for `claimer`'s claim of `humanityId`.
    function vouchDigest(address claimer, bytes20 humanityId, uint256 expirationTimestamp) external view returns (bytes32) {
        return _vouchDigest(claimer, humanityId, expirationTimestamp);
    }

    function _vouchDigest(address claimer, bytes20 humanityId, uint256 expirationTimestamp) internal view returns (bytes32) {
        return Vouching.digest(claimer, humanityId, expirationTimestamp);
    }
}
