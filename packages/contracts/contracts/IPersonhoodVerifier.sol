// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHumanitySet} from "./IHumanitySet.sol";

/// @notice A personhood proof as contracts take it: which circuit build made it, the public
///         signals the circuit outputs (scope and message come separately), and the Groth16
///         points in the order the generated verifier expects
///         (pi_a.x, pi_a.y, pi_b.x1, pi_b.x0, pi_b.y1, pi_b.y0, pi_c.x, pi_c.y).
///         `disclosure` packs flags | country << 2 | kind << 12 | time << 16: the proof's time
///         is bits 16-55 (docs/protocol.md#public-signals).
struct PersonhoodProof {
    uint256 maxDepth;
    uint256 merkleRoot;
    uint256 issuerRoot;
    uint256 nullifier;
    uint256 disclosure;
    uint256[8] points;
}

/// @title IPersonhoodVerifier
/// @notice Errors, events and entry points of the personhood verifier.
interface IPersonhoodVerifier {
    /// @notice A public input is not a canonical BN254 scalar-field element.
    error PersonhoodVerifier__NotInField(uint256 value);
    /// @notice No verifier for a circuit build of this maximum depth.
    error PersonhoodVerifier__UnsupportedDepth(uint256 maxDepth);
    /// @notice The humanity-set root is neither current nor inside its validity window.
    error PersonhoodVerifier__UnknownRoot(uint256 merkleRoot);
    /// @notice The issuer-set root is neither current nor inside its window (an issuer was
    ///         revoked, or added longer ago than the window).
    error PersonhoodVerifier__StaleIssuerRoot(uint256 issuerRoot);
    /// @notice The disclosure signal has bits outside its 56-bit layout (no circuit output does).
    error PersonhoodVerifier__InvalidDisclosure(uint256 disclosure);
    /// @notice The proof's time is too far before block.timestamp.
    error PersonhoodVerifier__ProofTooOld(uint256 time);
    /// @notice The proof's time is too far after block.timestamp.
    error PersonhoodVerifier__ProofFromFuture(uint256 time);
    /// @notice The Groth16 check failed.
    error PersonhoodVerifier__InvalidProof();
    /// @notice This nullifier was already accepted in this scope (scopes are bound to their consumer).
    error PersonhoodVerifier__NullifierUsed(uint256 scope, uint256 nullifier);

    /// @notice A consumer accepted a nullifier in a scope (a vote, a claim).
    event NullifierConsumed(address indexed consumer, uint256 indexed scope, uint256 nullifier);

    /// @notice Checks a proof for `scope` and `message`; reverts with the reason when invalid.
    function verify(PersonhoodProof calldata proof, uint256 scope, uint256 message) external view;

    /// @notice Checks a proof for the caller's `action` and records its nullifier, refusing reuse.
    ///         The scope is derived, never passed: scopeOf(appIdOf(block.chainid, msg.sender),
    ///         action), so a proof made for one consumer or chain fails at every other.
    /// @param action hashToField of the action's text (a poll, an airdrop)
    /// @return scope the scope the proof was checked for
    function verifyAndConsume(PersonhoodProof calldata proof, uint256 action, uint256 message)
        external
        returns (uint256 scope);

    /// @notice The humanity set whose roots proofs must use.
    function humanitySet() external view returns (IHumanitySet);

    /// @notice The app id of a consumer contract on a chain (PopScope.contractAppId).
    function appIdOf(uint256 chainId, address consumer) external pure returns (uint256);

    /// @notice The scope of an action in an app (PopScope.scopeOf).
    function scopeOf(uint256 appId, uint256 action) external pure returns (uint256);
}
