// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IHumanityRegistry} from "../registry/interfaces/IHumanityRegistry.sol";
import {IRegistryCrossChain} from "../registry/interfaces/IRegistryCrossChain.sol";
import {IBridge, IBridgeReceiver} from "./IBridge.sol";

/// @title HumanityGateway
/// @notice Moves registry humanities between chains and mirrors them (PoH v2's cross-chain
///         proxy). `transferHumanity` takes the caller's humanity off this chain, its home, and
///         sends it to the gateway of another chain, which makes that chain its home;
///         `updateHumanity` mirrors a humanity's current state to another chain, where it can
///         prove personhood but not be renewed or revoked. Messages are replay-proof: each is
///         identified by (source chain, source gateway, destination chain, nonce, payload),
///         recorded once, and applied once.
///
///         Each humanity's messages form one sequence across chains: its home chain numbers
///         every update and transfer it sends about it (`sequence`), a transfer carries the
///         number to the new home, which goes on from there, and a chain applies a message only
///         if its number is above the last it sent or applied for that humanity (else `Stale`).
///         So an update sent before a transfer can never be applied after it. Only the home
///         chain sends updates, and the registry applies a mirror only over a record that is
///         away or never seen, never over a live or home one (docs/registry.md#home-chain).
///
///         Arrivals are applied in a second step (`applyMessage`, by anyone) because changing a
///         leaf needs its LeanIMT siblings, which a bridge message cannot know in advance. A
///         transfer that cannot apply here (`blocked`) is sent back (`bounceMessage`), so a
///         humanity is never left away from both chains.
contract HumanityGateway is IBridgeReceiver, Ownable2Step {
    struct Arrival {
        uint256 fromChainId;
        uint256 nonce;
        /// The message's place in the humanity's sequence.
        uint256 sequence;
        bytes20 humanityId;
        address owner;
        uint64 expirationTime;
        bool transfer;
        /// A transfer sent back by a bounce: never bounced again (it waits here until it can apply).
        bool returning;
        bool applied;
        uint256 commitment;
        uint256 nullifierCommitment;
        /// A transfer's standing (vouchallenger counts, report, inadmissibility); empty for a mirror.
        IHumanityRegistry.Standing standing;
    }

    error HumanityGateway__NoPeer(uint256 chainId);
    error HumanityGateway__NotOwner(address account);
    /// Only a humanity whose home is this chain (known here and not away) is mirrored from it.
    error HumanityGateway__NotHome(bytes20 humanityId);
    error HumanityGateway__NotBridge(address account);
    error HumanityGateway__UnknownSender(uint256 fromChainId, address from);
    error HumanityGateway__Replayed(bytes32 messageId);
    error HumanityGateway__UnknownMessage(bytes32 messageId);
    error HumanityGateway__Applied(bytes32 messageId);
    error HumanityGateway__Stale(bytes32 messageId);
    /// A humanity that arrived here less than `transferCooldown` ago may not leave before `until`.
    error HumanityGateway__TransferCooldown(bytes20 humanityId, uint256 until);
    /// Only a received transfer that cannot apply here may be bounced.
    error HumanityGateway__NotBlocked(bytes32 messageId);

    event PeerSet(uint256 indexed chainId, address gateway);
    event TransferCooldownSet(uint256 cooldown);
    event MessageSent(bytes32 indexed messageId, uint256 indexed toChainId, bytes20 indexed humanityId, bool transfer);
    event MessageReceived(bytes32 indexed messageId, uint256 indexed fromChainId, bytes20 indexed humanityId, bool transfer);
    event MessageApplied(bytes32 indexed messageId);
    event MessageBounced(bytes32 indexed messageId, bytes32 indexed returnId);

    /// Message kinds: a mirror update, a transfer, and a transfer sent back by a bounce.
    uint8 internal constant KIND_MIRROR = 0;
    uint8 internal constant KIND_TRANSFER = 1;
    uint8 internal constant KIND_RETURN = 2;

    IRegistryCrossChain public immutable registry;
    IBridge public immutable bridge;
    /// @notice The gateway on each other chain.
    mapping(uint256 chainId => address) public peers;
    /// @notice Messages sent from here (the next nonce).
    uint256 public nonce;
    mapping(bytes32 messageId => Arrival) internal _arrivals;
    /// @notice Seconds a humanity that arrived here waits before it may be transferred again
    ///         (PoH v2's transferCooldown): hopping chains cannot outrun a revocation or a report.
    uint256 public transferCooldown;
    /// @notice When a transfer of the humanity last arrived here (0: never).
    mapping(bytes20 humanityId => uint256) public lastTransferTime;
    /// @notice The number of the last message about a humanity sent from or applied here.
    mapping(bytes20 humanityId => uint256) public sequence;

    constructor(IRegistryCrossChain registry_, IBridge bridge_, address owner_) Ownable(owner_) {
        registry = registry_;
        bridge = bridge_;
    }

    /// @notice Sets the gateway of another chain (governance).
    function setPeer(uint256 chainId, address gateway) external onlyOwner {
        peers[chainId] = gateway;
        emit PeerSet(chainId, gateway);
    }

    /// @notice Sets the transfer cooldown (governance).
    function setTransferCooldown(uint256 cooldown) external onlyOwner {
        transferCooldown = cooldown;
        emit TransferCooldownSet(cooldown);
    }

    /// @notice Moves the caller's humanity to chain `toChainId`, once the transfer cooldown since
    ///         it last arrived here has passed.
    /// @param siblings its leaf's LeanIMT siblings in this chain's humanity set
    function transferHumanity(uint256 toChainId, uint256[] calldata siblings) external returns (bytes32 messageId) {
        bytes20 humanityId = registry.walletHumanity(msg.sender);
        IHumanityRegistry.Humanity memory h = registry.humanity(humanityId);
        if (humanityId == 0 || h.owner != msg.sender) revert HumanityGateway__NotOwner(msg.sender);
        uint256 arrived = lastTransferTime[humanityId];
        if (arrived != 0 && block.timestamp < arrived + transferCooldown) {
            revert HumanityGateway__TransferCooldown(humanityId, arrived + transferCooldown);
        }
        registry.ccDischargeHumanity(humanityId, siblings);
        IHumanityRegistry.Standing memory standing = IHumanityRegistry.Standing(
            h.inadmissibleUntil, h.reportedAt, h.vouches, h.vouchallenges, h.vouchallengesSinceRemoval, h.timesRemoved
        );
        return _send(
            toChainId, humanityId, h.owner, h.expirationTime, h.commitment, h.nullifierCommitment, KIND_TRANSFER, standing
        );
    }

    /// @notice Mirrors a humanity whose home is this chain to chain `toChainId` (anyone may):
    ///         its owner, expiry and commitments, or its absence when it is not claimed. A
    ///         humanity ID never claimed here, or away, is refused: its home is elsewhere.
    function updateHumanity(uint256 toChainId, bytes20 humanityId) external returns (bytes32 messageId) {
        IHumanityRegistry.Humanity memory h = registry.humanity(humanityId);
        if (h.away || h.nullifierCommitment == 0) revert HumanityGateway__NotHome(humanityId);
        bool claimed = registry.isClaimed(humanityId);
        return _send(
            toChainId,
            humanityId,
            claimed ? h.owner : address(0),
            claimed ? h.expirationTime : 0,
            claimed ? h.commitment : 0,
            claimed ? h.nullifierCommitment : 0,
            KIND_MIRROR,
            IHumanityRegistry.Standing(0, 0, 0, 0, 0, 0)
        );
    }

    /// @inheritdoc IBridgeReceiver
    function receiveMessage(uint256 fromChainId, address from, bytes calldata data) external {
        if (msg.sender != address(bridge)) revert HumanityGateway__NotBridge(msg.sender);
        if (from == address(0) || peers[fromChainId] != from) revert HumanityGateway__UnknownSender(fromChainId, from);
        bytes32 messageId = keccak256(abi.encode(fromChainId, from, block.chainid, data));
        if (_arrivals[messageId].fromChainId != 0) revert HumanityGateway__Replayed(messageId);
        (
            uint256 sentNonce,
            uint256 sentSequence,
            bytes20 humanityId,
            address owner_,
            uint64 expirationTime,
            uint256 commitment,
            uint256 nullifierCommitment,
            uint8 kind,
            IHumanityRegistry.Standing memory standing
        ) = abi.decode(data, (uint256, uint256, bytes20, address, uint64, uint256, uint256, uint8, IHumanityRegistry.Standing));
        _arrivals[messageId] = Arrival({
            fromChainId: fromChainId,
            nonce: sentNonce,
            sequence: sentSequence,
            humanityId: humanityId,
            owner: owner_,
            expirationTime: expirationTime,
            transfer: kind != KIND_MIRROR,
            returning: kind == KIND_RETURN,
            applied: false,
            commitment: commitment,
            nullifierCommitment: nullifierCommitment,
            standing: standing
        });
        emit MessageReceived(messageId, fromChainId, humanityId, kind != KIND_MIRROR);
    }

    /// @notice Applies a received message to the registry (anyone may).
    /// @param siblings the humanity's current leaf siblings here, if it has a leaf
    function applyMessage(bytes32 messageId, uint256[] calldata siblings) external {
        Arrival storage a = _arrivals[messageId];
        if (a.fromChainId == 0) revert HumanityGateway__UnknownMessage(messageId);
        if (a.applied) revert HumanityGateway__Applied(messageId);
        a.applied = true;
        if (a.sequence <= sequence[a.humanityId]) revert HumanityGateway__Stale(messageId);
        sequence[a.humanityId] = a.sequence;
        if (a.transfer) lastTransferTime[a.humanityId] = block.timestamp;
        registry.ccSetHumanity(
            a.humanityId, a.owner, a.expirationTime, a.commitment, a.nullifierCommitment, a.transfer, a.standing, siblings
        );
        emit MessageApplied(messageId);
    }

    /// @notice Whether a received, unapplied message cannot apply here. A transfer cannot when
    ///         the humanity is registered or claimed on this chain, its ID keeps another
    ///         nullifier commitment here, or its owner's wallet owns another humanity here; a
    ///         mirror cannot for the same reasons or when the humanity's home is this chain
    ///         (a mirror of an absent humanity never conflicts). A blocked transfer is bounced,
    ///         a blocked mirror left unapplied.
    function blocked(bytes32 messageId) public view returns (bool) {
        Arrival storage a = _arrivals[messageId];
        if (a.fromChainId == 0 || a.applied) return false;
        IHumanityRegistry.Humanity memory h = registry.humanity(a.humanityId);
        bool home = !a.transfer && h.nullifierCommitment != 0;
        if (!h.away && (h.owner != address(0) || h.pendingRequests != 0 || home)) return true;
        if (a.owner == address(0)) return false;
        // The ID keeps another human's N here (claimed here once, then removed).
        if (h.nullifierCommitment != 0 && h.nullifierCommitment != a.nullifierCommitment) return true;
        bytes20 bound = registry.walletHumanity(a.owner);
        return bound != 0 && bound != a.humanityId && registry.humanity(bound).owner == a.owner;
    }

    /// @notice Sends a blocked transfer back to its source chain (anyone may), whose gateway
    ///         makes that chain the humanity's home again, with the same owner, expiry and leaf.
    ///         Without it the humanity would stay away from both chains. The return goes on
    ///         from the transfer's number in the humanity's sequence. A return is never bounced
    ///         again (two chains would pass it back and forth): blocked at its old home, where its
    ///         owner's wallet took another humanity meanwhile, it waits until that wallet is free.
    function bounceMessage(bytes32 messageId) external returns (bytes32 returnId) {
        Arrival storage a = _arrivals[messageId];
        if (!a.transfer || a.returning || !blocked(messageId)) revert HumanityGateway__NotBlocked(messageId);
        a.applied = true;
        if (sequence[a.humanityId] < a.sequence) sequence[a.humanityId] = a.sequence;
        returnId = _send(
            a.fromChainId,
            a.humanityId,
            a.owner,
            a.expirationTime,
            a.commitment,
            a.nullifierCommitment,
            KIND_RETURN,
            a.standing
        );
        emit MessageBounced(messageId, returnId);
    }

    /// @notice A received message.
    function arrival(bytes32 messageId) external view returns (Arrival memory) {
        return _arrivals[messageId];
    }

    function _send(
        uint256 toChainId,
        bytes20 humanityId,
        address owner_,
        uint64 expirationTime,
        uint256 commitment,
        uint256 nullifierCommitment,
        uint8 kind,
        IHumanityRegistry.Standing memory standing
    ) internal returns (bytes32 messageId) {
        address peer = peers[toChainId];
        if (peer == address(0)) revert HumanityGateway__NoPeer(toChainId);
        bytes memory data = abi.encode(
                        nonce++,
            ++sequence[humanityId],
            humanityId,
            owner_,
            expirationTime,
            commitment,
            nullifierCommitment,
            kind,
            standing
        );
        messageId = keccak256(abi.encode(block.chainid, address(this), toChainId, data));
        bridge.sendMessage(toChainId, peer, data);
        emit MessageSent(messageId, toChainId, humanityId, kind != KIND_MIRROR);
    }
}
