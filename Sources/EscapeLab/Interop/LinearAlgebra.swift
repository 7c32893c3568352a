import CGSL

// Symmetric eigen-decomposition through GSL. The set-up versions
// allocate; `EigenWorkspace` keeps GSL's buffers for a worker so the
// local-Hessian noise decomposes a matrix every step without allocating.

/// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix.
public struct SymmetricEigen: Sendable {
    public let values: [Double]
    /// Column j is the eigenvector of `values[j]`.
    public let vectors: Matrix
}

/// Decomposes a symmetric matrix with GSL (`gsl_eigen_symmv`), eigenvalues ascending.
public func symmetricEigen(_ m: Matrix) throws -> SymmetricEigen {
    let w = EigenWorkspace(dimension: m.dimension)
    try w.decompose(m)
    return SymmetricEigen(values: w.values, vectors: w.vectorMatrix)
}

/// A symmetric square root S with S S^T = |M| (eigenvalues replaced by their
/// absolute values): the columns of Q diag(sqrt(|lambda|)).
public func symmetricSquareRootFactor(_ m: Matrix) throws -> Matrix {
    let e = try symmetricEigen(m)
    var f = Matrix(dimension: m.dimension)
    for j in 0..<m.dimension {
        let s = abs(e.values[j]).squareRoot()
        for i in 0..<m.dimension { f[i, j] = e.vectors[i, j] * s }
    }
    return f
}

/// GSL eigen buffers for one worker (`gsl_eigen_symmv_workspace` and friends).
public final class EigenWorkspace {
    public let dimension: Int
    let a: UnsafeMutablePointer<gsl_matrix>
    let evec: UnsafeMutablePointer<gsl_matrix>
    let eval: UnsafeMutablePointer<gsl_vector>
    let work: UnsafeMutablePointer<gsl_eigen_symmv_workspace>

    public init(dimension: Int) {
        GSL.prepare()
        self.dimension = dimension
        a = gsl_matrix_alloc(dimension, dimension)
        evec = gsl_matrix_alloc(dimension, dimension)
        eval = gsl_vector_alloc(dimension)
        work = gsl_eigen_symmv_alloc(dimension)
    }

    deinit {
        gsl_matrix_free(a)
        gsl_matrix_free(evec)
        gsl_vector_free(eval)
        gsl_eigen_symmv_free(work)
    }

    /// Decomposes `m`; results readable through `value(_:)` and `vector(_:_:)`.
    public func decompose(_ m: Matrix) throws {
        for i in 0..<dimension { for j in 0..<dimension { gsl_matrix_set(a, i, j, m[i, j]) } }
        try GSL.check(gsl_eigen_symmv(a, eval, evec, work), "gsl_eigen_symmv")
        gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_ASC)
    }

    /// Decomposes without throwing (hot loop); returns false when GSL fails
    /// (non-finite input), which the caller turns into a non-finite step.
    @inline(__always)
    func decomposeInPlace(_ m: Matrix) -> Bool {
        for i in 0..<dimension { for j in 0..<dimension { gsl_matrix_set(a, i, j, m[i, j]) } }
        return gsl_eigen_symmv(a, eval, evec, work) == GSL_SUCCESS
    }

    @inline(__always) func value(_ j: Int) -> Double { gsl_vector_get(eval, j) }
    @inline(__always) func vector(_ i: Int, _ j: Int) -> Double { gsl_matrix_get(evec, i, j) }

    var values: [Double] { (0..<dimension).map { value($0) } }
    var vectorMatrix: Matrix {
        var m = Matrix(dimension: dimension)
        for i in 0..<dimension { for j in 0..<dimension { m[i, j] = vector(i, j) } }
        return m
    }
}
