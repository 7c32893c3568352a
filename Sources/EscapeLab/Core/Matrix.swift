// Hessians and covariance factors: small dense square matrices, row-major.
// Built at set-up or reused in place (inout) by the per-worker scratch, so a
// step that needs one (local-Hessian noise) does not allocate.

/// A dense d x d matrix of Doubles, row-major.
public struct Matrix: Equatable, Sendable {
    /// Number of rows (= columns).
    public let dimension: Int
    /// Row-major entries, `dimension * dimension` of them.
    public var entries: [Double]

    /// The zero matrix.
    public init(dimension: Int) {
        self.dimension = dimension
        entries = Array(repeating: 0, count: dimension * dimension)
    }

    /// A matrix from row-major entries.
    public init(dimension: Int, entries: [Double]) {
        precondition(entries.count == dimension * dimension)
        self.dimension = dimension
        self.entries = entries
    }

    /// diag(values).
    public static func diagonal(_ values: [Double]) -> Matrix {
        var m = Matrix(dimension: values.count)
        for i in values.indices { m[i, i] = values[i] }
        return m
    }

    /// Entry (row i, column j).
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { entries[i * dimension + j] }
        set { entries[i * dimension + j] = newValue }
    }

    /// Sets every entry to zero, keeping the storage.
    @inlinable
    public mutating func zero() {
        for k in entries.indices { entries[k] = 0 }
    }

    /// Trace, sum_i M_ii.
    public var trace: Double { (0..<dimension).reduce(0) { $0 + self[$1, $1] } }

    /// Matrix product.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        var c = Matrix(dimension: a.dimension)
        for i in 0..<a.dimension {
            for j in 0..<a.dimension {
                var s = 0.0
                for k in 0..<a.dimension { s += a[i, k] * b[k, j] }
                c[i, j] = s
            }
        }
        return c
    }

    /// Scalar multiple.
    public static func * (s: Double, a: Matrix) -> Matrix {
        Matrix(dimension: a.dimension, entries: a.entries.map { s * $0 })
    }

    /// Column j as a vector.
    public func column<V: PointVector>(_ j: Int, as _: V.Type = V.self) -> V {
        var v = V(zeros: dimension)
        for i in 0..<dimension { v[i] = self[i, j] }
        return v
    }

    /// True when every off-diagonal entry is zero.
    public var isDiagonal: Bool {
        for i in 0..<dimension { for j in 0..<dimension where i != j && self[i, j] != 0 { return false } }
        return true
    }
}
