// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrable} from "../arbitration/IArbitrable.sol";
import {IArbitrator} from "../arbitration/IArbitrator.sol";

/// @title RulingRecorder
/// @notice Test support: an arbitrable contract that opens disputes and records the rulings
///         its arbitrator gives, so the arbitrator can be tested before the registry uses it.
contract RulingRecorder is IArbitrable {
    error RulingRecorder__NotArbitrator(address caller);

    IArbitrator public immutable arbitrator;
    mapping(uint256 disputeID => uint256) public rulings;
    mapping(uint256 disputeID => bool) public ruled;

    constructor(IArbitrator arbitrator_) {
        arbitrator = arbitrator_;
    }

    /// @notice Opens a dispute, forwarding the arbitration fee sent with the call.
    function open(uint256 choices) external payable returns (uint256) {
        return arbitrator.createDispute{value: msg.value}(choices, "");
    }

    /// @inheritdoc IArbitrable
    function rule(uint256 disputeID, uint256 ruling) external {
        if (msg.sender != address(arbitrator)) revert RulingRecorder__NotArbitrator(msg.sender);
        rulings[disputeID] = ruling;
        ruled[disputeID] = true;
        emit Ruling(arbitrator, disputeID, ruling);
    }
}
