import Foundation

// Exact mean first-passage times of 1-D overdamped Langevin dynamics by
// nested GSL quadrature (THEORY.md section 2). Exponents are shifted so that
// nothing overflows: the inner integrand is exp(-(U - U_min)/T) <= 1, the
// outer one exp((U - U_max)/T) <= 1, and exp((U_max - U_min)/T) is carried as
// a logarithm, so barrier / temperature ratios of several hundred are fine.

/// A mean first-passage time in continuous time, with its logarithm.
public struct PassageTime: Equatable, Sendable {
    /// E[tau] (may be +infinity when log is beyond Double's range).
    public let time: Double
    /// ln E[tau], always finite for a finite answer.
    public let logTime: Double

    init(logTime: Double) {
        self.logTime = logTime
        time = exp(logTime)
    }

    /// tau / eta: the mean number of steps of size eta.
    public func steps(learningRate eta: Double) -> Double { time / eta }
}

/// Exact mean first-passage times for dX = -U'(X) dt + sqrt(2 D(X)) dW in 1-D.
public enum MeanFirstPassage {
    /// Constant temperature T (D = T), from x0 to the absorbing point c, with a
    /// reflecting boundary at -infinity (at +infinity when c < x0):
    /// ```
    /// tau(x0) = (1/T) Int_{x0}^{c} dy exp(U(y)/T) Int_{-inf}^{y} dz exp(-U(z)/T)
    /// ```
    /// U must grow without bound on the reflecting side.
    public static func time(potential U: @escaping (Double) -> Double, temperature T: Double,
                            from x0: Double, to c: Double) throws -> PassageTime {
        try time(potential: U, diffusion: { _ in T }, phi: { U($0) / T }, from: x0, to: c)
    }

    /// Position-dependent diffusion D(x) > 0 (e.g. SGD-like noise, D = eta C(x) / 2):
    /// ```
    /// tau(x0) = Int_{x0}^{c} dy exp(Phi(y)) / D(y) Int_{-inf}^{y} dz exp(-Phi(z)),
    /// Phi(x) = Int^x U'(u) / D(u) du
    /// ```
    /// the solution of D T'' - U' T' = -1 with T(c) = 0 and a reflecting far side.
    /// Phi is built by quadrature of U'/D from x0.
    public static func time(gradient dU: @escaping (Double) -> Double, diffusion D: @escaping (Double) -> Double,
                            from x0: Double, to c: Double) throws -> PassageTime {
        let phi: (Double) -> Double = { x in
            (try? Quadrature.integrate({ dU($0) / D($0) }, from: x0, to: x,
                                       tolerance: .init(relative: 1e-12))) ?? .nan
        }
        return try time(potential: nil, diffusion: D, phi: phi, from: x0, to: c)
    }

    /// The general form with Phi given; `U` (optional) only helps locate the extrema.
    static func time(potential U: ((Double) -> Double)?, diffusion D: @escaping (Double) -> Double,
                     phi Phi0: @escaping (Double) -> Double, from x0: Double, to c: Double) throws -> PassageTime {
        precondition(x0 != c, "start and absorbing point coincide")
        // Escape to the left is escape to the right of the mirrored problem.
        let s: Double = c > x0 ? 1 : -1
        let phi = { (x: Double) in Phi0(s * x) }
        let diff = { (x: Double) in D(s * x) }
        let a = s * x0, b = s * c
        // Extrema of Phi on [a - span, b] are breakpoints for both integrals.
        let span = max(b - a, 1.0)
        let lo = a - span
        let grid = 4000
        var values: [Double] = []
        var xs: [Double] = []
        for k in 0...grid {
            let x = lo + (b - lo) * Double(k) / Double(grid)
            xs.append(x)
            values.append(phi(x))
        }
        var extrema: [Double] = []
        for k in 1..<grid where (values[k] - values[k - 1]) * (values[k + 1] - values[k]) <= 0 {
            extrema.append(xs[k])
        }
        let phiMin = values.min()!
        let outerRange = xs.indices.filter { xs[$0] >= a }
        let phiMax = outerRange.map { values[$0] }.max()!
        let tol = Quadrature.Tolerance(relative: 1e-11, absolute: 0, intervals: 4000)
        // Inner integral I(y) = Int_{-inf}^{y} exp(-(Phi - Phi_min)) dz, split at `lo`.
        let tail = try Quadrature.integrate({ exp(-(phi($0) - phiMin)) }, fromMinusInfinityTo: lo, tolerance: tol)
        let inner = { (y: Double) -> Double in
            let body = (try? Quadrature.integrate({ exp(-(phi($0) - phiMin)) }, from: lo, to: y,
                                                  breakpoints: extrema, tolerance: tol)) ?? .nan
            return tail + body
        }
        let outer = try Quadrature.integrate({ y in exp(phi(y) - phiMax) / diff(y) * inner(y) },
                                             from: a, to: b, breakpoints: extrema, tolerance: tol)
        guard outer.isFinite, outer > 0 else {
            throw GSLError(status: 1, routine: "mean first-passage quadrature (non-finite integrand)")
        }
        _ = U
        return PassageTime(logTime: log(outer) + (phiMax - phiMin))
    }

    /// For a 1-D landscape at constant temperature: from `x0` to `c`.
    public static func time(on landscape: any Landscape, temperature T: Double,
                            from x0: Double, to c: Double) throws -> PassageTime {
        precondition(landscape.dimension == 1, "exact mean first-passage times are for 1-D landscapes")
        return try time(potential: { landscape.loss(at: [$0]) }, temperature: T, from: x0, to: c)
    }
}
