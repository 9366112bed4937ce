// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IPersonhoodVerifier, PersonhoodProof} from "./IPersonhoodVerifier.sol";
import {IERC5192, IPersonhoodToken} from "./IPersonhoodToken.sol";
import {PopScope} from "./PopScope.sol";

/// @title PersonhoodToken
/// @notice An ERC-5192 soulbound token: one per human for this token's scope. `mint` takes a
///         personhood proof for the token's scope whose message is the caller's address
///         (hashToField of its 20 bytes), so a proof seen in the mempool cannot mint to
///         anyone else; the verifier consumes the nullifier, so a person mints once. The
///         token id is the nullifier; the token records the credential kind that backed it.
///         A token does not outlive its human: it is valid for `lifetime` seconds after its
///         mint or its last refresh, a fresh proof of the same nullifier against the current
///         humanity-set root, which a removed or revoked human cannot make.
contract PersonhoodToken is ERC721, IPersonhoodToken {
    /// @notice The verifier that checks proofs and consumes nullifiers.
    IPersonhoodVerifier public immutable verifier;
    /// @notice This token's action: hashToField of the scope text given at deployment.
    uint256 public immutable action;

    /// @notice This token's scope, bound to this chain and this contract: proofs made for a
    ///         token elsewhere (or for any other consumer) do not mint here.
    uint256 public immutable scope;

    /// @notice tokenId => credential kind (1 registry, 2 biometric, 3 kyc).
    mapping(uint256 => uint256) public kindOf;

    /// @notice Seconds a token stays valid after its mint or its last refresh.
    uint256 public immutable lifetime;

    /// @notice tokenId => the time its validity lapses.
    mapping(uint256 => uint256) public validUntil;

    constructor(
        IPersonhoodVerifier verifier_,
        string memory name_,
        string memory symbol_,
        string memory scopeText,
        uint256 lifetime_
    ) ERC721(name_, symbol_) {
        verifier = verifier_;
        lifetime = lifetime_;
        action = uint256(keccak256(bytes(scopeText))) >> 8;
        scope = PopScope.scopeOf(PopScope.contractAppId(block.chainid, address(this)), action);
    }

    /// @notice Mints the caller's personhood token.
    /// @param proof a proof for this token's scope, message = hashToField(caller), kind disclosed
    /// @return tokenId the nullifier
    function mint(PersonhoodProof calldata proof) external returns (uint256 tokenId) {
        if ((proof.disclosure >> 1) & 1 == 0) revert PersonhoodToken__KindNotDisclosed();
        verifier.verifyAndConsume(proof, action, uint256(keccak256(abi.encodePacked(msg.sender))) >> 8);
        tokenId = proof.nullifier;
        uint256 kind = (proof.disclosure >> 12) & 0xf;
        kindOf[tokenId] = kind;
        _setValidity(tokenId);
        _safeMint(msg.sender, tokenId);
        emit Locked(tokenId);
        emit PersonhoodMinted(msg.sender, tokenId, kind);
    }

    /// @notice The holder proves personhood again for this token's scope, bound to the holder's
    ///         address, against the current humanity-set root; the token is valid for another
    ///         `lifetime` seconds.
    /// @param proof a proof whose nullifier is the token id (the kind need not be disclosed)
    function refresh(PersonhoodProof calldata proof) external {
        uint256 tokenId = proof.nullifier;
        if (_ownerOf(tokenId) != msg.sender) revert PersonhoodToken__NotHolder(tokenId);
        if (proof.merkleRoot != verifier.humanitySet().root()) {
            revert PersonhoodToken__NotCurrentRoot(proof.merkleRoot);
        }
        verifier.verify(proof, scope, uint256(keccak256(abi.encodePacked(msg.sender))) >> 8);
        _setValidity(tokenId);
    }

    /// @inheritdoc IPersonhoodToken
    function isValid(uint256 tokenId) external view returns (bool) {
        return validUntil[tokenId] > block.timestamp;
    }

    function _setValidity(uint256 tokenId) internal {
        uint256 until = block.timestamp + lifetime;
        validUntil[tokenId] = until;
        emit PersonhoodRefreshed(tokenId, until);
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        if (_ownerOf(tokenId) == address(0)) revert PersonhoodToken__NoToken(tokenId);
        return true;
    }

    /// @notice Approvals would only serve transfers, which never happen.
    function approve(address, uint256) public pure override {
        revert PersonhoodToken__Soulbound();
    }

    /// @notice Approvals would only serve transfers, which never happen.
    function setApprovalForAll(address, bool) public pure override {
        revert PersonhoodToken__Soulbound();
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Every transfer path (transferFrom, safeTransferFrom, burns) goes through here.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        if (_ownerOf(tokenId) != address(0)) revert PersonhoodToken__Soulbound();
        return super._update(to, tokenId, auth);
    }
}
