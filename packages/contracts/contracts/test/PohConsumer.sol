// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Proof of Humanity v2's read interface, declared here from its published function
///         signatures (IProofOfHumanity.sol), and PoH v1's `isRegistered`: what an integrator
///         written against PoH compiles with.
interface IProofOfHumanity {
    function isClaimed(bytes20 _humanityId) external view returns (bool);

    function isHuman(address _address) external view returns (bool);

    function boundTo(bytes20 _humanityId) external view returns (address);

    function humanityOf(address _account) external view returns (bytes20 humanityId);

    function getHumanityInfo(bytes20 _humanityId)
        external
        view
        returns (
            bool vouching,
            bool pendingRevokal,
            uint48 nbPendingRequests,
            uint40 expirationTime,
            address owner,
            uint256 nbRequests
        );

    function getHumanityCount() external view returns (uint256);
}

interface IProofOfHumanityV1 {
    function isRegistered(address _submissionID) external view returns (bool);
}

/// @title PohConsumer
/// @notice A test integrator of Proof of Humanity: it gates an action on `isHuman`, once per
///         humanity, and reads everything else PoH v2 publishes. Pointed at pop's registry, it
///         must work unchanged.
contract PohConsumer {
    IProofOfHumanity public immutable poh;
    mapping(bytes20 humanityId => bool) public acted;

    error PohConsumer__NotHuman(address account);
    error PohConsumer__Acted(bytes20 humanityId);

    constructor(IProofOfHumanity poh_) {
        poh = poh_;
    }

    /// @notice Acts once per registered humanity.
    function act() external {
        if (!poh.isHuman(msg.sender)) revert PohConsumer__NotHuman(msg.sender);
        bytes20 humanityId = poh.humanityOf(msg.sender);
        if (acted[humanityId]) revert PohConsumer__Acted(humanityId);
        acted[humanityId] = true;
    }

    /// @notice Everything the PoH interfaces say about an account and a humanity.
    function read(address account, bytes20 humanityId)
        external
        view
        returns (
            bool human,
            bool registered,
            bytes20 humanityOfAccount,
            bool claimed,
            address bound,
            uint256 count
        )
    {
        return (
            poh.isHuman(account),
            IProofOfHumanityV1(address(poh)).isRegistered(account),
            poh.humanityOf(account),
            poh.isClaimed(humanityId),
            poh.boundTo(humanityId),
            poh.getHumanityCount()
        );
    }

    /// @notice PoH v2's getHumanityInfo, passed through.
    function info(bytes20 humanityId)
        external
        view
        returns (bool, bool, uint48, uint40, address, uint256)
    {
        return poh.getHumanityInfo(humanityId);
    }
}
