// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBridge, IBridgeReceiver} from "./IBridge.sol";

/// @title LocalBridge
/// @notice A bridge between local chains for self-hosting and tests: `sendMessage` emits the
///         message, and the relayer (a trusted operator, as an AMB's validators are) delivers it
///         on the other chain's LocalBridge. Each (source chain, nonce) is delivered at most once.
contract LocalBridge is IBridge {
    error LocalBridge__NotRelayer(address account);
    error LocalBridge__Delivered(uint256 fromChainId, uint256 nonce);

    event MessageSent(uint256 indexed nonce, uint256 indexed toChainId, address from, address to, bytes data);
    event MessageDelivered(uint256 indexed fromChainId, uint256 indexed nonce, address to);

    /// @notice The account allowed to deliver messages.
    address public immutable relayer;
    /// @notice Messages sent so far (the next nonce).
    uint256 public sent;
    /// @notice Whether the message `nonce` from `fromChainId` was delivered here.
    mapping(uint256 fromChainId => mapping(uint256 nonce => bool)) public delivered;

    constructor(address relayer_) {
        relayer = relayer_;
    }

    /// @inheritdoc IBridge
    function sendMessage(uint256 toChainId, address to, bytes calldata data) external returns (uint256 nonce) {
        nonce = sent++;
        emit MessageSent(nonce, toChainId, msg.sender, to, data);
    }

    /// @notice Delivers a message sent on chain `fromChainId` by `from` to `to` here.
    function deliver(uint256 fromChainId, uint256 nonce, address from, address to, bytes calldata data) external {
        if (msg.sender != relayer) revert LocalBridge__NotRelayer(msg.sender);
        if (delivered[fromChainId][nonce]) revert LocalBridge__Delivered(fromChainId, nonce);
        delivered[fromChainId][nonce] = true;
        emit MessageDelivered(fromChainId, nonce, to);
        IBridgeReceiver(to).receiveMessage(fromChainId, from, data);
    }
}
