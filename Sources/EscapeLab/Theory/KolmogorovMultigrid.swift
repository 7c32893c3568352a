// Solving M tau = 1 (KolmogorovOperator) on a nested hierarchy of grids:
// geometric multigrid V-cycles whose smoother and coarsest-grid solver are
// GSL's GMRES.
//
// Why not GMRES alone. GSL's GMRES has no preconditioner. On the Jacobi-
// scaled operator it needed 162 and 346 Arnoldi steps (no restart, residual
// 1e-10) on 64^2 and 128^2 grids of the rotated double-well test, twice as
// many per halving of h, at O(m n) work per step in GSL's Householder
// implementation; GMRES(30) with restarts had not converged after 600,000
// steps. The V-cycle gives the missing coarse-grid correction: one GMRES(8)
// cycle (8 Arnoldi steps) before and after the correction on each level,
// full-weighting restriction, bilinear prolongation, re-discretised coarse
// operators, and a coarsest grid (>= 16 cells, a few hundred unknowns)
// solved by GMRES(200) to 1e-8. A cycle then cuts the residual by a factor
// of 3 to 10 whatever the grid size (8 to 20 cycles per grid in the tests),
// so the cost is linear in the number of nodes.
// A GMRES smoother rather than Gauss-Seidel: it is GSL's code, and on these
// drift-dominated M-matrices it did at least as well as symmetric
// Gauss-Seidel in the (Python) prototypes.
//
// Metastability. At low temperature the slowest mode (the quasi-stationary
// state in the basin, eigenvalue ~ 1/tau) must be represented by the coarse
// grid too; on a grid that does not resolve the basin, the coarse tau can be
// far off and the cycle diverges. Two defences: nested iteration (each grid
// starts from the interpolated solution of the grid below, so little of the
// slow mode is left to correct), and, when the residual stops falling
// (its scaled 2-norm not cut by 1.5 over five cycles), the coarsest level
// is dropped and the grid is solved again on the shorter hierarchy; when
// even the two-grid cycle stalls (a coarse grid that does not resolve the
// valley), a grid of up to 4096 unknowns is solved by GMRES alone.
//
// Stopping rule, a certificate. M is an M-matrix (M^-1 >= 0) and M tau_h = 1,
// so for any x with residual r = 1 - M x,
//     |x - tau_h| = |M^-1 r| <= M^-1 |r| <= ||r||_inf M^-1 1 = ||r||_inf tau_h,
// i.e. ||r||_inf bounds the relative algebraic error at every node. Cycles
// stop when ||r||_inf <= tolerance (1e-9), or when it is within 64 units of
// roundoff of the terms that cancel in M x (rows with a large drift carry
// entries ~ |grad L| / h times tau: on the rotated test's box the attainable
// residual is ~1e-6 at barrier/T 8 and ~1e-5 at 10; the actual error from
// those rows is far smaller, since the process leaves them at once).
// An iteration that stalls or runs out of cycles before that is accepted
// only if ||r||_inf <= acceptance (1e-6, or that roundoff level when it is
// higher), else it throws. The bound reached is reported and added to the
// error estimate.

/// Multigrid V-cycles with GMRES smoothing for the operators of a nested grid hierarchy.
final class KolmogorovMultigrid {
    /// Numerical settings (public through ``BackwardKolmogorov2D/Solver``).
    struct Settings {
        /// GMRES steps of one smoothing cycle.
        var smoothingSteps = 8
        /// GMRES restart length on the coarsest level.
        var coarseRestart = 200
        /// Relative 2-norm residual of the coarsest-level solves.
        var coarseTolerance = 1e-8
        /// Restart cycles allowed for a coarsest-level solve.
        var coarseCycles = 100
        /// Target for ||1 - M x||_inf, the relative algebraic error bound.
        var tolerance = 1e-9
        /// The largest ||1 - M x||_inf accepted when the iteration stalls (in
        /// roundoff) or runs out of cycles before `tolerance`.
        var acceptance = 1e-6
        /// V-cycles allowed per grid.
        var maxCycles = 50
        /// Largest grid (unknowns) that falls back to GMRES alone when even
        /// the two-grid cycle stalls.
        var directLimit = 4096
    }

    /// One grid's solution: tau_h at the nodes, V-cycles spent, ||1 - M x||_inf reached.
    struct Solution {
        let values: [Double]
        let cycles: Int
        let residual: Double
    }

    /// Coarsest first.
    let levels: [KolmogorovOperator]
    /// `prolongations[k]` interpolates level k to level k + 1.
    let prolongations: [SparseMatrix]
    let settings: Settings
    private let smoothers: [GMRESSolver]
    private var coarseSolvers: [Int: GMRESSolver] = [:]
    /// GMRES restart cycles run, all levels.
    private(set) var gmresCycles = 0
    /// Levels solved by GMRES alone (level 0, and fallbacks).
    private(set) var directSolves = 0

    init(levels: [KolmogorovOperator], settings: Settings) {
        precondition(!levels.isEmpty)
        self.levels = levels
        self.settings = settings
        prolongations = zip(levels, levels.dropFirst()).map { KolmogorovOperator.prolongation(from: $0, to: $1) }
        smoothers = levels.map { GMRESSolver($0.matrix, restart: settings.smoothingSteps) }
    }

    /// Solves level `top` from `initial` (the interpolated solution of the
    /// level below, or zeros); level 0 is solved by GMRES alone.
    /// - Throws: ``ConvergenceError`` when no hierarchy reaches the tolerance
    ///   within `maxCycles` V-cycles, or a coarsest-level GMRES solve fails.
    func solve(level top: Int, from initial: [Double]) throws -> Solution {
        let op = levels[top]
        let b = op.diagonal.map { 1 / $0 }
        if top == 0 { return try solveDirectly(level: 0, b, from: initial) }
        var bottom = 0
        while true {
            var x = initial
            var progress: [Double] = []
            var r = Double.nan, floor = 0.0
            for k in 1...max(settings.maxCycles, 1) {
                try cycle(top, bottom: bottom, &x, b)
                let measured = residual(top, x, b)
                r = measured.certificate
                if k == 1 { floor = 64 * Double.ulpOfOne * op.matrix.largestRowMagnitude(x, rowWeights: op.diagonal) }
                if r <= max(settings.tolerance, floor) { return Solution(values: x, cycles: k, residual: r) }
                progress.append(measured.scaled)
                let n = progress.count
                if !(measured.scaled.isFinite && r.isFinite) || (n >= 6 && progress[n - 1] > progress[n - 6] / 1.5) { break }
            }
            // Stalled (or out of cycles): accepted if certified close enough,
            // else the coarsest level is dropped, else it is an error.
            if r <= max(settings.acceptance, floor) { return Solution(values: x, cycles: progress.count, residual: r) }
            if bottom + 1 >= top && progress.count < max(settings.maxCycles, 1) && op.count <= settings.directLimit {
                // Even the two-grid cycle fails (a grid that does not resolve
                // the valley): GMRES alone, affordable on a small grid.
                return try solveDirectly(level: top, b, from: r.isFinite ? x : initial)
            }
            if progress.count == max(settings.maxCycles, 1) || bottom + 1 >= top {
                throw ConvergenceError(solver: "multigrid V-cycles (GMRES(\(settings.smoothingSteps)) smoothing, levels \(bottom)...\(top)) on \(op.count) unknowns",
                                       residual: r, target: max(settings.tolerance, floor), cycles: progress.count)
            }
            bottom += 1
        }
    }

    /// The zero vector of level k's size.
    func zeros(_ k: Int) -> [Double] { [Double](repeating: 0, count: levels[k].count) }

    /// Level k's solution interpolated to level k + 1.
    func interpolate(_ x: [Double], from k: Int) -> [Double] {
        var y = zeros(k + 1)
        prolongations[k].multiply(x, into: &y)
        return y
    }

    /// The certificate max_i diag_i |b_i - (A x)_i| = ||1 - M x||_inf, and the
    /// progress measure ||b - A x||_2 / ||b||_2 (A = diag^-1 M, b = diag^-1 1),
    /// the norm GMRES reduces: the certificate, dominated by a few rows of
    /// large drift, can jump up and down for several cycles while it falls.
    private func residual(_ k: Int, _ x: [Double], _ b: [Double]) -> (certificate: Double, scaled: Double) {
        var r = b
        levels[k].matrix.multiply(x, into: &r, alpha: -1, beta: 1)
        var largest = 0.0, squares = 0.0, bSquares = 0.0
        for i in r.indices {
            let v = abs(r[i]) * levels[k].diagonal[i]
            if !(v <= largest) { largest = v }   // propagates NaN
            squares += r[i] * r[i]
            bSquares += b[i] * b[i]
        }
        return (largest, (squares / bSquares).squareRoot())
    }

    /// One V-cycle on A_k x = b from x; level `bottom` is solved by GMRES.
    private func cycle(_ k: Int, bottom: Int, _ x: inout [Double], _ b: [Double]) throws {
        if k == bottom {
            gmresCycles += try coarseSolver(k).solve(b, &x, tolerance: settings.coarseTolerance, maxCycles: settings.coarseCycles)
            return
        }
        let op = levels[k], coarse = levels[k - 1]
        try smoothers[k].cycle(b, &x, tolerance: 0)
        // Restrict the unscaled residual 1 - M x by full weighting, P^T / 4.
        var r = b
        op.matrix.multiply(x, into: &r, alpha: -1, beta: 1)
        for i in r.indices { r[i] *= op.diagonal[i] }
        var rc = zeros(k - 1)
        prolongations[k - 1].multiply(r, into: &rc, transposed: true, alpha: 0.25)
        for i in rc.indices { rc[i] /= coarse.diagonal[i] }
        var e = zeros(k - 1)
        try cycle(k - 1, bottom: bottom, &e, rc)
        prolongations[k - 1].multiply(e, into: &x, alpha: 1, beta: 1)
        try smoothers[k].cycle(b, &x, tolerance: 0)
        gmresCycles += 2
    }

    /// GMRES alone on level k: to `coarseTolerance`, then with the 2-norm
    /// tolerance tightened a hundredfold at a time (down to 1e-14, or until
    /// GMRES stalls in roundoff) while the certificate misses its target.
    private func solveDirectly(level k: Int, _ b: [Double], from initial: [Double]) throws -> Solution {
        let solver = coarseSolver(k)
        var x = initial
        var tolerance = settings.coarseTolerance
        var cycles = try solver.solve(b, &x, tolerance: tolerance, maxCycles: settings.coarseCycles)
        var r = residual(k, x, b).certificate
        let floor = 64 * Double.ulpOfOne * levels[k].matrix.largestRowMagnitude(x, rowWeights: levels[k].diagonal)
        while r > max(settings.tolerance, floor) && tolerance > 1e-14 {
            tolerance /= 100
            var y = x
            do {
                cycles += try solver.solve(b, &y, tolerance: tolerance, maxCycles: settings.coarseCycles)
            } catch is ConvergenceError {
                cycles += settings.coarseCycles
                break
            }
            x = y
            r = residual(k, x, b).certificate
        }
        gmresCycles += cycles
        directSolves += 1
        guard r <= max(settings.acceptance, floor) else {
            throw ConvergenceError(solver: "GMRES(\(solver.restart)) on \(levels[k].count) unknowns", residual: r,
                                   target: max(settings.acceptance, floor), cycles: cycles)
        }
        return Solution(values: x, cycles: cycles, residual: r)
    }

    private func coarseSolver(_ k: Int) -> GMRESSolver {
        if let s = coarseSolvers[k] { return s }
        let s = GMRESSolver(levels[k].matrix, restart: settings.coarseRestart)
        coarseSolvers[k] = s
        return s
    }
}
