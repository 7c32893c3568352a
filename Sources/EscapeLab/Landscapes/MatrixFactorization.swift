import Foundation

// Why symmetric matrix factorization. It is the standard non-convex problem
// whose saddles are all strict and known in closed form (Ge, Jin and Zheng,
// ICML 2017, "No Spurious Local Minima in Nonconvex Low Rank Problems"): the
// critical points are U whose columns span eigenvectors of M, the global
// minima the ones built from the top eigenvectors, every other one a saddle
// with a negative curvature set by the eigenvalues it left out. The origin
// is the saddle that misses all of them. Its dimension n r grows freely, so
// it runs on `DynamicVector` storage alone (``FixedDimensionLandscape``).
//
// The target M is drawn once, at set-up, from the landscape's `seed` with
// ``DataGenerator`` (as the synthetic data sets are): an n x k Gaussian
// matrix, column by column, made orthonormal by Gram-Schmidt (twice, for
// orthogonality to rounding); M = sum_q lambda_q v_q v_q^T with the distinct
// eigenvalues lambda_q = k - q (k, k-1, ..., 1), so the saddles that keep
// part of the eigenspace have distinct escape rates. Set-up costs O(n^2 k)
// time and n^2 numbers; a step costs O(n^2 r) and allocates nothing.

/// Symmetric low-rank matrix factorization, U in R^{n x r} (dimension n r),
/// stored row-major, x[i r + a] = U_ia:
/// ```
/// L(U) = 1/4 ||U U^T - M||_F^2,   E = U U^T - M
/// grad L = E U:   g_ia = sum_j E_ij U_ja
/// H[(i,a),(k,c)] = delta_ik (U^T U)_ac + U_ic U_ka + E_ik delta_ac
/// M = sum_{q<k} lambda_q v_q v_q^T,   lambda_q = k - q
/// ```
/// M is positive semidefinite of rank k (the `target-rank`), v_q orthonormal
/// and drawn from `seed`. Trajectories start at U = 0, a strict saddle:
/// H(0) = -M (x) I_r, eigenvalues -lambda_q (each r times) and 0. For r >= k
/// the global minima (L = 0) are U = V_k diag(sqrt(lambda)) R padded with
/// zero columns, R orthogonal, all at distance sqrt(trace M) from the origin
/// (for r < k: the best rank-r fit, at distance sqrt(sum_{q<r} lambda_q)).
/// By default a trajectory has escaped at half that distance,
/// `radius=sqrt(sum_{q<min(r,k)} lambda_q) / 2` (0.5 at the defaults).
public struct MatrixFactorization: LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = DynamicVector

    public static let specName = "matrix-factorization"
    public static let summary = "L = 1/4 ||U U^T - M||_F^2, U n x r (dimension n r), M PSD of rank k drawn from seed, eigenvalues k, k-1, ..., 1; start U = 0 (strict saddle, H = -M (x) I_r); escape radius=sqrt(sum_{q<min(r,k)} lambda_q)/2 (half the distance to the minima)"
    static let sizeParameter = SpecParameter("n", \MatrixFactorization.size, default: 4, 1...maximumDimension, "side n of the target matrix M (n r <= \(maximumDimension))")
    static let rankParameter = SpecParameter("rank", \MatrixFactorization.rank, default: 2, 1...maximumDimension, "columns r of the factor U")
    static let targetRankParameter = SpecParameter("target-rank", \MatrixFactorization.targetRank, default: 1, 1...maximumDimension,
                                                   "rank k of M (k <= n)")
    static let seedParameter = SpecParameter("seed", \MatrixFactorization.seedValue, default: 1, 0...Int(UInt32.max), "seed of M's eigenvectors")
    public static let parameters = [sizeParameter.info, rankParameter.info, targetRankParameter.info, seedParameter.info]

    /// The side n of the target matrix M (U has n rows).
    public let size: Int
    /// The number r of columns of U.
    public let rank: Int
    /// The rank k of M.
    public let targetRank: Int
    /// The seed M's eigenvectors are drawn from.
    public let seed: UInt32
    /// n r.
    public let dimension: Int
    /// M, n x n, row-major.
    public let target: [Double]
    /// M's nonzero eigenvalues lambda_q = k - q, largest first.
    public let eigenvalues: [Double]
    /// M's eigenvectors v_q (n coordinates each), in the order of ``eigenvalues``.
    public let eigenvectors: [[Double]]

    /// The factorization of the target drawn from `seed`.
    /// - Parameters:
    ///   - size: the side n >= 1 of M.
    ///   - rank: the number r >= 1 of columns of U (n r is the dimension).
    ///   - targetRank: the rank k of M, 1...n.
    ///   - seed: the seed of ``DataGenerator`` that draws M's eigenvectors.
    public init(size: Int = 4, rank: Int = 2, targetRank: Int = 1, seed: UInt32 = 1) {
        precondition(size >= 1 && rank >= 1 && (1...size).contains(targetRank), "need n >= 1, r >= 1, 1 <= k <= n")
        self.size = size
        self.rank = rank
        self.targetRank = targetRank
        self.seed = seed
        dimension = size * rank
        eigenvalues = (0..<targetRank).map { Double(targetRank - $0) }
        eigenvectors = Self.orthonormalVectors(size: size, count: targetRank, seed: seed)
        // The upper triangle, mirrored: M is exactly symmetric.
        var m = [Double](repeating: 0, count: size * size)
        for (lambda, v) in zip(eigenvalues, eigenvectors) {
            for i in 0..<size { for j in i..<size { m[i * size + j] += lambda * v[i] * v[j] } }
        }
        for i in 0..<size { for j in 0..<i { m[i * size + j] = m[j * size + i] } }
        target = m
    }

    public init(parsing spec: inout Spec) throws {
        let n = try spec.read(Self.sizeParameter), r = try spec.read(Self.rankParameter)
        let k = try spec.read(Self.targetRankParameter), seed = try spec.read(Self.seedParameter)
        let text = "\(Self.specName):n=\(n),rank=\(r),target-rank=\(k)"
        guard n * r <= maximumDimension else {
            throw SpecError.invalid(.landscape, value: text, accepted: "n * rank <= \(maximumDimension) (the dimension n r)")
        }
        guard k <= n else { throw SpecError.invalid(.landscape, value: text, accepted: "target-rank <= n") }
        self.init(size: n, rank: r, targetRank: k, seed: UInt32(seed))
    }

    var seedValue: Int { Int(seed) }

    /// M as a matrix.
    public var targetMatrix: Matrix { Matrix(dimension: size, entries: target) }

    /// `count` orthonormal vectors of R^size: Gaussian columns drawn in order
    /// with `DataGenerator(seed:)`, then Gram-Schmidt, applied twice.
    static func orthonormalVectors(size n: Int, count k: Int, seed: UInt32) -> [[Double]] {
        let rng = DataGenerator(seed: seed)
        var basis: [[Double]] = []
        for _ in 0..<k {
            var v = (0..<n).map { _ in rng.gaussian() }
            for _ in 0..<2 {
                for u in basis {
                    var dot = 0.0
                    for i in 0..<n { dot += u[i] * v[i] }
                    for i in 0..<n { v[i] -= dot * u[i] }
                }
            }
            var norm = 0.0
            for i in 0..<n { norm += v[i] * v[i] }
            norm = norm.squareRoot()
            precondition(norm > 0, "degenerate Gaussian draw")
            basis.append(v.map { $0 / norm })
        }
        return basis
    }

    /// E_ij = (U U^T - M)_ij.
    @inlinable @inline(__always)
    func residual<V: PointVector>(_ x: V, _ i: Int, _ j: Int) -> Double {
        var s = 0.0
        var b = 0
        while b < rank { s += x[i &* rank &+ b] * x[j &* rank &+ b]; b &+= 1 }
        return s - target[i &* size &+ j]
    }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        var s = 0.0
        for i in 0..<size {
            for j in 0..<size {
                let e = residual(x, i, j)
                s += e * e
            }
        }
        return 0.25 * s
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        for i in 0..<size {
            let row = i &* rank
            for a in 0..<rank { g[row &+ a] = 0 }
            for j in 0..<size {
                let e = residual(x, i, j)
                let other = j &* rank
                for a in 0..<rank { g[row &+ a] += e * x[other &+ a] }
            }
        }
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        let r = rank
        for i in 0..<size {
            for k in 0..<size {
                let e = residual(x, i, k)
                for a in 0..<r {
                    for c in 0..<r {
                        var v = x[i * r + c] * x[k * r + a]
                        if a == c { v += e }
                        if i == k {
                            // (U^T U)_ac
                            for j in 0..<size { v += x[j * r + a] * x[j * r + c] }
                        }
                        h[i * r + a, k * r + c] = v
                    }
                }
            }
        }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var startMinimum: [Double]? { nil }
    public var saddle: [Double]? { start }
    public var defaultEscape: EscapeCriterion {
        .radius(0.5 * eigenvalues.prefix(min(rank, targetRank)).reduce(0, +).squareRoot())
    }
}
