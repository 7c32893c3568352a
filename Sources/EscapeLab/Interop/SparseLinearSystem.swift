import CGSL

// GSL's sparse matrices and its GMRES solver, for the PDE reference
// (Theory/BackwardKolmogorov2D.swift).
//
// Storage. A matrix is written once, row by row, straight into GSL's
// compressed-row arrays (`gsl_spmatrix`, CSR): no triplet tree, no
// conversion. Vectors stay Swift arrays and reach GSL as views
// (`gsl_vector_view_array`), so no call copies a vector.
//
// Solver. `gsl_splinalg_itersolve_gmres` is Walker's Householder GMRES. One
// call of `gsl_splinalg_itersolve_iterate` is one restart cycle: up to m
// Arnoldi steps from the current x, stopping early once
// ||b - A x||_2 <= tol ||b||_2, then x is updated and the true residual
// recomputed. GSL has no preconditioner hook and does not report the inner
// step count, so the callers count cycles, and the multigrid cycle in
// Theory/KolmogorovMultigrid.swift supplies the coarse-grid correction that
// unpreconditioned GMRES lacks (on an n x n grid it needs O(n) steps).

/// A real sparse matrix in GSL's compressed-row storage (`gsl_spmatrix`, CSR).
final class SparseMatrix {
    let rows: Int
    let columns: Int
    let storage: UnsafeMutablePointer<gsl_spmatrix>

    /// Row r holds `values[rowStart[r]..<rowStart[r + 1]]` in the columns
    /// `columnIndex[rowStart[r]..<rowStart[r + 1]]` (no column twice in a row).
    init(rows: Int, columns: Int, rowStart: [Int], columnIndex: [Int32], values: [Double]) {
        precondition(rows > 0 && columns > 0 && rowStart.count == rows + 1 && rowStart[0] == 0
                     && rowStart[rows] == values.count && columnIndex.count == values.count,
                     "inconsistent compressed-row arrays")
        GSL.prepare()
        self.rows = rows
        self.columns = columns
        guard let m = gsl_spmatrix_alloc_nzmax(rows, columns, max(values.count, 1), Int32(GSL_SPMATRIX_CSR)) else {
            fatalError("gsl_spmatrix_alloc_nzmax: out of memory for \(values.count) entries")
        }
        storage = m
        for r in 0...rows { m.pointee.p[r] = Int32(rowStart[r]) }
        if !values.isEmpty {
            columnIndex.withUnsafeBufferPointer { m.pointee.i.update(from: $0.baseAddress!, count: values.count) }
            values.withUnsafeBufferPointer { m.pointee.data.update(from: $0.baseAddress!, count: values.count) }
        }
        m.pointee.nz = values.count
    }

    deinit { gsl_spmatrix_free(storage) }

    /// Stored entries.
    var nonzeros: Int { storage.pointee.nz }

    /// y <- alpha op(A) x + beta y with op(A) = A, or A^T when `transposed`
    /// (`gsl_spblas_dgemv`).
    func multiply(_ x: [Double], into y: inout [Double], transposed: Bool = false,
                  alpha: Double = 1, beta: Double = 0) {
        precondition(x.count == (transposed ? rows : columns) && y.count == (transposed ? columns : rows))
        let status = x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                var xv = gsl_vector_const_view_array(xp.baseAddress, xp.count)
                var yv = gsl_vector_view_array(yp.baseAddress, yp.count)
                return gsl_spblas_dgemv(transposed ? CblasTrans : CblasNoTrans, alpha, storage, &xv.vector, beta, &yv.vector)
            }
        }
        precondition(status == GSL_SUCCESS, "gsl_spblas_dgemv failed with status \(status)")
    }

    /// max_r sum_c |A_rc x_c| w_r: the size of the terms that cancel in
    /// (A x)_r, weighted per row; unit roundoff times it is the floor below
    /// which a computed residual max_r w_r |(b - A x)_r| cannot fall.
    func largestRowMagnitude(_ x: [Double], rowWeights w: [Double]) -> Double {
        precondition(x.count == columns && w.count == rows)
        let m = storage.pointee
        var largest = 0.0
        for r in 0..<rows {
            var s = 0.0
            for k in Int(m.p[r])..<Int(m.p[r + 1]) { s += abs(m.data[k] * x[Int(m.i[k])]) }
            largest = max(largest, s * w[r])
        }
        return largest
    }
}

/// GSL's restarted GMRES (`gsl_splinalg_itersolve_gmres`) bound to one matrix;
/// the workspace holds the n x (m + 1) Householder basis.
final class GMRESSolver {
    let matrix: SparseMatrix
    /// m, the Krylov dimension of one restart cycle (at most n).
    let restart: Int
    private let workspace: UnsafeMutablePointer<gsl_splinalg_itersolve>

    init(_ matrix: SparseMatrix, restart: Int) {
        precondition(matrix.rows == matrix.columns && restart >= 1)
        GSL.prepare()
        self.matrix = matrix
        self.restart = min(restart, matrix.rows)
        guard let w = gsl_splinalg_itersolve_alloc(cgsl_splinalg_gmres(), matrix.rows, self.restart) else {
            fatalError("gsl_splinalg_itersolve_alloc: out of memory for GMRES(\(restart)) on \(matrix.rows) unknowns")
        }
        workspace = w
    }

    deinit { gsl_splinalg_itersolve_free(workspace) }

    /// One restart cycle from `x`, which is updated. Returns whether
    /// ||b - A x||_2 <= tolerance ||b||_2 now (tolerance 0: never, so the
    /// cycle always takes its m steps: a smoothing step).
    /// - Throws: a ``GSLError`` when GSL reports a failure, or a
    ///   ``ConvergenceError`` when the residual is not finite.
    @discardableResult
    func cycle(_ b: [Double], _ x: inout [Double], tolerance: Double) throws -> Bool {
        precondition(b.count == matrix.rows && x.count == matrix.rows)
        let status = b.withUnsafeBufferPointer { bp in
            x.withUnsafeMutableBufferPointer { xp in
                var bv = gsl_vector_const_view_array(bp.baseAddress, bp.count)
                var xv = gsl_vector_view_array(xp.baseAddress, xp.count)
                return gsl_splinalg_itersolve_iterate(matrix.storage, &bv.vector, tolerance, &xv.vector, workspace)
            }
        }
        guard status == GSL_SUCCESS || status == GSL_CONTINUE else {
            throw GSLError(status: status, routine: "gsl_splinalg_itersolve_iterate (GMRES)")
        }
        let r = residualNorm
        guard r.isFinite else {
            throw ConvergenceError(solver: "GMRES(\(restart))", residual: r, target: tolerance, cycles: 1)
        }
        return status == GSL_SUCCESS
    }

    /// Restart cycles until ||b - A x||_2 <= tolerance ||b||_2.
    /// - Returns: the number of cycles.
    /// - Throws: ``ConvergenceError`` after `maxCycles` cycles short of the tolerance.
    @discardableResult
    func solve(_ b: [Double], _ x: inout [Double], tolerance: Double, maxCycles: Int) throws -> Int {
        precondition(tolerance > 0)
        for k in 1...max(maxCycles, 1) {
            if try cycle(b, &x, tolerance: tolerance) { return k }
        }
        var bNorm = 0.0
        for v in b { bNorm += v * v }
        throw ConvergenceError(solver: "GMRES(\(restart)) on \(matrix.rows) unknowns",
                               residual: residualNorm / bNorm.squareRoot(), target: tolerance, cycles: maxCycles)
    }

    /// ||b - A x||_2 after the last cycle.
    var residualNorm: Double { gsl_splinalg_itersolve_normr(workspace) }
}

/// An iterative solve that stopped short of its tolerance. The approximate
/// answer is never returned in its place.
public struct ConvergenceError: Error, CustomStringConvertible, Sendable {
    /// Which iteration failed, e.g. "GMRES(200) on 961 unknowns".
    public let solver: String
    /// The (relative) residual it reached.
    public let residual: Double
    /// The residual it had to reach.
    public let target: Double
    /// Cycles spent.
    public let cycles: Int

    public var description: String {
        "\(solver) did not converge: residual \(residual) after \(cycles) cycle(s), target \(target)"
    }
}
