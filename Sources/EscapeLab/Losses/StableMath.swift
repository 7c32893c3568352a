import Foundation

// The building blocks every loss is written in. Each is exact to rounding for
// every finite input: no exp of a large positive number, no log of a
// difference that cancels. The losses then never form p = sigma(z) and take
// log(p) (which is -inf once p rounds to 0); they use log sigma(z) = -softplus(-z).

/// Numerically stable scalar functions of logits.
public enum StableMath {
    /// softplus(z) = log(1 + e^z), as max(z, 0) + log1p(e^-|z|).
    @inline(__always)
    public static func softplus(_ z: Double) -> Double {
        max(z, 0) + log1p(exp(-abs(z)))
    }

    /// The logistic function sigma(z) = 1 / (1 + e^-z), without overflow.
    @inline(__always)
    public static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }

    /// log sigma(z) = -softplus(-z).
    @inline(__always)
    public static func logSigmoid(_ z: Double) -> Double { -softplus(-z) }

    /// log(p) / q for p = 1 - q, given both q and an accurate l = log p:
    /// log1p(-q) / q while q < 1/2 (where l itself may have lost its digits to
    /// rounding of p near 1), l / q above, and the limit -1 at q = 0.
    ///
    /// The focal-loss derivatives divide log p_t by 1 - p_t; this keeps them
    /// finite and accurate as p_t -> 1 and as p_t -> 0.
    @inline(__always)
    public static func logOver(_ l: Double, complement q: Double) -> Double {
        if q >= 0.5 { return l / q }
        return q > 0 ? log1p(-q) / q : -1
    }

    /// log sum_{k < count} e^(z_k), shifted by the maximum so no term overflows.
    @inline(__always)
    public static func logSumExp(_ z: SIMD4<Double>, count: Int) -> Double {
        var m = z[0]
        for k in 1..<count { m = max(m, z[k]) }
        var s = 0.0
        for k in 0..<count { s += exp(z[k] - m) }
        return m + log(s)
    }

    /// softmax(z)_k = e^(z_k - lse(z)) for k < count; lanes past `count` are 0.
    @inline(__always)
    public static func softmax(_ z: SIMD4<Double>, count: Int) -> SIMD4<Double> {
        softmaxAndLogSumExp(z, count: count).p
    }

    /// softmax(z) together with the lse(z) it was computed from.
    @inline(__always)
    public static func softmaxAndLogSumExp(_ z: SIMD4<Double>, count: Int) -> (p: SIMD4<Double>, lse: Double) {
        let lse = logSumExp(z, count: count)
        var p = SIMD4<Double>(repeating: 0)
        for k in 0..<count { p[k] = exp(z[k] - lse) }
        return (p, lse)
    }
}
