pragma circom 2.1.5;

include "bitify.circom";
include "poseidon.circom";
include "mux-tree.circom";

/// @title IssuerSetMembership
/// @notice Proves that an issuer id is active in the issuer set and outputs the set's root.
///         The set is a 1024-bit bitmap of issuer ids held as eight 128-bit words
///         (word w holds ids 128w .. 128w+127, id i at bit i mod 128), and
///         root = Poseidon(word0, ..., word7): a one-level, eight-ary tree over bitmap leaves.
/// @param none
/// @dev Why not a binary tree of ids: a depth-10 binary Merkle path costs ~2,480 constraints,
///      this costs ~670, which keeps the whole personhood circuit at depth 20 inside a 2^13
///      evaluation domain (proving time roughly doubles past it). Revoking an issuer clears
///      its bit, which changes the root, so all of its leaves stop verifying at once.
///      `issuerIdBits` must be constrained to bits by the caller. The selected word is
///      range-checked to 128 bits, so its bit decomposition is unique.
template IssuerSetMembership() {
    signal input issuerIdBits[10];
    signal input words[8];
    signal output root;

    root <== Poseidon(8)(words);

    signal word <== MuxTree(3)(words, [issuerIdBits[7], issuerIdBits[8], issuerIdBits[9]]);
    signal wordBits[128] <== Num2Bits(128)(word);
    signal active <== MuxTree(7)(wordBits, [
        issuerIdBits[0], issuerIdBits[1], issuerIdBits[2], issuerIdBits[3],
        issuerIdBits[4], issuerIdBits[5], issuerIdBits[6]
    ]);
    active === 1;
}
