// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHumanityRegistry} from "./IHumanityRegistry.sol";

/// @title IRegistryCrossChain
/// @notice What the cross-chain contract (HumanityGateway) reads and calls on the registry.
interface IRegistryCrossChain {
    function walletHumanity(address wallet) external view returns (bytes20);

    function humanity(bytes20 humanityId) external view returns (IHumanityRegistry.Humanity memory);

    function isClaimed(bytes20 humanityId) external view returns (bool);

    function ccDischargeHumanity(bytes20 humanityId, uint256[] calldata siblings) external;

    function ccSetHumanity(
        bytes20 humanityId,
        address owner_,
        uint64 expirationTime,
        uint256 commitment,
        uint256 nullifierCommitment,
        bool home,
        IHumanityRegistry.Standing calldata standing,
        uint256[] calldata siblings
    ) external;
}
