// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPersonhoodVerifier, PersonhoodProof} from "../IPersonhoodVerifier.sol";

/// @title ActionConsumer
/// @notice A test consumer: accepts one action per human through the personhood verifier, as
///         a poll or an airdrop would. Two deployments are two apps with two scopes.
contract ActionConsumer {
    /// @notice The verifier that checks proofs and consumes nullifiers.
    IPersonhoodVerifier public immutable verifier;
    /// @notice hashToField of the action's text.
    uint256 public immutable action;

    /// @notice An action was taken by a human (the nullifier) with a message.
    event Acted(uint256 indexed nullifier, uint256 scope, uint256 message);

    constructor(IPersonhoodVerifier verifier_, uint256 action_) {
        verifier = verifier_;
        action = action_;
    }

    /// @notice Takes the action once per human.
    function act(PersonhoodProof calldata proof, uint256 message) external {
        uint256 scope = verifier.verifyAndConsume(proof, action, message);
        emit Acted(proof.nullifier, scope, message);
    }
}
