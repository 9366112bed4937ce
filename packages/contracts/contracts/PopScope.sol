// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PopScope
/// @notice Scopes bound to their app (docs/architecture.md, decision 10), computed as the
///         TypeScript library's scope.ts computes them: field elements keccak256(bytes) >> 8.
///         An on-chain consumer's app id comes from (chain id, consumer address), so a proof made
///         for one consumer or chain cannot be used at another.
library PopScope {
    /// @notice The app id of a consumer contract on a chain.
    /// @param chainId the chain (block.chainid)
    /// @param consumer the consumer contract
    /// @return the app id: hashToField("pop.app.contract" ‖ chainId ‖ consumer)
    function contractAppId(uint256 chainId, address consumer) internal pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked("pop.app.contract", chainId, consumer))) >> 8;
    }

    /// @notice The scope of an action in an app.
    /// @param appId the app id
    /// @param action hashToField of the action's text
    /// @return the scope: hashToField(appId ‖ action)
    function scopeOf(uint256 appId, uint256 action) internal pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(appId, action))) >> 8;
    }
}
