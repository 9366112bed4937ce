pragma circom 2.1.5;

include "bitify.circom";
include "comparators.circom";
include "poseidon.circom";
include "binary-merkle-root.circom";
include "identity-commitment.circom";
include "credential-attributes.circom";
include "issuer-set.circom";

/// @title Personhood
/// @notice The personhood proof, version 2 (docs/circuits.md#the-circuit). The prover knows the
///         secret of an authenticator (commitment `commitment`, rotatable) and a nullifier key
///         `nullifierKey` with N = Poseidon(nullifierKey), bound to a credential's attributes as
///         leaf = Poseidon(commitment, N, attributes), a leaf of the humanity set; the
///         credential's issuer is active in the issuer set; the credential is valid at `time`;
///         nullifier = Poseidon(scope, nullifierKey); `message` is bound. Country and kind are
///         disclosed only when the prover sets their flag; `time` is always disclosed.
/// @param MAX_DEPTH the largest humanity-set depth this build accepts (sets of up to
///        2^MAX_DEPTH members); any smaller LeanIMT depth works too, as in Semaphore v4.
/// @dev Public signals, in snarkjs order: merkleRoot, issuerRoot, nullifier, disclosure
///      (outputs), then scope, message (inputs). Six, one fewer than version 1: `time` is
///      packed into the disclosure output, saving a scalar multiplication per verification.
///      disclosure = flags | country << 2 | kind << 12 | time << 16, where flag bit 0 = country
///      shown and bit 1 = kind shown; an undisclosed value is 0. Every packed part is
///      range-checked (flags 2 bits, country 10, kind 4, time 40), so the packing is injective.
///
///      The nullifier depends on the nullifier key alone, which lives as long as the human:
///      rotating the authenticator, renewing or adding a credential from another issuer (each
///      a new leaf with the same N) leaves every nullifier as it was. It cannot collide with a
///      Semaphore v4 nullifier of the same person, Poseidon(scope, secret) of the authenticator:
///      the nullifier key is an independent random field element, never an authenticator
///      secret (docs/protocol.md#identities), so equal values need nullifierKey = secret
///      (probability about 2^-250) or a Poseidon collision; and without one of the two keys
///      nobody can link the two nullifiers either.
///
///      Range checks: `time` < 2^40 (it feeds comparators); the depth <= MAX_DEPTH (the Merkle
///      template outputs root 0 for a larger depth); every attribute field; flags are bits.
///      `nullifierKey` is any field element: N commits to it. `scope` and `message` are any
///      field element: a verifier must reject a public signal >= the BN254 scalar field, which
///      the circuit cannot represent.
template Personhood(MAX_DEPTH) {
    // The two keys (private).
    signal input secret;
    signal input nullifierKey;
    // Credential (private).
    signal input issuerId;
    signal input kind;
    signal input country;
    signal input issuedAt;
    signal input expiresAt;
    // Humanity-set membership (private), LeanIMT proof as in Semaphore v4.
    signal input merkleProofLength;
    signal input merkleProofIndex;
    signal input merkleProofSiblings[MAX_DEPTH];
    // Issuer-set membership (private; the root is public): the four bitmap words of the
    // issuer's group and the other group's hash.
    signal input issuerWords[4];
    signal input issuerOtherGroup;
    // Selective disclosure flags and the proof's time (private inputs, revealed in `disclosure`).
    signal input disclose;
    signal input time;
    // Public inputs.
    signal input scope;
    signal input message;

    signal output merkleRoot;
    signal output issuerRoot;
    signal output nullifier;
    signal output disclosure;

    signal commitment <== IdentityCommitment()(secret);
    signal nullifierCommitment <== Poseidon(1)([nullifierKey]);

    component attrs = CredentialAttributes();
    attrs.issuerId <== issuerId;
    attrs.kind <== kind;
    attrs.country <== country;
    attrs.issuedAt <== issuedAt;
    attrs.expiresAt <== expiresAt;

    signal leaf <== Poseidon(3)([commitment, nullifierCommitment, attrs.attributes]);

    // depth <= MAX_DEPTH; LessEqThan(6) needs its inputs < 2^6 (MAX_DEPTH <= 32).
    _ <== Num2Bits(6)(merkleProofLength);
    signal depthOk <== LessEqThan(6)([merkleProofLength, MAX_DEPTH]);
    depthOk === 1;
    merkleRoot <== BinaryMerkleRoot(MAX_DEPTH)(leaf, merkleProofLength, merkleProofIndex, merkleProofSiblings);

    issuerRoot <== IssuerSetMembership()(attrs.issuerIdBits, issuerWords, issuerOtherGroup);

    // Valid at `time`: issuedAt <= time < expiresAt.
    _ <== Num2Bits(40)(time);
    signal notExpired <== LessThan(40)([time, expiresAt]);
    notExpired === 1;
    signal alreadyIssued <== LessEqThan(40)([issuedAt, time]);
    alreadyIssued === 1;

    nullifier <== Poseidon(2)([scope, nullifierKey]);

    signal flags[2] <== Num2Bits(2)(disclose);
    signal shownCountry <== flags[0] * country;
    signal shownKind <== flags[1] * kind;
    disclosure <== disclose + shownCountry * 2**2 + shownKind * 2**12 + time * 2**16;

    // Binds the message to the proof (a constraint that uses it), as Semaphore does.
    signal messageSquare <== message * message;
}
