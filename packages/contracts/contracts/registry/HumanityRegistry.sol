// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {RegistryCrossChain} from "./base/RegistryCrossChain.sol";
import {RegistryDisputes} from "./base/RegistryDisputes.sol";
import {RegistryFunds} from "./base/RegistryFunds.sol";
import {RegistryRequests} from "./base/RegistryRequests.sol";
import {RegistryStorage} from "./base/RegistryStorage.sol";
import {RegistryVouches} from "./base/RegistryVouches.sol";
import {AppealRounds} from "./libraries/AppealRounds.sol";

/// @title HumanityRegistry
/// @notice The curated registry: Proof of Humanity v2's claims, crowdfunded deposits, vouches,
///         challenge periods, challenges with reasons, ERC-792 disputes with crowdfunded appeals,
///         renewal, revocation, reclaim, voucher penalties and the vouchallenger rules of policy
///         v1 (HIP-58), enforced from the registry's own records. A registered humanity's leaf
///         Poseidon(commitment, nullifierCommitment, attributes) is in the humanity set, inserted
///         by this contract as the registrar of its issuer (kind `registry`), so registry humans
///         prove personhood anonymously.
///
///         Each humanity keeps one nullifier commitment N for life: the first claim (or seed, or
///         arrival) of a humanity ID sets it; a renewal may rotate the authenticator commitment
///         but must present the same N; a reclaim after revocation or expiry must present it too,
///         so a human removed for misuse cannot come back with fresh nullifiers. A human who lost
///         the nullifier key cannot reclaim their ID until escrowed recovery exists
///         (docs/registry.md#the-nullifier-commitment).
///
///         Invariants: a humanity has a leaf in the set exactly while it has an owner, and its
///         attributes' expiresAt is its expiration; a wallet owns at most one humanity; the
///         balance equals what is withdrawable plus the open request deposits plus the open
///         appeal-round pots (see `pots`).
///
///         Leaf updates and removals need the leaf's LeanIMT siblings, which the contract does
///         not store: every call that changes a leaf takes them (the SDK computes them from the
///         set's events). A ruling from the arbitrator (`rule`) therefore only records the
///         outcome; `executeRequest` and `processVouches` apply it to the set.
///
///         The code is split by concern into the abstract contracts of `base/` (requests, vouches,
///         disputes and appeals, vouchallengers, cross-chain, funds, on the shared state of
///         RegistryStorage), with its types, errors and events in `interfaces/`; challenges,
///         appeal rounds and vouch counting run in the external libraries Challenges,
///         AppealRounds and Vouching (docs/registry.md#contracts). What requests are judged
///         under (arbitrator, deposits, durations, vouches, appeal stakes) is versioned: each
///         request keeps the terms it was opened with (docs/registry.md#governance).
contract HumanityRegistry is
    RegistryRequests,
    RegistryVouches,
    RegistryDisputes,
    RegistryCrossChain,
    RegistryFunds,
    Ownable2Step
{
    /// @param params_ the registry's parameters (see `Parameters`)
    constructor(Parameters memory params_) RegistryStorage(params_) Ownable(params_.governor) {}

    // ---------------------------------------------------------------- governance

    /// @notice Sets the policy document (a CID) that new requests are judged against, with its
    ///         ERC-1497 MetaEvidence for claims and renewals and for revocations.
    function setPolicy(string calldata policy_, string calldata registration, string calldata clearing)
        external
        onlyOwner
    {
        _setPolicy(policy_, registration, clearing);
    }

    /// @notice Sets the terms (arbitrator and its extra data, deposit, durations, vouch count,
    ///         appeal stakes) of requests opened from now on; open requests keep theirs.
    function setTerms(Terms calldata terms_) external onlyOwner {
        _setTerms(terms_);
    }

    /// @notice The terms of version `index` (the last is current; `request(id).terms` is a
    ///         request's).
    function terms(uint256 index) external view returns (Terms memory) {
        return _terms[index];
    }

    function termsCount() external view returns (uint256) {
        return _terms.length;
    }

    /// @notice Sets the cross-chain contract (HumanityGateway) that moves humanities between chains.
    function setCrossChain(address crossChain_) external onlyOwner {
        crossChain = crossChain_;
    }

    /// @notice Registers a humanity without a request: the genesis humans who vouch for the first
    ///         claimers. Governance is trusted here exactly as a PoH governor is.
    function seedHumanity(bytes20 humanityId, address owner_, uint256 commitment, uint256 nullifierCommitment)
        external
        onlyOwner
    {
        Humanity storage h = _humanities[humanityId];
        if (humanityId == 0) revert HumanityRegistry__InvalidHumanityId();
        if (h.owner != address(0)) revert HumanityRegistry__Claimed(humanityId);
        if (h.away) revert HumanityRegistry__NotHomeChain(humanityId);
        if (walletHumanity[owner_] != 0) revert HumanityRegistry__WalletBound(owner_, walletHumanity[owner_]);
        _checkKeys(humanityId, h, commitment, nullifierCommitment);
        _register(
            humanityId, h, owner_, commitment, nullifierCommitment, uint64(block.timestamp) + _currentTerms().lifespan, new uint256[](0)
        );
    }

    // ---------------------------------------------------------------- views

    /// @notice Whether the humanity has an owner and has not expired.
    function isClaimed(bytes20 humanityId) external view returns (bool) {
        return _isClaimed(_humanities[humanityId]);
    }

    /// @notice Whether `account` owns a claimed humanity (PoH v2).
    function isHuman(address account) public view returns (bool) {
        bytes20 humanityId = walletHumanity[account];
        Humanity storage h = _humanities[humanityId];
        return humanityId != 0 && h.owner == account && _isClaimed(h);
    }

    /// @notice PoH v1's name for isHuman.
    function isRegistered(address account) external view returns (bool) {
        return isHuman(account);
    }

    /// @notice The humanity `account` owns and that has not expired, else 0 (PoH v2).
    function humanityOf(address account) external view returns (bytes20) {
        return isHuman(account) ? walletHumanity[account] : bytes20(0);
    }

    /// @notice The owner of a humanity that has not expired, else 0 (PoH v2).
    function boundTo(bytes20 humanityId) external view returns (address) {
        Humanity storage h = _humanities[humanityId];
        return block.timestamp < h.expirationTime ? h.owner : address(0);
    }

    /// @notice PoH v2's summary of a humanity; nbRequests counts its requests opened here.
    function getHumanityInfo(bytes20 humanityId)
        external
        view
        returns (
            bool vouching,
            bool pendingRevocation,
            uint48 nbPendingRequests,
            uint40 expirationTime,
            address owner,
            uint256 nbRequests
        )
    {
        Humanity storage h = _humanities[humanityId];
        return (h.vouching, h.pendingRevocation, h.pendingRequests, uint40(h.expirationTime), h.owner, h.requestCount);
    }

    /// @notice Humanity IDs that ever had a request here (PoH v2).
    function getHumanityCount() external view returns (uint256) {
        return humanityCount;
    }

    function humanity(bytes20 humanityId) external view returns (Humanity memory) {
        return _humanities[humanityId];
    }

    function request(uint256 requestId) external view returns (Request memory) {
        return _request(requestId);
    }

    function requestCount() external view returns (uint256) {
        return _requests.length;
    }

    function challenge(uint256 requestId, uint256 challengeIndex) external view returns (Challenge memory) {
        return _challenge(requestId, challengeIndex);
    }

    function policy(uint256 index) external view returns (string memory) {
        return _policies[index];
    }

    function policyCount() external view returns (uint256) {
        return _policies.length;
    }

    /// @notice An appeal round: paid per side, fee rewards, pot, the side funded alone.
    function round(uint256 requestId, uint256 challengeIndex, uint256 round_)
        external
        view
        returns (uint256[3] memory paid, uint256 feeRewards, uint256 pot, Party sideFunded)
    {
        AppealRounds.Round storage r = _rounds[requestId][challengeIndex][round_];
        return (r.paid, r.feeRewards, r.pot, r.sideFunded);
    }

    function contribution(uint256 requestId, uint256 challengeIndex, uint256 round_, address contributor)
        external
        view
        returns (uint256[3] memory)
    {
        return _rounds[requestId][challengeIndex][round_].contributions[contributor];
    }
}
