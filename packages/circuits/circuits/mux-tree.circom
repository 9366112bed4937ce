pragma circom 2.1.5;

/// @title MuxTree
/// @notice Selects in[index] from 2^N values, where index is given as N bits (LSB first).
/// @param N number of selector bits
/// @dev Assumes every `sel[i]` is already constrained to {0, 1} by the caller (e.g. it comes
///      from Num2Bits). Costs 2^N - 1 constraints: one per two-way mux of the binary tree.
template MuxTree(N) {
    signal input in[2**N];
    signal input sel[N];
    signal output out;

    signal level[N + 1][2**N];
    for (var k = 0; k < 2**N; k++) {
        level[0][k] <== in[k];
    }
    for (var j = 0; j < N; j++) {
        for (var k = 0; k < 2**(N - j - 1); k++) {
            level[j + 1][k] <== level[j][2 * k] + sel[j] * (level[j][2 * k + 1] - level[j][2 * k]);
        }
    }
    out <== level[N][0];
}
