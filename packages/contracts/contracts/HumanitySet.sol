// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {IHumanitySet} from "./IHumanitySet.sol";
import {IIssuerRegistry} from "./IIssuerRegistry.sol";

/// @title HumanitySet
/// @notice The humanity set. The contract computes each leaf Poseidon(commitment, attributes)
///         itself and accepts it only from a registrar of the issuer and kind packed in the
///         attributes, so membership is the attestation. Superseded roots stay valid for
///         `rootValidity` seconds (World ID keeps them for one hour).
contract HumanitySet is IHumanitySet {
    using InternalLeanIMT for LeanIMTData;

    /// @notice Where issuers and their registrars are recorded.
    IIssuerRegistry public immutable issuers;
    /// @notice Seconds a superseded root stays valid.
    uint256 public immutable rootValidity;

    /// @dev The largest country code: ISO 3166-1 numeric codes have three digits. The circuit's
    ///      country field holds 10 bits (up to 1023), so this contract is where 1000-1023 stop.
    uint256 internal constant MAX_COUNTRY = 999;

    LeanIMTData internal _tree;
    mapping(uint256 root => uint256 supersededAt) internal _supersededAt;

    /// @param issuers_ the issuer registry
    /// @param rootValidity_ seconds a superseded root stays valid
    constructor(IIssuerRegistry issuers_, uint256 rootValidity_) {
        issuers = issuers_;
        rootValidity = rootValidity_;
    }

    /// @notice Inserts the leaf of a credential.
    /// @param commitment the holder's identity commitment
    /// @param attributes packed attributes (issuerId | kind << 10 | country << 14 | issuedAt << 24 | expiresAt << 64)
    /// @return leaf the inserted leaf
    function addMember(uint256 commitment, uint256 attributes) external returns (uint256 leaf) {
        leaf = _authorisedLeaf(commitment, attributes);
        uint256 oldRoot = _tree._root();
        uint256 newRoot = _tree._insert(leaf);
        _supersede(oldRoot);
        emit MemberAdded(_tree.size - 1, leaf, commitment, attributes, newRoot);
    }

    /// @notice Replaces a member's leaf (key recovery, renewal); the registrar must be
    ///         authorised for both the old and the new attributes.
    /// @param oldCommitment the current leaf's commitment
    /// @param oldAttributes the current leaf's attributes
    /// @param commitment the new commitment
    /// @param attributes the new attributes
    /// @param siblings the current leaf's LeanIMT proof siblings
    function updateMember(
        uint256 oldCommitment,
        uint256 oldAttributes,
        uint256 commitment,
        uint256 attributes,
        uint256[] calldata siblings
    ) external returns (uint256 leaf) {
        uint256 oldLeaf = _authorisedLeaf(oldCommitment, oldAttributes);
        leaf = _authorisedLeaf(commitment, attributes);
        uint256 index = _tree._indexOf(oldLeaf);
        uint256 oldRoot = _tree._root();
        uint256 newRoot = _tree._update(oldLeaf, leaf, siblings);
        _supersede(oldRoot);
        emit MemberUpdated(index, oldLeaf, leaf, commitment, attributes, newRoot);
    }

    /// @notice Removes a member (revocation): its leaf becomes 0.
    /// @param commitment the leaf's commitment
    /// @param attributes the leaf's attributes
    /// @param siblings the leaf's LeanIMT proof siblings
    function removeMember(uint256 commitment, uint256 attributes, uint256[] calldata siblings) external {
        uint256 oldLeaf = _authorisedLeaf(commitment, attributes);
        uint256 index = _tree._indexOf(oldLeaf);
        uint256 oldRoot = _tree._root();
        uint256 newRoot = _tree._remove(oldLeaf, siblings);
        _supersede(oldRoot);
        emit MemberRemoved(index, oldLeaf, newRoot);
    }

    /// @inheritdoc IHumanitySet
    function root() external view returns (uint256) {
        return _tree._root();
    }

    /// @notice The number of leaves ever inserted (removed ones included, as zeros).
    function size() external view returns (uint256) {
        return _tree.size;
    }

    /// @notice The tree's depth.
    function depth() external view returns (uint256) {
        return _tree.depth;
    }

    /// @notice Whether `leaf` is in the set.
    function hasLeaf(uint256 leaf) external view returns (bool) {
        return _tree._has(leaf);
    }

    /// @inheritdoc IHumanitySet
    function isValidRoot(uint256 root_) external view returns (bool) {
        if (root_ == 0) return false;
        if (root_ == _tree._root()) return true;
        uint256 supersededAt = _supersededAt[root_];
        return supersededAt != 0 && block.timestamp <= supersededAt + rootValidity;
    }

    function _authorisedLeaf(uint256 commitment, uint256 attributes) internal view returns (uint256) {
        if (commitment == 0 || commitment >= SNARK_SCALAR_FIELD) revert HumanitySet__InvalidCommitment(commitment);
        if (attributes >> 104 != 0) revert HumanitySet__InvalidAttributes(attributes);
        uint256 country = (attributes >> 14) & 0x3ff;
        if (country > MAX_COUNTRY) revert HumanitySet__InvalidCountry(country);
        uint256 issuerId = attributes & 0x3ff;
        uint256 kind = (attributes >> 10) & 0xf;
        if (!issuers.isRegistrar(issuerId, kind, msg.sender)) {
            revert HumanitySet__NotRegistrar(msg.sender, issuerId, kind);
        }
        return PoseidonT3.hash([commitment, attributes]);
    }

    function _supersede(uint256 oldRoot) internal {
        if (oldRoot != 0) _supersededAt[oldRoot] = block.timestamp;
    }
}
