import Foundation

// The exact 2-D reference of `escapelab theory`: a Problem mapped onto the
// backward Kolmogorov solver (BackwardKolmogorov2D). Applies to plain SGD on a
// 2-D landscape with Gaussian noise of constant covariance C, D = eta C / 2:
//   gaussian:sigma=s          C = s^2 I
//   sgd:batch=B (frozen)      C = |H(start)| / B   (eigenvalues made positive)
//   covariance:matrix=...     C = Sigma
//   shaped:...,at=start       C = the frozen shape; shaped:shape=isotropic C = (trace / 2) I
// The escape criterion becomes an EscapeRegion2D; the reflecting rectangle is
// KolmogorovDomain's; the grid is refined (128 then 256 cells along the
// longer side, three nested grids each) until the extrapolation is asymptotic
// with a bound below 1e-3 of tau. 512 cells would cost 10 s or more per solve,
// too much for `theory`; the bound says when it would have been needed.
//
// Discrete monitoring. The simulation checks the criterion once per step, so a
// path that crosses the boundary between two steps and comes back is missed.
// On flat ground (a boundary at a barrier top) this delays the escape by
// O(sqrt(eta)); Siegmund's correction moves the boundary outward along its
// normal n by beta sqrt(2 n^T D n eta), beta = 0.5826
// (MeanFirstPassage.discreteMonitoringShift), and `discrete` is that problem
// solved again. Where the boundary lies deep in the next basin (where the
// Kramers laws count) the two differ by far less than the grid error.

/// The backward Kolmogorov PDE's mean escape time for a 2-D problem,
/// ```
/// D : grad grad tau - grad L . grad tau = -1   off the escape set E,   tau = 0 on E,
/// reflecting walls of KolmogorovDomain's rectangle,   D = eta C / 2,
/// steps = tau / eta,
/// ```
/// with the grid-refinement (Richardson / GCI) error bound of ``BackwardKolmogorov2D``.
public struct KolmogorovEstimate: Sendable {
    /// The solve for the criterion as given.
    public let result: BackwardKolmogorov2D.Result
    /// The same with the boundary moved outward by beta sqrt(2 n^T D n eta) (per-step checking); nil when not defined.
    public let discrete: BackwardKolmogorov2D.Result?
    /// D = eta C / 2.
    public let diffusion: Diffusion2D
    /// The reflecting rectangle.
    public let domain: BackwardKolmogorov2D.Rectangle
    /// eta: steps = time / eta.
    public let learningRate: Double
    /// Wall-clock seconds of all solves.
    public let seconds: Double

    /// E[tau] in continuous time.
    public var time: Double { result.time }
    /// Bound on |time - exact| (Richardson / GCI plus the algebraic error).
    public var error: Double { result.error }
    /// tau / eta.
    public var steps: Double { result.time / learningRate }
    /// error / eta.
    public var errorSteps: Double { result.error / learningRate }
    /// Whether the finest three grids converge at an order between 1 and 3 (else refine: the bound is cruder).
    public var isAsymptotic: Bool { result.isAsymptotic }

    /// The estimate for `p`, or nil with a note saying why it does not apply.
    public init?(_ p: Problem, notes: inout [String]) {
        let l = p.landscape
        guard l.dimension == 2, p.optimizer.isPlainSGD else { return nil }
        let eta = p.learningRate
        guard let c = Self.covariance(p) else {
            notes.append("2-D PDE: needs Gaussian noise of constant covariance (gaussian, sgd:batch=B with hessian=start, covariance, shaped at=start), not \(p.noise.spec)")
            return nil
        }
        let d = Diffusion2D(xx: eta * c[0, 0] / 2, xy: eta * (c[0, 1] + c[1, 0]) / 4, yy: eta * c[1, 1] / 2)
        guard d.isPositiveDefinite else {
            notes.append("2-D PDE: the noise covariance is singular (D = [[\(d.xx.compact), \(d.xy.compact)], [\(d.xy.compact), \(d.yy.compact)]]): not an elliptic problem")
            return nil
        }
        let start = (x: p.start[0], y: p.start[1])
        guard let region = Self.region(p.escape, landscape: l, start: start) else {
            notes.append("2-D PDE: the criterion \(p.escape.spec) is not an escape set the solver takes")
            return nil
        }
        guard !region.contains(start.x, start.y) else { return nil }
        let lambda = (d.xx + d.yy) / 2 + (((d.xx - d.yy) / 2) * ((d.xx - d.yy) / 2) + d.xy * d.xy).squareRoot()
        let loss = { (x: Double, y: Double) in l.loss(at: [x, y]) }
        guard let box = KolmogorovDomain.rectangle(loss: loss, largestDiffusion: lambda, escape: region, start: start,
                                                   scale: Self.scale(p.escape, start: start),
                                                   include: Self.nearestEscapePoints(p.escape, start: start)) else {
            notes.append("2-D PDE: no reflecting rectangle found whose walls are absorbing or \(KolmogorovDomain.margin.compact) lambda_max(D) above the basin (the loss does not confine)")
            return nil
        }
        let gradient = { (x: Double, y: Double) -> (Double, Double) in
            let g = l.gradient(at: [x, y])
            return (g[0], g[1])
        }
        let clock = ContinuousClock.now
        do {
            let main = try Self.solve(gradient: gradient, diffusion: d, domain: box, escape: region, start: start)
            var shifted: BackwardKolmogorov2D.Result?
            if let moved = Self.shiftedRegion(p.escape, landscape: l, start: start, diffusion: d, learningRate: eta) {
                shifted = try? BackwardKolmogorov2D.meanExitTime(gradient: gradient, diffusion: d, domain: box, escape: moved,
                                                                  start: start, grids: main.grids)
            }
            let elapsed = ContinuousClock.now - clock
            result = main.result
            discrete = shifted
            diffusion = d
            domain = box
            learningRate = eta
            seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        } catch {
            notes.append("2-D PDE: \(error)")
            return nil
        }
        let cells = result.grids.last.map { "\($0.cellsX) x \($0.cellsY)" } ?? "?"
        notes.append("2-D PDE: backward Kolmogorov equation on [\(domain.x.lowerBound.compact), \(domain.x.upperBound.compact)] x [\(domain.y.lowerBound.compact), \(domain.y.upperBound.compact)] (reflecting walls \(KolmogorovDomain.margin.compact) lambda_max(D) above the basin), finest grid \(cells), order \(String(format: "%.2f", result.order))\(isAsymptotic ? "" : " (not asymptotic: the bound is the grid differences)"), \(String(format: "%.2f", seconds)) s")
        notes.append("2-D PDE: the simulation checks the criterion once per step; pde_discrete moves the boundary out by 0.5826 sqrt(2 n^T D n lr) (Siegmund), which matters where the boundary lies on flat ground (a barrier top); the O(lr) discretisation bias of the steps themselves remains")
    }

    /// The noise covariance C when it is Gaussian and constant.
    static func covariance(_ p: Problem) -> Matrix? {
        let l = p.landscape
        switch p.noise {
        case let .gaussian(s): return Matrix.diagonal([s * s, s * s])
        case let .sgd(b, false, h):
            guard let m = try? CurvatureMagnitude.matrix(l.hessian(at: p.start), floor: h) else { return nil }
            return (1 / Double(b)) * m
        case let .covariance(m): return m
        case let .shaped(shape, t, frozen):
            if shape == .isotropic { return Matrix.diagonal([t / 2, t / 2]) }
            return frozen ? shape.covariance(on: l, at: p.start, trace: t) : nil
        default: return nil
        }
    }

    /// The criterion as an escape set (`radius=R` about the start).
    static func region(_ e: EscapeCriterion, landscape l: any Landscape, start: (x: Double, y: Double)) -> EscapeRegion2D? {
        switch e {
        case let .coordinateAtLeast(i, c): return .coordinateAtLeast(i, c)
        case let .coordinateAtMost(i, c): return .coordinateAtMost(i, c)
        case let .magnitudeAtLeast(i, c): return .predicate { x, y in abs(i == 0 ? x : y) >= c }
        case let .minimumAtMost(c): return .minimumAtMost(c)
        case let .maximumAtLeast(c): return .maximumAtLeast(c)
        case let .radius(r): return .outsideDisc(center: start, radius: r)
        case let .lossAtLeast(v): return .predicate { x, y in l.loss(at: [x, y]) >= v }
        case .never: return nil
        }
    }

    /// The escape set with its boundary moved outward by beta sqrt(2 n^T D n eta) along its normal n.
    static func shiftedRegion(_ e: EscapeCriterion, landscape l: any Landscape, start: (x: Double, y: Double),
                              diffusion d: Diffusion2D, learningRate eta: Double) -> EscapeRegion2D? {
        let beta = MeanFirstPassage.discreteMonitoringShift
        func shift(_ n: (Double, Double)) -> Double {
            let norm2 = n.0 * n.0 + n.1 * n.1
            guard norm2 > 0 else { return 0 }
            return beta * (2 * eta * (d.xx * n.0 * n.0 + 2 * d.xy * n.0 * n.1 + d.yy * n.1 * n.1) / norm2).squareRoot()
        }
        let s = (shift((1, 0)), shift((0, 1)))
        func along(_ i: Int) -> Double { i == 0 ? s.0 : s.1 }
        switch e {
        case let .coordinateAtLeast(i, c): return .coordinateAtLeast(i, c + along(i))
        case let .coordinateAtMost(i, c): return .coordinateAtMost(i, c - along(i))
        case let .magnitudeAtLeast(i, c): return .predicate { x, y in abs(i == 0 ? x : y) >= c + along(i) }
        case let .minimumAtMost(c): return .predicate { x, y in x <= c - s.0 || y <= c - s.1 }
        case let .maximumAtLeast(c): return .predicate { x, y in x >= c + s.0 || y >= c + s.1 }
        case let .radius(r):
            return .predicate { x, y in
                let (u, v) = (x - start.x, y - start.y)
                return (u * u + v * v).squareRoot() >= r + shift((u, v))
            }
        case let .lossAtLeast(v):
            return .predicate { x, y in
                let g = l.gradient(at: [x, y])
                let q = d.xx * g[0] * g[0] + 2 * d.xy * g[0] * g[1] + d.yy * g[1] * g[1]
                return l.loss(at: [x, y]) >= v + beta * (2 * eta * q).squareRoot()
            }
        case .never: return nil
        }
    }

    /// The distance from the start to the escape set's boundary where simple, else 1.
    static func scale(_ e: EscapeCriterion, start: (x: Double, y: Double)) -> Double {
        let p = [start.x, start.y]
        let d: Double
        switch e {
        case let .coordinateAtLeast(i, c), let .coordinateAtMost(i, c): d = abs(c - p[i])
        case let .magnitudeAtLeast(i, c): d = abs(c - abs(p[i]))
        case let .minimumAtMost(c), let .maximumAtLeast(c): d = p.map { abs($0 - c) }.min()!
        case let .radius(r): d = r
        default: d = 1
        }
        return d > 0 && d.isFinite ? d : 1
    }

    /// The points of the escape set's boundary nearest the start along each axis (where simple).
    static func nearestEscapePoints(_ e: EscapeCriterion, start: (x: Double, y: Double)) -> [(x: Double, y: Double)] {
        func on(_ i: Int, _ c: Double) -> (x: Double, y: Double) { i == 0 ? (c, start.y) : (start.x, c) }
        switch e {
        case let .coordinateAtLeast(i, c), let .coordinateAtMost(i, c): return [on(i, c)]
        case let .magnitudeAtLeast(i, c): return [on(i, (i == 0 ? start.x : start.y) < 0 ? -c : c)]
        case let .minimumAtMost(c), let .maximumAtLeast(c): return [on(0, c), on(1, c)]
        case let .radius(r): return [on(0, start.x - r), on(0, start.x + r), on(1, start.y - r), on(1, start.y + r)]
        default: return []
        }
    }

    /// Refines 128 -> 256 cells (longer side) until asymptotic with error < 1e-3 tau.
    static func solve(gradient: (Double, Double) -> (Double, Double), diffusion: Diffusion2D,
                      domain: BackwardKolmogorov2D.Rectangle, escape: EscapeRegion2D,
                      start: (x: Double, y: Double)) throws -> (result: BackwardKolmogorov2D.Result, grids: BackwardKolmogorov2D.Grids) {
        var last: (BackwardKolmogorov2D.Result, BackwardKolmogorov2D.Grids)?
        for cells in [128, 256] {
            let g = BackwardKolmogorov2D.Grids.square(cells, on: domain)
            let grids = BackwardKolmogorov2D.Grids(cellsX: max(g.cellsX, 16), cellsY: max(g.cellsY, 16))
            let r = try BackwardKolmogorov2D.meanExitTime(gradient: gradient, diffusion: diffusion, domain: domain,
                                                          escape: escape, start: start, grids: grids)
            last = (r, grids)
            if r.isAsymptotic && r.error < 1e-3 * r.time { break }
        }
        return last!
    }

    // MARK: - Output

    /// JSON pairs: pde_time, pde_steps, pde_error, pde_error_steps, pde_asymptotic,
    /// pde_discrete_time, pde_discrete_steps, pde_seconds.
    func json(learningRate eta: Double) -> [(String, JSONValue)] {
        [("pde_time", .number(time)), ("pde_steps", .number(steps)), ("pde_error", .number(error)),
         ("pde_error_steps", .number(errorSteps)), ("pde_asymptotic", .bool(isAsymptotic)),
         ("pde_discrete_time", .number(discrete?.time)), ("pde_discrete_steps", .number(discrete.map { $0.time / eta })),
         ("pde_seconds", .number(seconds))]
    }

    /// The same keys, null.
    static let nullJSON: [(String, JSONValue)] = ["pde_time", "pde_steps", "pde_error", "pde_error_steps", "pde_asymptotic",
                                                  "pde_discrete_time", "pde_discrete_steps", "pde_seconds"].map { ($0, .null) }

    /// Table rows: the PDE and its shifted-boundary variant.
    func rows(learningRate eta: Double) -> [(law: String, time: Double?, steps: Double?)] {
        [("2-D PDE (backward Kolmogorov), ± \(RunReport.short(errorSteps, 3, exponentFrom: 1e6)) steps", time, steps),
         ("2-D PDE, boundary moved out by 0.5826 sqrt(2 n^T D lr)", discrete?.time, discrete.map { $0.time / eta })]
    }
}

/// The PDE of a TheoryEstimate, solved on first use and kept (thread-safe).
final class KolmogorovCache: @unchecked Sendable {
    private let problem: Problem
    private let lock = NSLock()
    private var solved: (estimate: KolmogorovEstimate?, notes: [String])?

    init(_ p: Problem) { problem = p }

    var value: (estimate: KolmogorovEstimate?, notes: [String]) {
        lock.lock()
        defer { lock.unlock() }
        if let solved { return solved }
        var notes: [String] = []
        let e = KolmogorovEstimate(problem, notes: &notes)
        solved = (e, notes)
        return (e, notes)
    }
}
