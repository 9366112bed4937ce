// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrator} from "./IArbitrator.sol";

/// @title IArbitrable (ERC-792)
/// @notice A contract whose disputes an arbitrator rules on.
interface IArbitrable {
    event Ruling(IArbitrator indexed arbitrator, uint256 indexed disputeID, uint256 ruling);

    /// @notice Called by the arbitrator with the final ruling.
    function rule(uint256 disputeID, uint256 ruling) external;
}
