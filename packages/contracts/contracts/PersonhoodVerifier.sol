// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHumanitySet} from "./IHumanitySet.sol";
import {IIssuerRegistry} from "./IIssuerRegistry.sol";
import {IPersonhoodVerifier, PersonhoodProof} from "./IPersonhoodVerifier.sol";
import {PopScope} from "./PopScope.sol";
import {PersonhoodGroth16Verifier20} from "./generated/PersonhoodGroth16Verifier20.sol";
import {PersonhoodGroth16Verifier32} from "./generated/PersonhoodGroth16Verifier32.sol";

/// @title PersonhoodVerifier
/// @notice Verifies personhood proofs on chain: the Groth16 verifiers generated from pop's
///         zkeys plus the checks around them (root known and not expired, issuer root
///         current, proof time near block.timestamp, public inputs in the field). Scope and
///         message are field elements made as the TypeScript library makes them:
///         keccak256(bytes) >> 8 (see hashToField).
/// @dev verifyAndConsume derives the scope from (block.chainid, msg.sender) and the action
///      (docs/architecture.md, decision 10): a proof seen in the mempool is useless at another
///      consumer or chain, so no contract can burn another's nullifiers, and nullifiers of one
///      human do not link across apps.
contract PersonhoodVerifier is IPersonhoodVerifier {
    uint256 internal constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice The humanity set whose roots proofs must use.
    IHumanitySet public immutable humanitySet;
    /// @notice The issuer registry whose current root proofs must use.
    IIssuerRegistry public immutable issuers;
    /// @notice Oldest proof time accepted, in seconds before block.timestamp.
    uint256 public immutable maxProofAge;
    /// @notice Largest proof time accepted, in seconds after block.timestamp.
    uint256 public immutable maxFutureSkew;

    PersonhoodGroth16Verifier20 internal immutable _verifier20;
    PersonhoodGroth16Verifier32 internal immutable _verifier32;

    /// @notice scope => nullifier => used (a scope names its consumer and chain).
    mapping(uint256 => mapping(uint256 => bool)) public nullifierUsed;

    constructor(IHumanitySet humanitySet_, IIssuerRegistry issuers_, uint256 maxProofAge_, uint256 maxFutureSkew_) {
        humanitySet = humanitySet_;
        issuers = issuers_;
        maxProofAge = maxProofAge_;
        maxFutureSkew = maxFutureSkew_;
        _verifier20 = new PersonhoodGroth16Verifier20();
        _verifier32 = new PersonhoodGroth16Verifier32();
    }

    /// @notice Maps bytes to a field element as the TypeScript library does: keccak256 >> 8.
    function hashToField(bytes memory data) public pure returns (uint256) {
        return uint256(keccak256(data)) >> 8;
    }

    /// @inheritdoc IPersonhoodVerifier
    function verify(PersonhoodProof calldata proof, uint256 scope, uint256 message) public view {
        uint256 disclosure = proof.disclosure;
        // A signal >= r would alias (signal mod r) inside the circuit: a second nullifier for
        // one proof. The disclosure bound also bounds it below r.
        if (proof.merkleRoot >= SNARK_SCALAR_FIELD) revert PersonhoodVerifier__NotInField(proof.merkleRoot);
        if (proof.issuerRoot >= SNARK_SCALAR_FIELD) revert PersonhoodVerifier__NotInField(proof.issuerRoot);
        if (proof.nullifier >= SNARK_SCALAR_FIELD) revert PersonhoodVerifier__NotInField(proof.nullifier);
        if (disclosure >> 56 != 0) revert PersonhoodVerifier__InvalidDisclosure(disclosure);
        if (scope >= SNARK_SCALAR_FIELD) revert PersonhoodVerifier__NotInField(scope);
        if (message >= SNARK_SCALAR_FIELD) revert PersonhoodVerifier__NotInField(message);
        if (!humanitySet.isValidRoot(proof.merkleRoot)) revert PersonhoodVerifier__UnknownRoot(proof.merkleRoot);
        if (!issuers.isValidIssuerRoot(proof.issuerRoot)) revert PersonhoodVerifier__StaleIssuerRoot(proof.issuerRoot);
        // disclosure = flags | country << 2 | kind << 12 | time << 16 (personhood.circom).
        uint256 time = disclosure >> 16;
        if (time > block.timestamp + maxFutureSkew) revert PersonhoodVerifier__ProofFromFuture(time);
        if (time + maxProofAge < block.timestamp) revert PersonhoodVerifier__ProofTooOld(time);
        uint256[6] memory signals = [proof.merkleRoot, proof.issuerRoot, proof.nullifier, disclosure, scope, message];
        address verifier;
        if (proof.maxDepth == 20) verifier = address(_verifier20);
        else if (proof.maxDepth == 32) verifier = address(_verifier32);
        else revert PersonhoodVerifier__UnsupportedDepth(proof.maxDepth);
        if (!_groth16(verifier, proof.points, signals)) revert PersonhoodVerifier__InvalidProof();
    }

    /// @dev Calls a generated verifier's verifyProof(pA, pB, pC, signals) with the calldata built
    ///      by hand: the proof's eight points are already laid out as pA, pB, pC (see
    ///      PersonhoodProof), so they are copied in one piece instead of through three memory
    ///      arrays. Both verifiers are this contract's own, deployed by its constructor.
    function _groth16(address verifier, uint256[8] calldata points, uint256[6] memory signals)
        internal
        view
        returns (bool ok)
    {
        bytes4 selector = PersonhoodGroth16Verifier20.verifyProof.selector;
        assembly ("memory-safe") {
            let data := mload(0x40)
            mstore(data, selector)
            calldatacopy(add(data, 4), points, 256)
            mcopy(add(data, 260), signals, 192)
            let success := staticcall(gas(), verifier, data, 452, data, 32)
            ok := and(success, and(eq(returndatasize(), 32), eq(mload(data), 1)))
        }
    }

    /// @inheritdoc IPersonhoodVerifier
    function verifyAndConsume(PersonhoodProof calldata proof, uint256 action, uint256 message)
        external
        returns (uint256 scope)
    {
        scope = PopScope.scopeOf(PopScope.contractAppId(block.chainid, msg.sender), action);
        verify(proof, scope, message);
        if (nullifierUsed[scope][proof.nullifier]) revert PersonhoodVerifier__NullifierUsed(scope, proof.nullifier);
        nullifierUsed[scope][proof.nullifier] = true;
        emit NullifierConsumed(msg.sender, scope, proof.nullifier);
    }

    /// @inheritdoc IPersonhoodVerifier
    function appIdOf(uint256 chainId, address consumer) external pure returns (uint256) {
        return PopScope.contractAppId(chainId, consumer);
    }

    /// @inheritdoc IPersonhoodVerifier
    function scopeOf(uint256 appId, uint256 action) external pure returns (uint256) {
        return PopScope.scopeOf(appId, action);
    }
}
