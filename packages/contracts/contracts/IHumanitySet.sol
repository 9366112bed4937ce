// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The parts of a humanity-set leaf Poseidon(commitment, nullifierCommitment, attributes).
struct Member {
    /// The holder's authenticator commitment c (rotatable).
    uint256 commitment;
    /// The holder's nullifier commitment N (for life).
    uint256 nullifierCommitment;
    /// The packed attributes.
    uint256 attributes;
}

/// @title IHumanitySet
/// @notice Errors, events and views of the humanity set: a LeanIMT of leaves
///         Poseidon(commitment, nullifierCommitment, attributes) (docs/protocol.md#credentials).
interface IHumanitySet {
    /// @notice `account` is not a registrar of the issuer and kind packed in the attributes.
    error HumanitySet__NotRegistrar(address account, uint256 issuerId, uint256 kind);
    /// @notice The attributes use bits outside their 104-bit layout.
    error HumanitySet__InvalidAttributes(uint256 attributes);
    /// @notice The attributes' country is above 999: ISO 3166-1 numeric codes have three digits
    ///         (0 means "not recorded"), as every TypeScript layer requires.
    error HumanitySet__InvalidCountry(uint256 country);
    /// @notice The commitment is zero or not a field element.
    error HumanitySet__InvalidCommitment(uint256 commitment);
    /// @notice The nullifier commitment is zero or not a field element.
    error HumanitySet__InvalidNullifierCommitment(uint256 nullifierCommitment);
    /// @notice An update tried to change a member's nullifier commitment, which would give the
    ///         human new nullifiers in every scope.
    error HumanitySet__NullifierCommitmentChanged(uint256 nullifierCommitment, uint256 attempted);

    /// @notice A member was inserted. Replaying MemberAdded, MemberUpdated and MemberRemoved
    ///         in order rebuilds the tree off-chain.
    event MemberAdded(
        uint256 indexed index, uint256 leaf, uint256 commitment, uint256 nullifierCommitment, uint256 attributes, uint256 root
    );
    /// @notice A member's leaf was replaced (rotation, recovery, renewal); N is the old leaf's.
    event MemberUpdated(
        uint256 indexed index,
        uint256 oldLeaf,
        uint256 leaf,
        uint256 commitment,
        uint256 nullifierCommitment,
        uint256 attributes,
        uint256 root
    );
    /// @notice A member's leaf was set to 0 (revocation).
    event MemberRemoved(uint256 indexed index, uint256 oldLeaf, uint256 root);

    /// @notice The current root (0 while the set is empty).
    function root() external view returns (uint256);

    /// @notice Whether `root` is the current root or was superseded less than the validity
    ///         window ago, so proofs made against a slightly old root still verify.
    function isValidRoot(uint256 root) external view returns (bool);
}
