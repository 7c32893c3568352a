@testable import EscapeLab

// Small numerical helpers shared by the test suites.

/// A tiny deterministic generator for test points (not used by the engine):
/// SplitMix64, the same finaliser as the seed sequence's.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return SeedSequence.splitMix64(state)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// The central difference (f(x + h e_i) - f(x - h e_i)) / (2h): error O(h^2 f''').
func centralDifference(_ f: ([Double]) -> Double, at x: [Double], _ i: Int, h: Double) -> Double {
    var a = x, b = x
    a[i] += h; b[i] -= h
    return (f(a) - f(b)) / (2 * h)
}
