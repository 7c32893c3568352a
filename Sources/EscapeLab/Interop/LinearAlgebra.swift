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
    if m.dimension > 64, m.isDiagonal {
        // A diagonal matrix (the saddles and quadratics of any dimension) is
        // its own decomposition: sort, without GSL's O(d^3) iteration.
        let d = m.dimension
        let order = (0..<d).sorted { (m[$0, $0], $0) < (m[$1, $1], $1) }
        var vectors = Matrix(dimension: d)
        for (j, i) in order.enumerated() { vectors[i, j] = 1 }
        return SymmetricEigen(values: order.map { m[$0, $0] }, vectors: vectors)
    }
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
    @usableFromInline let a: UnsafeMutablePointer<gsl_matrix>
    @usableFromInline let evec: UnsafeMutablePointer<gsl_matrix>
    @usableFromInline let eval: UnsafeMutablePointer<gsl_vector>
    @usableFromInline let work: UnsafeMutablePointer<gsl_eigen_symmv_workspace>

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
        load(m)
        try GSL.check(gsl_eigen_symmv(a, eval, evec, work), "gsl_eigen_symmv")
        gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_ASC)
    }

    /// Decomposes without throwing (hot loop); returns false when GSL fails
    /// (non-finite input), which the caller turns into a non-finite step.
    @inlinable
    func decomposeInPlace(_ m: Matrix) -> Bool {
        load(m)
        return gsl_eigen_symmv(a, eval, evec, work) == GSL_SUCCESS
    }

    // Matrices from `gsl_matrix_alloc` are row-major with tda == dimension and
    // vectors from `gsl_vector_alloc` have stride 1, so the buffers are read
    // and written directly: Swift imports GSL's accessors as range-checked
    // library calls, not the inline versions C gets.

    /// Copies `m` (row-major, like GSL's) into the input buffer.
    @inlinable
    func load(_ m: Matrix) {
        m.entries.withUnsafeBufferPointer { a.pointee.data.update(from: $0.baseAddress!, count: dimension * dimension) }
    }

    @inlinable func value(_ j: Int) -> Double { eval.pointee.data[j] }
    @inlinable func vector(_ i: Int, _ j: Int) -> Double { evec.pointee.data[i * dimension + j] }

    var values: [Double] { (0..<dimension).map { value($0) } }
    var vectorMatrix: Matrix {
        var m = Matrix(dimension: dimension)
        for i in 0..<dimension { for j in 0..<dimension { m[i, j] = vector(i, j) } }
        return m
    }
}
