// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IBridge
/// @notice The message bridge a HumanityGateway sends through: an arbitrary-message bridge
///         (a rollup's native messenger or an AMB in production, LocalBridge between two local
///         chains). It must deliver each message at most once and name its true sender.
interface IBridge {
    /// @notice Sends `data` to `to` on chain `toChainId`; returns the message's nonce.
    function sendMessage(uint256 toChainId, address to, bytes calldata data) external returns (uint256 nonce);
}

/// @title IBridgeReceiver
/// @notice What a bridge calls on delivery.
interface IBridgeReceiver {
    /// @param fromChainId the chain the message was sent from
    /// @param from the contract that sent it there
    function receiveMessage(uint256 fromChainId, address from, bytes calldata data) external;
}
