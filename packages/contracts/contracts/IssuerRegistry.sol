// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {PoseidonT5} from "poseidon-solidity/PoseidonT5.sol";
import {IIssuerRegistry} from "./IIssuerRegistry.sol";

/// @title IssuerRegistry
/// @notice Issuers (id, credential kinds, EdDSA-Poseidon public key for off-chain credential
///         documents, registrar addresses) and the issuer-set root. Governance (the owner)
///         adds and revokes issuers. The set is a 1024-bit bitmap in eight 128-bit words and
///         its root is Poseidon(Poseidon(word0..word3), Poseidon(word4..word7)), as in
///         issuer-set.circom; revoking an issuer clears its bit, which changes the root, so all
///         its leaves stop verifying at once. Adding an issuer also changes the root; the root it
///         replaces stays valid for `rootValidity` seconds (as humanity-set roots do), so proofs
///         in flight keep verifying, unless an issuer is revoked meanwhile.
contract IssuerRegistry is IIssuerRegistry, Ownable2Step {
    struct Issuer {
        bool active;
        bool used;
        /// Bit k set: the issuer may issue kind k (1 registry, 2 biometric, 3 kyc).
        uint8 kinds;
        uint256[2] publicKey;
    }

    uint256 internal constant MAX_ISSUER_ID = 1023;
    uint8 internal constant KNOWN_KINDS = 0x0e;

    /// @inheritdoc IIssuerRegistry
    uint256 public issuerRoot;

    uint128[8] internal _words;
    mapping(uint256 issuerId => Issuer) internal _issuers;
    mapping(uint256 issuerId => mapping(address registrar => bool)) internal _registrars;

    /// @notice Seconds a root replaced by an added issuer stays valid.
    uint256 public immutable rootValidity;

    /// @dev A superseded root: valid until `expiry` while no revocation happened since
    ///      (`epoch` is the revocation count when it was superseded).
    struct SupersededRoot {
        uint64 epoch;
        uint64 expiry;
    }

    uint64 internal _revocations;
    mapping(uint256 root => SupersededRoot) internal _superseded;

    /// @param owner_ governance: the account that adds and revokes issuers
    /// @param rootValidity_ seconds a root replaced by an added issuer stays valid
    constructor(address owner_, uint256 rootValidity_) Ownable(owner_) {
        rootValidity = rootValidity_;
        issuerRoot = _hashWords();
    }

    /// @notice Adds an active issuer with its first registrars.
    /// @param issuerId 0..1023, never used before
    /// @param kinds bitmask of the kinds it may issue (bit 1 registry, 2 biometric, 3 kyc)
    /// @param publicKey its EdDSA-Poseidon public key
    /// @param registrars accounts allowed to insert its leaves
    function addIssuer(uint256 issuerId, uint8 kinds, uint256[2] calldata publicKey, address[] calldata registrars)
        external
        onlyOwner
    {
        if (issuerId > MAX_ISSUER_ID) revert IssuerRegistry__InvalidIssuerId(issuerId);
        if (_issuers[issuerId].used) revert IssuerRegistry__IssuerIdTaken(issuerId);
        if (kinds == 0 || kinds & ~KNOWN_KINDS != 0) revert IssuerRegistry__InvalidKinds(kinds);
        _issuers[issuerId] = Issuer({active: true, used: true, kinds: kinds, publicKey: publicKey});
        _words[issuerId / 128] |= uint128(1) << (issuerId % 128);
        _superseded[issuerRoot] = SupersededRoot({epoch: _revocations, expiry: uint64(block.timestamp + rootValidity)});
        issuerRoot = _hashWords();
        for (uint256 i = 0; i < registrars.length; i++) {
            _registrars[issuerId][registrars[i]] = true;
            emit RegistrarSet(issuerId, registrars[i], true);
        }
        emit IssuerAdded(issuerId, kinds, publicKey, issuerRoot);
    }

    /// @notice Revokes an issuer: its bit is cleared and the root changes.
    /// @param issuerId an active issuer
    function revokeIssuer(uint256 issuerId) external onlyOwner {
        if (issuerId > MAX_ISSUER_ID || !_issuers[issuerId].active) revert IssuerRegistry__IssuerNotActive(issuerId);
        _issuers[issuerId].active = false;
        _words[issuerId / 128] &= ~(uint128(1) << (issuerId % 128));
        // Every older root may hold the revoked issuer's bit: none stays valid.
        _revocations++;
        issuerRoot = _hashWords();
        emit IssuerRevoked(issuerId, issuerRoot);
    }

    /// @inheritdoc IIssuerRegistry
    function isValidIssuerRoot(uint256 root) external view returns (bool) {
        if (root == issuerRoot) return true;
        SupersededRoot memory record = _superseded[root];
        return record.expiry > block.timestamp && record.epoch == _revocations;
    }

    /// @notice Allows or disallows a registrar for an active issuer.
    function setRegistrar(uint256 issuerId, address registrar, bool allowed) external onlyOwner {
        if (issuerId > MAX_ISSUER_ID || !_issuers[issuerId].active) revert IssuerRegistry__IssuerNotActive(issuerId);
        _registrars[issuerId][registrar] = allowed;
        emit RegistrarSet(issuerId, registrar, allowed);
    }

    /// @inheritdoc IIssuerRegistry
    function isRegistrar(uint256 issuerId, uint256 kind, address account) external view returns (bool) {
        if (issuerId > MAX_ISSUER_ID || kind == 0 || kind > 3) return false;
        Issuer storage issuer = _issuers[issuerId];
        return issuer.active && (issuer.kinds >> kind) & 1 == 1 && _registrars[issuerId][account];
    }

    /// @notice An issuer's record.
    function issuer(uint256 issuerId) external view returns (bool active, uint8 kinds, uint256[2] memory publicKey) {
        Issuer storage record = _issuers[issuerId];
        return (record.active, record.kinds, record.publicKey);
    }

    /// @notice The eight bitmap words the root hashes.
    function words() external view returns (uint256[8] memory out) {
        for (uint256 i = 0; i < 8; i++) {
            out[i] = _words[i];
        }
    }

    function _hashWords() internal view returns (uint256) {
        uint256 low = PoseidonT5.hash([uint256(_words[0]), _words[1], _words[2], _words[3]]);
        uint256 high = PoseidonT5.hash([uint256(_words[4]), _words[5], _words[6], _words[7]]);
        return PoseidonT3.hash([low, high]);
    }
}
