import Foundation

// Exact mean first-passage times of 1-D overdamped Langevin dynamics
// (Theory article, § Exact mean first-passage time) by GSL quadrature.
//
// Convention. The engine's steps are Euler-Maruyama steps, i.e. Ito: the
// noise is drawn at the current point. The mean first-passage time tau(x)
// to the absorbing point c, with a reflecting boundary at x_L, solves
//     D tau'' - U' tau' = -1,   tau(c) = 0,   tau'(x_L) = 0.
// With Phi' = U'/D this is (e^(-Phi) tau')' = -e^(-Phi) / D, so
//     tau(x0) = Int_{x0}^{c} dy e^(Phi(y)) Int_{x_L}^{y} dz e^(-Phi(z)) / D(z).
// For constant D = T, Phi = U/T and this is the classical formula. (The 1/D
// on the outer integral instead would solve the anti-Ito / isothermal
// convention, which the simulator does not use; the Theory article derives both.)
//
// Efficiency. The inner integral is tabulated once on a uniform grid
// (CumulativeIntegral); so is Phi when D varies. Each evaluation of the
// outer integrand then costs one short Gauss-Kronrod rule, not a nested
// adaptive quadrature.
//
// Overflow. Exponents are shifted: the outer integrand carries
// e^(Phi - Phi_max) <= 1 on [x0, c], the inner one e^(-(Phi - Phi_min)) <= 1,
// and Phi_max - Phi_min is added to the logarithm of the result. Barrier /
// temperature ratios of several hundred are fine.

/// Exact mean first-passage times for dX = -U'(X) dt + sqrt(2 D(X)) dW in 1-D.
public enum MeanFirstPassage {
    /// Constant temperature T (D = T), from x0 to the absorbing point c:
    /// ```
    /// tau(x0) = (1/T) Int_{x0}^{c} dy exp(U(y)/T) Int_{x_L}^{y} dz exp(-U(z)/T)
    /// ```
    /// - Parameters:
    ///   - U: the potential (the loss along the line).
    ///   - T: the temperature, finite and > 0.
    ///   - x0: the start point.
    ///   - c: the absorbing point.
    ///   - xL: the reflecting point x_L, on the side of x0 away from c; nil
    ///     means infinitely far, and then U must grow without bound on that side.
    /// - Returns: E[tau] in continuous time (steps = time / eta).
    /// - Complexity: a few thousand evaluations of U.
    public static func time(potential U: @escaping (Double) -> Double, temperature T: Double,
                            from x0: Double, to c: Double, reflecting xL: Double? = nil) throws -> PassageTime {
        guard T.isFinite, T > 0 else { throw TheoryError.invalid("temperature must be finite and > 0, got \(T)") }
        let s = try direction(from: x0, to: c, reflecting: xL)
        let u0 = U(x0)
        let phi = { (x: Double) in (U(s * x) - u0) / T }
        let lower = try lowerEnd(phi: phi, a: s * x0, b: s * c, reflecting: xL.map { s * $0 })
        return try solve(phi: phi, diffusion: { _ in T }, a: s * x0, b: s * c, lower: lower)
    }

    /// Position-dependent diffusion D(x) > 0 (e.g. SGD-like noise, D = eta C(x) / 2),
    /// Ito convention (the simulator's):
    /// ```
    /// tau(x0) = Int_{x0}^{c} dy exp(Phi(y)) Int_{x_L}^{y} dz exp(-Phi(z)) / D(z),
    /// Phi(x) = Int^x U'(u) / D(u) du
    /// ```
    /// the solution of D tau'' - U' tau' = -1 with tau(c) = 0 and a reflecting x_L.
    /// Phi is tabulated once by quadrature of U'/D.
    /// - Throws: `TheoryError.vanishingDiffusion` when D <= 0 on the way (the
    ///   passage time is then infinite), a `GSLError` when a quadrature fails.
    public static func time(gradient dU: @escaping (Double) -> Double, diffusion D: @escaping (Double) -> Double,
                            from x0: Double, to c: Double, reflecting xL: Double? = nil) throws -> PassageTime {
        let s = try direction(from: x0, to: c, reflecting: xL)
        let a = s * x0, b = s * c
        let slope = { (x: Double) in s * dU(s * x) / D(s * x) }
        let diffusion = { (x: Double) in D(s * x) }
        // Phi from a, by adaptive quadrature, only to find the working interval.
        let direct = { (x: Double) in (try? Quadrature.integrate(slope, from: a, to: x, tolerance: phiTolerance)) ?? .nan }
        try checkPositive(diffusion, from: a, to: b, s: s)
        let lower = try lowerEnd(phi: direct, a: a, b: b, reflecting: xL.map { s * $0 })
        try checkPositive(diffusion, from: lower.x, to: a, s: s)
        let table = try CumulativeIntegral(slope, from: lower.x, to: b, panels: panels, tolerance: phiTolerance)
        return try solve(phi: { table($0) }, diffusion: diffusion, a: a, b: b, lower: lower)
    }

    /// For a 1-D landscape at constant temperature: from `x0` to `c`.
    public static func time(on landscape: any Landscape, temperature T: Double,
                            from x0: Double, to c: Double, reflecting xL: Double? = nil) throws -> PassageTime {
        guard landscape.dimension == 1 else { throw TheoryError.invalid("exact mean first-passage times are for 1-D landscapes") }
        return try time(potential: { landscape.loss(at: [$0]) }, temperature: T, from: x0, to: c, reflecting: xL)
    }

    /// For a 1-D landscape with diffusion D(x): from `x0` to `c`.
    public static func time(on landscape: any Landscape, diffusion D: @escaping (Double) -> Double,
                            from x0: Double, to c: Double, reflecting xL: Double? = nil) throws -> PassageTime {
        guard landscape.dimension == 1 else { throw TheoryError.invalid("exact mean first-passage times are for 1-D landscapes") }
        return try time(gradient: { landscape.gradient(at: [$0])[0] }, diffusion: D, from: x0, to: c, reflecting: xL)
    }

    /// beta = -zeta(1/2) / sqrt(2 pi) = 0.5826...: a boundary checked once per
    /// step, with per-step noise displacement of standard deviation
    /// s = sqrt(2 D eta), is first found crossed about when the continuous path
    /// would cross the boundary moved outward by beta s (Siegmund's corrected
    /// diffusion approximation; Broadie, Glasserman and Kou 1997). The
    /// discrete escape time therefore exceeds the continuous one by
    /// O(sqrt(eta)) where the boundary sits on flat ground (a barrier top).
    public static let discreteMonitoringShift = 0.5825971579390106

    // MARK: - The quadrature

    /// Panels of the tabulated integrals; samples of the extrema scan.
    static let panels = 512
    static let scan = 2048
    static let phiTolerance = Quadrature.Tolerance(relative: 1e-12, absolute: 1e-13, intervals: 1000)
    static let innerTolerance = Quadrature.Tolerance(relative: 1e-12, absolute: 1e-300, intervals: 1000)
    static let outerTolerance = Quadrature.Tolerance(relative: 1e-10, absolute: 0, intervals: 4000)

    /// +1 when c lies right of x0, -1 (the mirrored problem x -> -x) when left.
    static func direction(from x0: Double, to c: Double, reflecting xL: Double?) throws -> Double {
        guard x0.isFinite, c.isFinite, x0 != c else {
            throw TheoryError.invalid("start \(x0) and absorbing point \(c) must be finite and different")
        }
        let s: Double = c > x0 ? 1 : -1
        if let xL, !(s * xL <= s * x0) {
            throw TheoryError.invalid("the reflecting boundary \(xL) must lie on the start's side away from \(c)")
        }
        return s
    }

    /// The left end of the working interval (mirrored coordinates) and whether
    /// an infinite tail lies beyond it: the reflecting boundary when given,
    /// else far enough left that e^(-(Phi - Phi_min)) < e^(-46) and rising.
    static func lowerEnd(phi: (Double) -> Double, a: Double, b: Double, reflecting: Double?) throws -> (x: Double, tail: Bool) {
        if let reflecting { return (reflecting, false) }
        var phiMin = Double.infinity
        for k in 0...64 { phiMin = min(phiMin, phi(a + (b - a) * Double(k) / 64)) }
        var span = max(b - a, 1)
        for _ in 0..<60 {
            let lo = a - span
            for k in 0...64 { phiMin = min(phiMin, phi(lo + span * Double(k) / 64)) }
            let here = phi(lo)
            guard here.isFinite, phiMin.isFinite else { break }
            if here - phiMin > 46, phi(lo - 1e-3 * span) > here { return (lo, true) }
            span *= 2
        }
        throw TheoryError.notConfining
    }

    /// Throws when D (in mirrored coordinates) is not positive and finite on
    /// [lo, b]: on a grid, and at each local minimum of the grid values refined
    /// by golden-section search (D = eta |U''| / (2B) touches 0 between grid
    /// points, at the inflection points of U).
    static func checkPositive(_ D: (Double) -> Double, from lo: Double, to b: Double, s: Double) throws {
        guard b > lo else { return }
        let h = (b - lo) / Double(scan)
        let ds = (0...scan).map { D(lo + Double($0) * h) }
        for (k, d) in ds.enumerated() where !(d.isFinite && d > 0) { throw TheoryError.vanishingDiffusion(at: s * (lo + Double(k) * h)) }
        let floor = 1e-12 * ds.max()!
        for k in 1..<scan where ds[k] <= ds[k - 1] && ds[k] <= ds[k + 1] {
            var (u, v) = (lo + Double(k - 1) * h, lo + Double(k + 1) * h)
            let g = (5.0.squareRoot() - 1) / 2
            for _ in 0..<80 {
                let p = v - g * (v - u), q = u + g * (v - u)
                if D(p) < D(q) { v = q } else { u = p }
            }
            let x = (u + v) / 2
            if !(D(x) > floor) { throw TheoryError.vanishingDiffusion(at: s * x) }
        }
    }

    /// tau = Int_a^b dy e^(Phi(y)) [tail + Int_lo^y e^(-Phi)/D], in mirrored coordinates.
    static func solve(phi: @escaping (Double) -> Double, diffusion D: @escaping (Double) -> Double,
                      a: Double, b: Double, lower: (x: Double, tail: Bool)) throws -> PassageTime {
        let lo = lower.x
        // Scan Phi: its extrema are breakpoints, its extreme values the shifts.
        var xs: [Double] = [], ps: [Double] = []
        for k in 0...scan {
            let x = lo + (b - lo) * Double(k) / Double(scan)
            xs.append(x)
            ps.append(phi(x))
        }
        guard ps.allSatisfy(\.isFinite) else {
            throw TheoryError.invalid("Phi = Int U'/D is not finite on the way to the escape point")
        }
        var extrema: [Double] = []
        for k in 1..<scan where (ps[k] - ps[k - 1]) * (ps[k + 1] - ps[k]) < 0 { extrema.append(xs[k]) }
        if extrema.count > 256 { extrema = stride(from: 0, to: extrema.count, by: extrema.count / 256 + 1).map { extrema[$0] } }
        let phiMin = min(ps.min()!, phi(a), phi(b))
        let phiMax = max(zip(xs, ps).filter { $0.0 >= a }.map(\.1).max() ?? -.infinity, phi(a), phi(b))

        let weight = { (z: Double) in exp(-(phi(z) - phiMin)) / D(z) }
        var tail = 0.0
        if lower.tail {
            tail = try Quadrature.integrate(weight, fromMinusInfinityTo: lo, tolerance: innerTolerance)
        }
        let inner: CumulativeIntegral? = b > lo ? try CumulativeIntegral(weight, from: lo, to: b, panels: panels, tolerance: innerTolerance) : nil
        let outer = try Quadrature.integrate({ y in exp(phi(y) - phiMax) * (tail + (inner?(y) ?? 0)) },
                                             from: a, to: b, breakpoints: extrema, tolerance: outerTolerance)
        guard outer.isFinite, outer > 0 else {
            throw TheoryError.invalid("the mean first-passage quadrature gave \(outer)")
        }
        return PassageTime(logTime: log(outer) + (phiMax - phiMin))
    }
}
