pragma circom 2.1.5;

include "bitify.circom";
include "comparators.circom";

/// @title CredentialAttributes
/// @notice Packs a credential's attributes into the one field element that the humanity-set
///         leaf commits to (docs/protocol.md#credentials). Layout, least significant bit first:
///         issuerId [0,10) | kind [10,14) | country [14,24) | issuedAt [24,64) | expiresAt [64,104).
/// @param none
/// @dev Every field is range-checked to its width. This is what makes the packing
///      injective: without a bound on each field (the top one included) a prover could
///      decompose the same `attributes` into a different expiry. The bits of `issuerId`
///      are returned so the issuer-set check can reuse them. Times are Unix seconds < 2^40.
///      The country is at most 999 (ISO 3166-1 numeric codes have three digits; 0 means "not
///      recorded"), as in every other layer; the field is 10 bits wide.
template CredentialAttributes() {
    signal input issuerId;
    signal input kind;
    signal input country;
    signal input issuedAt;
    signal input expiresAt;

    signal output attributes;
    signal output issuerIdBits[10];

    issuerIdBits <== Num2Bits(10)(issuerId);
    _ <== Num2Bits(4)(kind);
    _ <== Num2Bits(10)(country);
    signal countryOk <== LessEqThan(10)([country, 999]);
    countryOk === 1;
    _ <== Num2Bits(40)(issuedAt);
    _ <== Num2Bits(40)(expiresAt);

    attributes <== issuerId + kind * 2**10 + country * 2**14 + issuedAt * 2**24 + expiresAt * 2**64;
}
