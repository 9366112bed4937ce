// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrable} from "./IArbitrable.sol";

/// @title IArbitrator (ERC-792)
/// @notice An arbitrator gives rulings on disputes that arbitrable contracts create. The
///         registry takes any contract with this interface: a Kleros court in production, the
///         CommitteeArbitrator for self-hosting and local use.
interface IArbitrator {
    enum DisputeStatus {
        Waiting,
        Appealable,
        Solved
    }

    event DisputeCreation(uint256 indexed disputeID, IArbitrable indexed arbitrable);
    event AppealPossible(uint256 indexed disputeID, IArbitrable indexed arbitrable);
    event AppealDecision(uint256 indexed disputeID, IArbitrable indexed arbitrable);

    /// @notice Creates a dispute with rulings 0 (refuse to arbitrate) to `choices`; pays arbitrationCost.
    function createDispute(uint256 choices, bytes calldata extraData) external payable returns (uint256 disputeID);

    function arbitrationCost(bytes calldata extraData) external view returns (uint256 cost);

    /// @notice Appeals the current ruling during its appeal period; pays appealCost.
    function appeal(uint256 disputeID, bytes calldata extraData) external payable;

    function appealCost(uint256 disputeID, bytes calldata extraData) external view returns (uint256 cost);

    function appealPeriod(uint256 disputeID) external view returns (uint256 start, uint256 end);

    function disputeStatus(uint256 disputeID) external view returns (DisputeStatus status);

    function currentRuling(uint256 disputeID) external view returns (uint256 ruling);
}
