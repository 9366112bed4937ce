pragma circom 2.1.5;

include "bitify.circom";
include "mux1.circom";
include "poseidon.circom";
include "mux-tree.circom";

/// @title IssuerSetMembership
/// @notice Proves that an issuer id is active in the issuer set and outputs the set's root.
///         The set is a 1024-bit bitmap of issuer ids held as eight 128-bit words (word w
///         holds ids 128w .. 128w+127, id i at bit i mod 128), hashed as a two-level tree:
///         root = Poseidon(Poseidon(word0..word3), Poseidon(word4..word7)).
/// @param none
/// @dev Why a bitmap and not a binary tree of ids: a depth-10 binary Merkle path costs
///      ~2,480 constraints, this ~800, which keeps the personhood circuit at depth 20 inside a
///      2^13 evaluation domain (proving time jumps ~45% past it). Why 4-ary groups under a
///      binary root rather than one Poseidon(8): contracts must recompute the root, and
///      Poseidon over 3 and 5 state elements is deployable on chain (poseidon-solidity)
///      where Poseidon over 9 is not. Revoking an issuer clears its bit, which changes the
///      root, so all of its leaves stop verifying at once.
///      `issuerIdBits` must be constrained to bits by the caller. `words` are the four words
///      of the issuer's group (bit 9 picks the group), `otherGroup` the other group's hash.
///      The selected word is range-checked to 128 bits, so its bit decomposition is unique.
template IssuerSetMembership() {
    signal input issuerIdBits[10];
    signal input words[4];
    signal input otherGroup;
    signal output root;

    signal group <== Poseidon(4)(words);
    signal children[2] <== MultiMux1(2)([[group, otherGroup], [otherGroup, group]], issuerIdBits[9]);
    root <== Poseidon(2)(children);

    signal word <== MuxTree(2)(words, [issuerIdBits[7], issuerIdBits[8]]);
    signal wordBits[128] <== Num2Bits(128)(word);
    signal active <== MuxTree(7)(wordBits, [
        issuerIdBits[0], issuerIdBits[1], issuerIdBits[2], issuerIdBits[3],
        issuerIdBits[4], issuerIdBits[5], issuerIdBits[6]
    ]);
    active === 1;
}
