pragma circom 2.1.5;

include "babyjub.circom";
include "comparators.circom";
include "poseidon.circom";

/// @title IdentityCommitment
/// @notice Semaphore-v4-compatible identity: commitment = Poseidon(Ax, Ay) where
///         (Ax, Ay) = secret * Base8 on Baby JubJub (docs/protocol.md#identities).
/// @param none
/// @dev `secret` is the identity's secret scalar. It must be smaller than the prime
///      subgroup order l: otherwise `secret` and `secret + l` would share one public key
///      (one commitment) but give two different nullifiers, i.e. two votes per person.
///      LessThan(251) assumes both inputs < 2^251; l < 2^251, and a secret >= 2^251 makes
///      the internal Num2Bits(252) unsatisfiable, so the check fails closed.
template IdentityCommitment() {
    signal input secret;
    signal output commitment;

    var l = 2736030358979909402780800718157159386076813972158567259200215660948447373041;
    signal isSubgroupScalar <== LessThan(251)([secret, l]);
    isSubgroupScalar === 1;

    var Ax, Ay;
    (Ax, Ay) = BabyPbk()(secret);
    commitment <== Poseidon(2)([Ax, Ay]);
}
