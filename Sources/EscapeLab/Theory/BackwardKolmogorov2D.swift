import Foundation

// The exact 2-D reference for mean escape times: the backward Kolmogorov
// (Dynkin) equation solved on three nested grids and Richardson-extrapolated.
//
//     D : grad grad tau - grad L . grad tau = -1   in the rectangle, off the escape set,
//     tau = 0 on the escape set,   reflecting walls,
//
// for dX = -grad L dt + sqrt(2 D) dW with D constant (Diffusion2D). The
// discretisation (Selling directions + Scharfetter-Gummel fluxes, monotone
// and second order at any temperature) is explained at the top of
// KolmogorovOperator.swift; the solver (multigrid with GSL's GMRES) at the
// top of KolmogorovMultigrid.swift.
//
// Error estimate. tau_0, tau_1, tau_2 on spacings h, h/2, h/4 (the start is a
// node of each). With d1 = tau_0 - tau_1, d2 = tau_1 - tau_2 the observed
// order is p = log2(d1 / d2). When 1 <= p <= 3 (the scheme is second order;
// its boundary cuts add O(h^3) noise) the value is Richardson's
// tau_2 + d2 / (2^p - 1) and its error bound Roache's grid-convergence index
// 1.25 |d2| / (2^p - 1), the estimated error of the finest grid with a
// safety factor; in the tests the extrapolated value was 1 to 500 times
// closer to the exact time than the finest grid's, so the bound is generous.
// Otherwise (d1, d2 of opposite signs or p out of range: the coarse grid does
// not resolve the problem) the value is tau_2 and the bound |d1| + |d2|, and
// `isAsymptotic` is false: refine. The multigrid's certified algebraic bound
// (relative, per grid) is added, times 3 (the extrapolation's weights).

/// Mean first-passage times of 2-D overdamped Langevin dynamics with
/// constant, possibly anisotropic diffusion, from the backward Kolmogorov equation:
/// ```
/// D : grad grad tau - grad L . grad tau = -1   in Omega \ E,
/// tau = 0 on E (escape set),   n . grad tau = 0 on the walls of Omega,
/// dX = -grad L(X) dt + sqrt(2 D) dW.
/// ```
public enum BackwardKolmogorov2D {
    /// The reflecting rectangle Omega = x x y.
    public struct Rectangle: Sendable {
        public var x: ClosedRange<Double>
        public var y: ClosedRange<Double>
        public init(x: ClosedRange<Double>, y: ClosedRange<Double>) {
            self.x = x
            self.y = y
        }
    }

    /// The grids: the finest has spacings hx = width / cellsX, hy = height /
    /// cellsY; each coarser one doubles them (`levels` grids, at least 3).
    /// Every grid passes through the start, so the walls move out by less
    /// than one coarsest spacing.
    public struct Grids: Sendable {
        public var cellsX: Int
        public var cellsY: Int
        public var levels: Int
        public init(cellsX: Int, cellsY: Int, levels: Int = 3) {
            self.cellsX = cellsX
            self.cellsY = cellsY
            self.levels = levels
        }
        /// About square cells: `cells` along the longer side of the finest grid.
        public static func square(_ cells: Int, on domain: Rectangle, levels: Int = 3) -> Grids {
            let h = max(domain.x.upperBound - domain.x.lowerBound, domain.y.upperBound - domain.y.lowerBound) / Double(cells)
            return Grids(cellsX: max(1, Int(((domain.x.upperBound - domain.x.lowerBound) / h).rounded())),
                         cellsY: max(1, Int(((domain.y.upperBound - domain.y.lowerBound) / h).rounded())), levels: levels)
        }
    }

    /// Solver settings; the defaults are what the tests use.
    public struct Solver: Sendable {
        /// GMRES steps per smoothing cycle (GMRES(8)).
        public var smoothingSteps = 8
        /// GMRES restart length on the coarsest multigrid level.
        public var coarseRestart = 200
        /// Relative 2-norm residual of coarsest-level GMRES solves.
        public var coarseTolerance = 1e-8
        /// Restart cycles allowed per coarsest-level solve.
        public var coarseCycles = 100
        /// Target relative algebraic error ||1 - M tau||_inf (a certified bound).
        public var tolerance = 1e-9
        /// The largest ||1 - M tau||_inf accepted from an iteration that stalls
        /// or runs out of cycles (raised to the roundoff level of M tau when
        /// that is higher); above it the solve throws.
        public var acceptance = 1e-6
        /// V-cycles allowed per grid.
        public var maxCycles = 50
        /// Multigrid levels below the coarsest reported grid are added while
        /// they keep at least this many cells along the longer side.
        public var coarsestCells = 16
        public init() {}
    }

    /// One grid of the result.
    public struct GridRun: Sendable {
        /// Cells of the grid across its (slightly enlarged) rectangle.
        public let cellsX: Int
        public let cellsY: Int
        /// Free nodes (unknowns).
        public let unknowns: Int
        /// tau at the start on this grid.
        public let time: Double
        /// Multigrid V-cycles (GMRES restart cycles where GMRES alone solved it).
        public let cycles: Int
        /// Certified relative algebraic error, ||1 - M tau_h||_inf.
        public let algebraicError: Double
    }

    /// The mean escape time from the start with its error bound.
    public struct Result: Sendable {
        /// E[tau] in continuous time (Richardson-extrapolated when asymptotic).
        public let time: Double
        /// Bound on |time - exact| (see the file's header).
        public let error: Double
        /// Observed convergence order log2(d1 / d2); NaN when d1 / d2 <= 0.
        public let order: Double
        /// Whether 1 <= order <= 3, so that `time` is extrapolated.
        public let isAsymptotic: Bool
        /// The grids, coarsest first.
        public let grids: [GridRun]
        /// GMRES restart cycles run in total (smoothing and coarse solves).
        public let gmresCycles: Int
        /// Wall-clock seconds, assembly included.
        public let seconds: Double

        /// tau / eta: mean steps of an optimizer with learning rate eta.
        public func steps(learningRate eta: Double) -> Double { time / eta }
    }

    /// Solves the backward Kolmogorov equation on `grids.levels` nested grids
    /// and extrapolates tau at `start`.
    /// - Parameters:
    ///   - gradient: (x, y) -> grad L(x, y), finite on the rectangle.
    ///   - diffusion: D, symmetric positive definite.
    ///   - domain: the reflecting rectangle; it should enclose the basin with
    ///     walls where e^(-L/T) is negligible unless a wall is meant.
    ///   - escape: the absorbing set; it must contain grid nodes and not the start.
    ///   - start: the start point, inside the rectangle.
    ///   - grids: the finest grid's cells and the number of nested levels.
    ///   - solver: the multigrid and GMRES settings.
    /// - Returns: tau(start) with an error bound and the per-grid values.
    /// - Throws: `TheoryError.invalid` for bad input, ``ConvergenceError``
    ///   when a linear solve misses its tolerance, a ``GSLError`` from GSL.
    /// - Complexity: linear in the finest grid's nodes (8 to 25 V-cycles per
    ///   grid); a 256 x 256 finest grid takes 1 to 3 s, 384 x 384 3 to 6 s,
    ///   mostly in GSL's GMRES (debug and release builds alike).
    public static func meanExitTime(gradient: (Double, Double) -> (Double, Double), diffusion: Diffusion2D,
                                    domain: Rectangle, escape: EscapeRegion2D, start: (x: Double, y: Double),
                                    grids: Grids, solver: Solver = Solver()) throws -> Result {
        let clock = ContinuousClock.now
        try validate(diffusion: diffusion, domain: domain, escape: escape, start: start, grids: grids, solver: solver)
        let scale = Double(1 << (grids.levels - 1))
        let h = (x: (domain.x.upperBound - domain.x.lowerBound) / Double(grids.cellsX) * scale,
                 y: (domain.y.upperBound - domain.y.lowerBound) / Double(grids.cellsY) * scale)
        let coarsest = KolmogorovGrid(start: start, hx: h.x, hy: h.y, covering: domain.x, domain.y)
        var reported = [coarsest]
        for _ in 1..<grids.levels { reported.append(reported[reported.count - 1].refined()) }
        func assemble(_ g: KolmogorovGrid) throws -> KolmogorovOperator {
            try KolmogorovOperator(gradient: gradient, diffusion: diffusion, escape: escape, grid: g)
        }
        // Multigrid levels below the coarsest reported grid, while they keep
        // cells enough and an absorbing node. A side of 1 to 3 cells stops the
        // coarsening: rounded up, its count would shrink too little and the
        // coarse rectangle would outgrow the fine one.
        var below: [KolmogorovOperator] = []
        var g = coarsest
        while true {
            let c = g.coarsened()
            guard [g.left, g.right, g.below, g.above].allSatisfy({ $0 == 0 || $0 >= 4 }),
                  max(c.nx, c.ny) - 1 >= solver.coarsestCells, let op = try? assemble(c) else { break }
            below.insert(op, at: 0)
            g = c
        }
        let levels = below + (try reported.map(assemble))
        let settings = KolmogorovMultigrid.Settings(
            smoothingSteps: solver.smoothingSteps, coarseRestart: solver.coarseRestart, coarseTolerance: solver.coarseTolerance,
            coarseCycles: solver.coarseCycles, tolerance: solver.tolerance, acceptance: solver.acceptance,
            maxCycles: solver.maxCycles)
        let mg = KolmogorovMultigrid(levels: levels, settings: settings)

        // Nested iteration up the whole hierarchy.
        var runs: [GridRun] = []
        var x = mg.zeros(0)
        for k in levels.indices {
            if k > 0 { x = mg.interpolate(x, from: k - 1) }
            let s = try mg.solve(level: k, from: x)
            x = s.values
            guard k >= below.count else { continue }
            let grid = levels[k].grid
            let tau = x[levels[k].start]
            guard tau.isFinite, tau > 0 else {
                throw TheoryError.invalid("the discrete mean exit time came out as \(tau)")
            }
            runs.append(GridRun(cellsX: grid.nx - 1, cellsY: grid.ny - 1, unknowns: levels[k].count, time: tau,
                                cycles: s.cycles, algebraicError: s.residual))
        }

        let (t0, t1, t2) = (runs[runs.count - 3].time, runs[runs.count - 2].time, runs[runs.count - 1].time)
        let d1 = t0 - t1, d2 = t1 - t2
        let ratio = d1 / d2
        let order = ratio > 0 ? log2(ratio) : .nan
        let asymptotic = order >= 1 && order <= 3
        let algebraic = 3 * (runs.map(\.algebraicError).max() ?? 0) * t2
        let time: Double, error: Double
        if d2 == 0 && d1 == 0 {
            (time, error) = (t2, algebraic)
        } else if asymptotic {
            let correction = d2 / (exp2(order) - 1)
            (time, error) = (t2 - correction, 1.25 * abs(correction) + algebraic)
        } else {
            (time, error) = (t2, abs(d1) + abs(d2) + algebraic)
        }
        let elapsed = ContinuousClock.now - clock
        return Result(time: time, error: error, order: order, isAsymptotic: asymptotic, grids: runs,
                      gmresCycles: mg.gmresCycles,
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    static func validate(diffusion: Diffusion2D, domain: Rectangle, escape: EscapeRegion2D,
                         start: (x: Double, y: Double), grids: Grids, solver: Solver) throws {
        guard diffusion.isPositiveDefinite else {
            throw TheoryError.invalid("the diffusion matrix must be finite, symmetric positive definite, got \(diffusion)")
        }
        let bounds = [domain.x.lowerBound, domain.x.upperBound, domain.y.lowerBound, domain.y.upperBound]
        guard bounds.allSatisfy(\.isFinite), domain.x.upperBound > domain.x.lowerBound,
              domain.y.upperBound > domain.y.lowerBound else {
            throw TheoryError.invalid("the rectangle must be finite with positive width and height")
        }
        guard domain.x.contains(start.x), domain.y.contains(start.y) else {
            throw TheoryError.invalid("the start (\(start.x), \(start.y)) lies outside the rectangle")
        }
        try escape.validate()
        guard (3...8).contains(grids.levels) else { throw TheoryError.invalid("levels must be 3 to 8, got \(grids.levels)") }
        let least = 2 << (grids.levels - 1)
        guard grids.cellsX >= least, grids.cellsY >= least else {
            throw TheoryError.invalid("the finest grid needs at least \(least) cells per side for \(grids.levels) levels")
        }
        guard solver.smoothingSteps >= 1, solver.coarseRestart >= 1, solver.coarseCycles >= 1, solver.maxCycles >= 1,
              solver.tolerance > 0, solver.acceptance >= solver.tolerance, solver.coarseTolerance > 0 else {
            throw TheoryError.invalid("solver steps, cycles and tolerances must be positive")
        }
    }
}
