// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IIssuerRegistry
/// @notice Errors, events and views of the pop issuer registry: the issuers that may attest
///         humans (docs/protocol.md#credentials) and the issuer-set root the personhood circuit checks.
interface IIssuerRegistry {
    /// @notice The issuer id is outside 0..1023 (the issuer-set bitmap has 1024 slots).
    error IssuerRegistry__InvalidIssuerId(uint256 issuerId);
    /// @notice The id is already used; a revoked id is never reused.
    error IssuerRegistry__IssuerIdTaken(uint256 issuerId);
    /// @notice The issuer is not active.
    error IssuerRegistry__IssuerNotActive(uint256 issuerId);
    /// @notice The kinds bitmask allows no known kind (bit 1 registry, 2 biometric, 3 kyc).
    error IssuerRegistry__InvalidKinds(uint8 kinds);

    /// @notice An issuer was added as active.
    event IssuerAdded(uint256 indexed issuerId, uint8 kinds, uint256[2] publicKey, uint256 issuerRoot);
    /// @notice An issuer was revoked: its bit is cleared and every leaf it issued stops verifying.
    event IssuerRevoked(uint256 indexed issuerId, uint256 issuerRoot);
    /// @notice A registrar was allowed or disallowed to insert leaves for an issuer.
    event RegistrarSet(uint256 indexed issuerId, address indexed registrar, bool allowed);

    /// @notice The current issuer-set root of the active-issuer bitmap (see IssuerRegistry).
    function issuerRoot() external view returns (uint256);

    /// @notice Whether proofs may use `root`: the current root, or one superseded by an added
    ///         issuer less than `rootValidity` seconds ago (proofs in flight keep verifying). A
    ///         revocation ends every older root at once.
    function isValidIssuerRoot(uint256 root) external view returns (bool);

    /// @notice Whether `account` may insert, update or remove leaves of `kind` for `issuerId`.
    function isRegistrar(uint256 issuerId, uint256 kind, address account) external view returns (bool);
}
