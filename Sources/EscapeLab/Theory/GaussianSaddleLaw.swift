import Foundation

// Plain SGD from a quadratic saddle whose gradient noise is Gaussian and
// independent across the Hessian's axes (white, fixed-total-variance,
// one-direction and frozen `sgd:batch` noise on `saddle:dim=d` all are):
//     x0_{n+1} = a x0_n - eta xi0_n,   a = 1 + eta gamma        (u unstable axes, u = 1 on `saddle`)
//     xi_{n+1} = b xi_n - eta xii_n,   b = 1 - eta lambda       (m stable axes, m = d - 1 on `saddle`)
// From the saddle every coordinate is a centred Gaussian at every step:
//     Var x0_n = v0(n) = eta^2 s0^2 (a^(2n) - 1) / (a^2 - 1)
//     Var xi_n = vs(n) = eta^2 ss^2 (1 - b^(2n)) / (1 - b^2)    (n eta^2 ss^2 when b^2 = 1)
// so the probability of being inside at step n is exact in closed form or one
// integral: P(|x0_n| < R) = erf(R / sqrt(2 v0(n))) for the criterion |x0| >= R
// (F_u(R^2 / v0) for u unstable axes), and for the radius criterion (S = the
// sum of the m stable squares = vs chi2_m)
//     P(x0^2 + S < R^2) = 2 int_0^(R/sqrt(v0)) phi(z) F_m((R^2 - v0 z^2) / vs) dz
// (int_0^(R^2/v0) f_u(t) F_m((R^2 - v0 t) / vs) dt for u unstable axes).
// The mean first-passage step is E[tau] = sum_{n>=0} P(tau > n), and
// P(tau > n) = P(inside at n) minus the paths that left and came back by step n.
// The sum counts a path that left and came back inside as inside, so it
// overestimates E[tau] by the expected number of steps spent back inside after
// the first exit. After leaving |x0| >= R the margin |x0| - R grows by at least
// (a - 1) R per step against noise of spread eta s0 per step: k steps later it
// is z sqrt(k) spreads out, z = (a - 1) R / (eta s0), and the overcount is about
//     sum_{k>=1} Q(z sqrt(k))   steps
// (an estimate: the margin's growth is taken linear, which undercounts it). For
// the radius criterion z is the drift over the spread of |x|^2 at the typical
// exit, z = [(a^2 - 1) x0^2 + (b^2 - 1) S + eta^2 (s0^2 + (d - 1) ss^2)]
// / (2 eta sqrt(s0^2 x0^2 + ss^2 S)), x0^2 = R^2 - S, S the stable part's mean
// then; as S -> R^2 the drift, and z, go to 0 and the law is an upper bound only.
// Apart from that the law is exact in discrete time: no continuum limit, no
// large-R expansion.

/// The exact discrete-time escape law of plain SGD from a quadratic saddle with
/// independent Gaussian noise per axis (<doc:Theory#Saddle-points>).
///
/// ```
/// E[tau] = sum_{n>=0} P(inside at step n)
/// v0(n) = eta^2 s0^2 (a^(2n) - 1) / (a^2 - 1),   a = 1 + eta gamma
/// vs(n) = eta^2 ss^2 (1 - b^(2n)) / (1 - b^2),   b = 1 - eta lambda
/// ```
/// with P(inside) = erf(R / sqrt(2 v0)) for `|x0|>=R` and
/// P(v0 chi2_u + vs chi2_m < R^2) for `radius=R` (u unstable and m stable axes;
/// u = 1, m = d - 1 on `saddle:dim=d`).
public struct GaussianSaddleLaw: Sendable {
    /// Which distance meets the escape set.
    public enum Criterion: Sendable {
        /// |x0| >= R: the unstable coordinate alone (the unstable axes' distance when u > 1).
        case unstableCoordinate
        /// |x| >= R: every coordinate (the stable ones' fluctuations count).
        case radius
    }

    public let gamma: Double
    public let lambda: Double
    public let learningRate: Double
    /// Noise variance s0^2 along each unstable axis.
    public let unstableVariance: Double
    /// The number u of unstable axes (curvature -gamma each).
    public let unstableCount: Int
    /// Noise variance ss^2 along each stable axis.
    public let stableVariance: Double
    /// The number m of stable axes (curvature lambda each).
    public let stableCount: Int
    public let radius: Double
    public let criterion: Criterion
    /// E[tau], in steps.
    public let steps: Double
    /// The first step N not summed (P(inside at N) < 1e-15).
    public let lastStep: Int
    /// The step where P(inside) first falls to 1/2 (the median escape, for the recrossing estimate).
    public let medianStep: Int
    /// The z-score of a return across the boundary in one step (exact bound for `|x0|>=R`, estimate for `radius`).
    public let recrossingZ: Double
    /// The estimated overestimate of E[tau] by returns after the first exit, in
    /// steps: sum_{k>=1} Q(z sqrt(k)) (the law is never below E[tau]).
    public let biasBound: Double

    /// - Parameters:
    ///   - gamma: the magnitude of the negative curvature (unstable axis).
    ///   - lambda: the curvature of the stable axes (0 <= lambda < 2 / eta).
    ///   - eta: the learning rate.
    ///   - s0: the noise variance along each unstable axis.
    ///   - ss: the noise variance along each stable axis.
    ///   - unstableCount: the number u of unstable axes (1 on `saddle`).
    ///   - stableCount: the number m of stable axes (d - 1 on `saddle`).
    ///   - R: the escape distance.
    ///   - criterion: `|x0| >= R` or `|x| >= R`.
    public init(gamma: Double, lambda: Double, learningRate eta: Double, unstableVariance s0: Double, stableVariance ss: Double,
                unstableCount: Int = 1, stableCount: Int, radius R: Double, criterion: Criterion) throws {
        guard gamma > 0, eta > 0, R > 0, lambda >= 0, eta * lambda < 2, s0 >= 0, ss >= 0, stableCount >= 0, unstableCount >= 1 else {
            throw TheoryError.invalid("the Gaussian saddle law takes gamma, eta, R > 0, 0 <= eta lambda < 2 and variances >= 0")
        }
        guard s0 > 0 || (criterion == .radius && ss > 0 && stableCount > 0) else {
            throw TheoryError.invalid("no noise reaches the escape set: the trajectory stays at the saddle")
        }
        self.gamma = gamma; self.lambda = lambda; learningRate = eta
        unstableVariance = s0; stableVariance = ss; self.stableCount = stableCount; self.unstableCount = unstableCount
        radius = R; self.criterion = criterion
        let m = criterion == .radius ? stableCount : 0
        var sum = 0.0, n = 0, median = -1
        while true {
            let p = try Self.inside(Self.variances(n, gamma: gamma, lambda: lambda, eta: eta, s0: s0, ss: ss), m, R, unstable: unstableCount)
            if median < 0 && p <= 0.5 { median = n }
            if p < 1e-15 { break }
            sum += p
            n += 1
            guard n <= 100_000_000 else { throw TheoryError.invalid("the escape takes more than 1e8 steps") }
        }
        steps = sum
        lastStep = n
        medianStep = median
        let a = 1 + eta * gamma, b = 1 - eta * lambda
        switch criterion {
        case .unstableCoordinate:
            recrossingZ = (a - 1) * R / (eta * s0.squareRoot())
        case .radius:
            let v = Self.variances(median, gamma: gamma, lambda: lambda, eta: eta, s0: s0, ss: ss)
            let s = min(Double(m) * v.vs, R * R)
            let x2 = R * R - s
            let drift = (a * a - 1) * x2 + (b * b - 1) * s + eta * eta * (Double(unstableCount) * s0 + Double(m) * ss)
            let spread = 2 * eta * (s0 * x2 + ss * s).squareRoot()
            recrossingZ = spread > 0 ? drift / spread : .infinity
        }
        var overcount = 0.0
        if recrossingZ <= 0 {
            overcount = .infinity
        } else {
            for k in 1...1_000_000 {
                let q = 0.5 * erfc(recrossingZ * Double(k).squareRoot() / 2.0.squareRoot())
                overcount += q
                if q < 1e-18 { break }
            }
        }
        biasBound = overcount
    }

    /// (Var x0_n, Var x_i,n) from the saddle.
    static func variances(_ n: Int, gamma: Double, lambda: Double, eta: Double, s0: Double, ss: Double) -> (v0: Double, vs: Double) {
        let lnA = log1p(eta * gamma)
        let v0 = eta * eta * s0 * expm1(2 * Double(n) * lnA) / expm1(2 * lnA)
        let b2 = (1 - eta * lambda) * (1 - eta * lambda)
        let vs = b2 == 1 ? Double(n) * eta * eta * ss : eta * eta * ss * (1 - pow(b2, Double(n))) / (1 - b2)
        return (v0, vs)
    }

    /// P(v0 chi2_u + vs chi2_m < R^2).
    static func inside(_ v: (v0: Double, vs: Double), _ m: Int, _ R: Double, unstable u: Int = 1) throws -> Double {
        let r2 = R * R
        let unstableTail = v.v0 > 0 ? GSLStatistics.chiSquareCDF(r2 / (2 * v.v0), degreesOfFreedom: Double(u)).upper : 0
        let stableTail = m > 0 && v.vs > 0 ? GSLStatistics.chiSquareCDF(r2 / (2 * v.vs), degreesOfFreedom: Double(m)).upper : 0
        if unstableTail + stableTail < 1e-17 { return 1 }
        if m == 0 || v.vs == 0 {
            return u == 1 ? erf(R / (2 * v.v0).squareRoot()) : GSLStatistics.chiSquareCDF(r2 / v.v0, degreesOfFreedom: Double(u)).lower
        }
        if v.v0 == 0 { return GSLStatistics.chiSquareCDF(r2 / v.vs, degreesOfFreedom: Double(m)).lower }
        if u > 1 {
            // Over t = (unstable squares) / v0 ~ chi2_u, split where F_m steps.
            let top = r2 / v.v0, knee = (r2 - Double(m) * v.vs) / v.v0
            let g: (Double) -> Double = { t in
                GSLStatistics.chiSquareDensity(t, degreesOfFreedom: Double(u))
                    * GSLStatistics.chiSquareCDF(max(r2 - v.v0 * t, 0) / v.vs, degreesOfFreedom: Double(m)).lower
            }
            let integral = try Quadrature.integrate(g, from: 0, to: top, breakpoints: knee > 0 ? [knee] : [],
                                                    tolerance: Quadrature.Tolerance(relative: 1e-10, absolute: 1e-16))
            return min(max(integral, 0), 1)
        }
        let top = R / v.v0.squareRoot()
        // F_m's step, where (R^2 - v0 z^2) / vs = m, splits the integral.
        let knee = (r2 - Double(m) * v.vs) / v.v0
        let f: (Double) -> Double = { z in
            exp(-0.5 * z * z) * GSLStatistics.chiSquareCDF(max(r2 - v.v0 * z * z, 0) / v.vs, degreesOfFreedom: Double(m)).lower
        }
        let integral = try Quadrature.integrate(f, from: 0, to: top, breakpoints: knee > 0 ? [knee.squareRoot()] : [],
                                                tolerance: Quadrature.Tolerance(relative: 1e-10, absolute: 1e-16))
        return min(max(2 * integral / (2 * Double.pi).squareRoot(), 0), 1)
    }
}
