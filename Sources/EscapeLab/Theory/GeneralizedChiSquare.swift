import Foundation

// The distribution of |x|^2 for a centred Gaussian x whose covariance has
// eigenvalues w_j: Q = sum_j w_j z_j^2 with z_j independent standard normals
// (a generalized chi-square). Imhof (1961) inverts its characteristic function
// prod_j (1 - 2 i w_j u)^(-1/2):
//     P(Q < x) = 1/2 - (1/pi) int_0^inf sin(theta(u)) / (u rho(u)) du
//     theta(u) = (1/2) sum_j atan(2 w_j u) - x u,   rho(u) = prod_j (1 + 4 w_j^2 u^2)^(1/4)
// The integrand is smooth (its limit at u = 0 is sum_j w_j - x) and decays
// like 1 / (u rho(u)); it oscillates with period 2 pi / x once every atan has
// settled. The integral runs in panels: doubling widths from 1/(8 w_max) up
// to a half period pi / x, then half periods, each by Gauss-Kronrod-Patterson
// (QNG, adaptive QAGS where 87 points do not reach the tolerance), until the
// envelope 1/(u rho(u)) is below 1e-13 or, for a slow tail (few weights: it
// decays like u^(-1-k/2)), until the alternating half-period sums settle under
// repeated averaging (Euler's transform of an alternating series; two
// estimates from overlapping windows agree to 1e-13). Where a Chernoff bound
// puts one side below 1e-11,
//     P(Q >= x) <= min_t e^(-t x) prod_j (1 - 2 t w_j)^(-1/2),   0 < t < 1 / (2 w_max)
//     P(Q <= x) <= min_t e^(t x) prod_j (1 + 2 t w_j)^(-1/2),    t > 0
// the answer is 1 or 0 without the integral. Absolute error: below 1e-9.

/// The law of Q = sum_j w_j z_j^2 (z_j independent standard normals, w_j >= 0):
/// |x|^2 for a centred Gaussian x whose covariance has eigenvalues w_j.
///
/// ```
/// P(Q < x) = 1/2 - (1/pi) int_0^inf sin(theta(u)) / (u rho(u)) du          (Imhof 1961)
/// theta(u) = (1/2) sum_j atan(2 w_j u) - x u,   rho(u) = prod_j (1 + 4 w_j^2 u^2)^(1/4)
/// ```
/// Absolute error below 1e-9 (probabilities a Chernoff bound puts within 1e-11
/// of 0 or 1 are returned as 0 or 1).
public enum GeneralizedChiSquare {
    /// P(sum_j w_j z_j^2 < x) for weights w_j >= 0 and x > 0.
    public static func cdf(weights: [Double], at x: Double) throws -> Double {
        guard x > 0, x.isFinite, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw TheoryError.invalid("the generalized chi-square takes finite weights >= 0 and a point x > 0")
        }
        let w = weights.filter { $0 > 0 }
        guard let top = w.max() else { return 1 }
        if upperTailBound(w, top, x) < 1e-11 { return 1 }
        if lowerTailBound(w, top, x) < 1e-11 { return 0 }
        func logRho(_ u: Double) -> Double {
            var l = 0.0
            for v in w { l += 0.25 * log1p(4 * v * v * u * u) }
            return l
        }
        let sum = w.reduce(0, +)
        let f: (Double) -> Double = { u in
            if u == 0 { return sum - x }
            var theta = -x * u, l = 0.0
            for v in w {
                theta += 0.5 * atan(2 * v * u)
                l += 0.25 * log1p(4 * v * v * u * u)
            }
            return sin(theta) / u * exp(-l)
        }
        let tolerance = Quadrature.Tolerance(relative: 1e-10, absolute: 1e-13)
        // Doubling panels from 1/(8 w_max) up to a half period pi / x.
        let half = Double.pi / x
        var integral = 0.0, a = 0.0, b = 1 / (8 * top)
        while b < half {
            integral += try Quadrature.integrateSmooth(f, from: a, to: b, tolerance: tolerance)
            a = b; b *= 2
        }
        // Then half periods: their integrals alternate in sign and shrink; stop where
        // 1/(u rho(u)) has fallen below 1e-13, or accelerate the alternating tail by
        // repeated averaging of the last partial sums (Euler's transform) once they settle.
        var partial: [Double] = []
        for _ in 0..<1_000_000 {
            integral += try Quadrature.integrateSmooth(f, from: a, to: a + half, tolerance: tolerance)
            a += half
            if exp(-logRho(a)) / a < 1e-13 { return min(max(0.5 - integral / Double.pi, 0), 1) }
            partial.append(integral)
            if partial.count >= 40 {
                let last = Array(partial.suffix(16))
                let e1 = Self.repeatedAverage(Array(last.dropLast())), e2 = Self.repeatedAverage(Array(last.dropFirst()))
                if abs(e1 - e2) < 1e-13 { integral = e2; break }
            }
        }
        return min(max(0.5 - integral / Double.pi, 0), 1)
    }

    /// The limit of an alternating sequence of partial sums: average neighbours until one value is left.
    static func repeatedAverage(_ sums: [Double]) -> Double {
        var s = sums
        while s.count > 1 { s = (1..<s.count).map { 0.5 * (s[$0 - 1] + s[$0]) } }
        return s[0]
    }

    /// min over t in (0, 1/(2 w_max)) of e^(-t x) prod (1 - 2 t w)^(-1/2) >= P(Q >= x), on a grid of t.
    static func upperTailBound(_ w: [Double], _ top: Double, _ x: Double) -> Double {
        var best = 0.0
        for k in 1...49 {
            let t = Double(k) / 50 / (2 * top)
            var l = -t * x
            for v in w { l -= 0.5 * log1p(-2 * t * v) }
            best = min(best, l)
        }
        return exp(best)
    }

    /// min over t > 0 of e^(t x) prod (1 + 2 t w)^(-1/2) >= P(Q <= x), on a geometric grid of t.
    static func lowerTailBound(_ w: [Double], _ top: Double, _ x: Double) -> Double {
        var best = 0.0, t = 1e-3 / (2 * top)
        for _ in 0..<80 {
            var l = t * x
            for v in w { l -= 0.5 * log1p(2 * t * v) }
            best = min(best, l)
            t *= 1.4
        }
        return exp(best)
    }
}
