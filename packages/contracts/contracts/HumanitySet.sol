// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {PoseidonT4} from "poseidon-solidity/PoseidonT4.sol";
import {IHumanitySet, Member} from "./IHumanitySet.sol";
import {IIssuerRegistry} from "./IIssuerRegistry.sol";

/// @title HumanitySet
/// @notice The humanity set, version 2. The contract computes each leaf
///         Poseidon(commitment, nullifierCommitment, attributes) itself and accepts it only from
///         a registrar of the issuer and kind packed in the attributes, so membership is the
///         attestation. An update may change the authenticator commitment and the attributes,
///         never the nullifier commitment N: the human's nullifiers come from N's key and stay
///         theirs for life (docs/architecture.md, decisions 1 and 2). Superseded roots stay valid
///         for `rootValidity` seconds (World ID keeps them for one hour).
contract HumanitySet is IHumanitySet {
    using InternalLeanIMT for LeanIMTData;

    /// @notice Where issuers and their registrars are recorded.
    IIssuerRegistry public immutable issuers;
    /// @notice Seconds a superseded root stays valid.
    uint256 public immutable rootValidity;

    /// @dev The largest country code: ISO 3166-1 numeric codes have three digits. The circuit
    ///      bounds its 10-bit country field the same way.
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
    /// @param commitment the holder's authenticator commitment c
    /// @param nullifierCommitment the holder's nullifier commitment N = Poseidon(n)
    /// @param attributes packed attributes (issuerId | kind << 10 | country << 14 | issuedAt << 24 | expiresAt << 64)
    /// @return leaf the inserted leaf
    function addMember(uint256 commitment, uint256 nullifierCommitment, uint256 attributes)
        external
        returns (uint256 leaf)
    {
        leaf = _authorisedLeaf(Member(commitment, nullifierCommitment, attributes));
        uint256 oldRoot = _tree._root();
        uint256 newRoot = _tree._insert(leaf);
        _supersede(oldRoot);
        emit MemberAdded(_tree.size - 1, leaf, commitment, nullifierCommitment, attributes, newRoot);
    }

    /// @notice Replaces a member's leaf (authenticator rotation, recovery, renewal); the
    ///         registrar must be authorised for both the old and the new attributes, and the
    ///         nullifier commitment must stay the same.
    /// @param from the current leaf's parts
    /// @param to the new leaf's parts
    /// @param siblings the current leaf's LeanIMT proof siblings
    /// @return leaf the new leaf
    function updateMember(Member calldata from, Member calldata to, uint256[] calldata siblings)
        external
        returns (uint256 leaf)
    {
        if (to.nullifierCommitment != from.nullifierCommitment) {
            revert HumanitySet__NullifierCommitmentChanged(from.nullifierCommitment, to.nullifierCommitment);
        }
        uint256 oldLeaf = _authorisedLeaf(from);
        leaf = _authorisedLeaf(to);
        uint256 index = _tree._indexOf(oldLeaf);
        uint256 oldRoot = _tree._root();
        uint256 newRoot = _tree._update(oldLeaf, leaf, siblings);
        _supersede(oldRoot);
        emit MemberUpdated(index, oldLeaf, leaf, to.commitment, to.nullifierCommitment, to.attributes, newRoot);
    }

    /// @notice Removes a member (revocation): its leaf becomes 0.
    /// @param member the leaf's parts
    /// @param siblings the leaf's LeanIMT proof siblings
    function removeMember(Member calldata member, uint256[] calldata siblings) external {
        uint256 oldLeaf = _authorisedLeaf(member);
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

    function _authorisedLeaf(Member memory member) internal view returns (uint256) {
        (uint256 commitment, uint256 nullifierCommitment, uint256 attributes) =
            (member.commitment, member.nullifierCommitment, member.attributes);
        if (commitment == 0 || commitment >= SNARK_SCALAR_FIELD) revert HumanitySet__InvalidCommitment(commitment);
        if (nullifierCommitment == 0 || nullifierCommitment >= SNARK_SCALAR_FIELD) {
            revert HumanitySet__InvalidNullifierCommitment(nullifierCommitment);
        }
        if (attributes >> 104 != 0) revert HumanitySet__InvalidAttributes(attributes);
        uint256 country = (attributes >> 14) & 0x3ff;
        if (country > MAX_COUNTRY) revert HumanitySet__InvalidCountry(country);
        uint256 issuerId = attributes & 0x3ff;
        uint256 kind = (attributes >> 10) & 0xf;
        if (!issuers.isRegistrar(issuerId, kind, msg.sender)) {
            revert HumanitySet__NotRegistrar(msg.sender, issuerId, kind);
        }
        return PoseidonT4.hash([commitment, nullifierCommitment, attributes]);
    }

    function _supersede(uint256 oldRoot) internal {
        if (oldRoot != 0) _supersededAt[oldRoot] = block.timestamp;
    }
}
