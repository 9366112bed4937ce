pragma circom 2.1.5;

include "babyjub.circom";
include "poseidon.circom";

/// @title IdentityCommitment
/// @notice The authenticator's commitment, as Semaphore v4 computes it:
///         commitment = Poseidon(Ax, Ay) where (Ax, Ay) = secret * Base8 on Baby JubJub
///         (docs/protocol.md#identities).
/// @param none
/// @dev No `secret < l` check (l the prime subgroup order), unlike Semaphore v4 and pop's
///      first circuit. Both derived the nullifier from `secret`, so `secret` and `secret + l`,
///      which share one public key and so one commitment, would have given one person two
///      nullifiers; the check had to make the scalar canonical. Here the nullifier comes from
///      the separate nullifier key (personhood.circom), and any scalar whose multiple of Base8
///      is the authenticator's key is that key's secret modulo l: knowing it is knowing the
///      secret. BabyPbk bounds the scalar to 253 bits (its Num2Bits(253)).
///      (The first circuit's comment justified its check wrongly: LessThan(251) does not fail
///      closed on its own for a scalar >= 2^251, because secret + 2^251 - l can wrap modulo p
///      into 252 bits; it was BabyPbk's Num2Bits(253) that refused every such scalar.)
template IdentityCommitment() {
    signal input secret;
    signal output commitment;

    var Ax, Ay;
    (Ax, Ay) = BabyPbk()(secret);
    commitment <== Poseidon(2)([Ax, Ay]);
}
