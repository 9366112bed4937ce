// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC5192
/// @notice Minimal soulbound NFTs (ERC-5192).
interface IERC5192 {
    /// @notice Emitted when a token becomes locked (here: at mint, forever).
    event Locked(uint256 tokenId);
    /// @notice Emitted when a token becomes unlocked (never here).
    event Unlocked(uint256 tokenId);

    /// @notice Whether the token is locked (always true here).
    function locked(uint256 tokenId) external view returns (bool);
}

/// @title IPersonhoodToken
/// @notice Errors and events of the personhood token.
interface IPersonhoodToken is IERC5192 {
    /// @notice Personhood tokens never move: transfers and approvals revert.
    error PersonhoodToken__Soulbound();
    /// @notice The proof does not disclose the credential kind, which the token records.
    error PersonhoodToken__KindNotDisclosed();
    /// @notice No such token.
    error PersonhoodToken__NoToken(uint256 tokenId);

    /// @notice A token was minted to `holder`, backed by a credential of `kind`.
    event PersonhoodMinted(address indexed holder, uint256 indexed tokenId, uint256 kind);

    /// @notice Only the token's holder refreshes it.
    error PersonhoodToken__NotHolder(uint256 tokenId);

    /// @notice A refresh must prove against the humanity set's current root: a removed human's
    ///         leaf is gone from it at once (the root window serves proofs in flight, not refreshes).
    error PersonhoodToken__NotCurrentRoot(uint256 merkleRoot);

    /// @notice A token's validity was set (at mint or by a refresh).
    event PersonhoodRefreshed(uint256 indexed tokenId, uint256 validUntil);

    /// @notice Whether the token's human proved personhood within the token's lifetime.
    function isValid(uint256 tokenId) external view returns (bool);
}
