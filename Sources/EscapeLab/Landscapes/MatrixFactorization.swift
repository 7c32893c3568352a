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
//
// Why examples (`samples=N`). The issue asks for real minibatch noise here,
// and the standard way to give a factorization data is rank-one
// observations A_i = z_i z_i^T whose mean is M. Drawing the z_i naively would
// make their mean only approximately M, changing the landscape; instead the
// k coefficients of each z_i in the eigenbasis are whitened (Cholesky of
// their empirical second moment), so (1/N) sum_i z_i z_i^T = M to rounding
// and L, its critical points and the analytic rows keep their meaning. The
// per-example losses carry a constant so that their mean is L exactly.
// Consequence a researcher should know: every example's gradient
// (U U^T - z_i z_i^T) U vanishes at U = 0, so real minibatch noise vanishes at
// the saddle, unlike its Gaussian model |H|/B.

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
///
/// With `samples=N` (N >= k) the landscape is also a finite sum over N
/// rank-one examples, for real minibatch noise (`minibatch:batch=B`):
/// ```
/// z_i = sum_q sqrt(lambda_q) xi~_iq v_q,   xi~_i = C^-1 xi_i,   C C^T = (1/N) sum_i xi_i xi_i^T   (xi_i ~ N(0, I_k))
/// (1/N) sum_i z_i z_i^T = M          (the coefficients are whitened: exact up to rounding)
/// l_i(U) = 1/4 ||U U^T - z_i z_i^T||_F^2 - c,   c = 1/4 ((1/N) sum_i |z_i|^4 - ||M||_F^2),   (1/N) sum_i l_i = L
/// grad l_i = (U U^T - z_i z_i^T) U = U (U^T U) - z_i (z_i^T U)      O(n r^2) per example
/// ```
/// The xi_i are drawn after M's eigenvectors from the same generator, so M
/// does not depend on N. Every example's gradient vanishes at U = 0: real
/// minibatch noise leaves a run started at the saddle there forever, while
/// its Gaussian model (|H|/B = M (x) I_r / B) escapes.
public struct MatrixFactorization: LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = DynamicVector

    public static let specName = "matrix-factorization"
    public static let summary = "L = 1/4 ||U U^T - M||_F^2, U n x r (dimension n r), M PSD of rank k drawn from seed, eigenvalues k, k-1, ..., 1; start U = 0 (strict saddle, H = -M (x) I_r); escape radius=sqrt(sum_{q<min(r,k)} lambda_q)/2 (half the distance to the minima); samples=N adds N rank-one examples z_i z_i^T with mean M, for minibatch noise"
    static let sizeParameter = SpecParameter("n", \MatrixFactorization.size, default: 4, 1...maximumDimension, "side n of the target matrix M (n r <= \(maximumDimension))")
    static let rankParameter = SpecParameter("rank", \MatrixFactorization.rank, default: 2, 1...maximumDimension, "columns r of the factor U")
    static let targetRankParameter = SpecParameter("target-rank", \MatrixFactorization.targetRank, default: 1, 1...maximumDimension,
                                                   "rank k of M (k <= n)")
    static let seedParameter = SpecParameter("seed", \MatrixFactorization.seedValue, default: 1, 0...Int(UInt32.max), "seed of M's eigenvectors")
    static let samplesParameter = SpecParameter("samples", \MatrixFactorization.sampleCount, default: 0, 0...maximumDataSize,
                                                "N rank-one examples z_i z_i^T with mean exactly M, for minibatch noise (N >= k, N n <= \(maximumDataSize)); 0: none (analytic)",
                                                when: { $0.sampleCount > 0 })
    public static let parameters = [sizeParameter.info, rankParameter.info, targetRankParameter.info, seedParameter.info, samplesParameter.info]

    /// The most numbers the examples may hold, N n (2^24, 128 MiB).
    public static let maximumDataSize = 1 << 24

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
    /// N, the number of examples (0: analytic, no minibatch noise).
    public let sampleCount: Int
    /// The examples z_i, N x n, row-major (empty when N = 0).
    public let examples: [Double]
    /// c = 1/4 ((1/N) sum_i |z_i|^4 - ||M||_F^2), subtracted from every example's loss.
    public let exampleOffset: Double

    /// The factorization of the target drawn from `seed`.
    /// - Parameters:
    ///   - size: the side n >= 1 of M.
    ///   - rank: the number r >= 1 of columns of U (n r is the dimension).
    ///   - targetRank: the rank k of M, 1...n.
    ///   - seed: the seed of ``DataGenerator`` that draws M's eigenvectors (and then the examples).
    ///   - samples: the number N of examples, 0 (none) or at least `targetRank`.
    public init(size: Int = 4, rank: Int = 2, targetRank: Int = 1, seed: UInt32 = 1, samples: Int = 0) {
        precondition(size >= 1 && rank >= 1 && (1...size).contains(targetRank), "need n >= 1, r >= 1, 1 <= k <= n")
        precondition(samples == 0 || samples >= targetRank, "need N = 0 or N >= k examples")
        self.size = size
        self.rank = rank
        self.targetRank = targetRank
        self.seed = seed
        dimension = size * rank
        eigenvalues = (0..<targetRank).map { Double(targetRank - $0) }
        let rng = DataGenerator(seed: seed)
        eigenvectors = Self.orthonormalVectors(size: size, count: targetRank, rng)
        sampleCount = samples
        examples = Self.examples(count: samples, eigenvalues: eigenvalues, eigenvectors: eigenvectors, rng)
        var fourth = 0.0
        for i in 0..<samples {
            var z2 = 0.0
            for j in 0..<size { z2 += examples[i * size + j] * examples[i * size + j] }
            fourth += z2 * z2
        }
        exampleOffset = samples == 0 ? 0 : 0.25 * (fourth / Double(samples) - eigenvalues.reduce(0) { $0 + $1 * $1 })
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
        let samples = try spec.read(Self.samplesParameter)
        let text = "\(Self.specName):n=\(n),rank=\(r),target-rank=\(k)"
        guard n * r <= maximumDimension else {
            throw SpecError.invalid(.landscape, value: text, accepted: "n * rank <= \(maximumDimension) (the dimension n r)")
        }
        guard k <= n else { throw SpecError.invalid(.landscape, value: text, accepted: "target-rank <= n") }
        guard samples == 0 || samples >= k else {
            throw SpecError.invalid(.landscape, value: text + ",samples=\(samples)", accepted: "samples = 0 or samples >= target-rank")
        }
        guard samples * n <= Self.maximumDataSize else {
            throw SpecError.invalid(.landscape, value: "\(Self.specName):n=\(n),samples=\(samples)",
                                    accepted: "samples * n <= \(Self.maximumDataSize) example numbers")
        }
        self.init(size: n, rank: r, targetRank: k, seed: UInt32(seed), samples: samples)
    }

    var seedValue: Int { Int(seed) }

    /// M as a matrix.
    public var targetMatrix: Matrix { Matrix(dimension: size, entries: target) }

    /// `count` orthonormal vectors of R^size: Gaussian columns drawn in order
    /// from `rng` (fresh from the seed), then Gram-Schmidt, applied twice.
    static func orthonormalVectors(size n: Int, count k: Int, _ rng: DataGenerator) -> [[Double]] {
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

    /// The N examples z_i = sum_q sqrt(lambda_q) xi~_iq v_q, N x n row-major:
    /// xi_i ~ N(0, I_k) drawn in order from `rng`, whitened by the Cholesky
    /// factor C of S = (1/N) sum_i xi_i xi_i^T (xi~_i = C^-1 xi_i), so that
    /// (1/N) sum_i xi~_i xi~_i^T = I_k and (1/N) sum_i z_i z_i^T = M.
    static func examples(count: Int, eigenvalues: [Double], eigenvectors: [[Double]], _ rng: DataGenerator) -> [Double] {
        guard count > 0 else { return [] }
        let k = eigenvalues.count, n = eigenvectors[0].count
        var xi = [Double](repeating: 0, count: count * k)
        for i in 0..<(count * k) { xi[i] = rng.gaussian() }
        // S and its Cholesky factor (lower triangular, row-major k x k).
        var c = [Double](repeating: 0, count: k * k)
        for i in 0..<count {
            for p in 0..<k { for q in 0...p { c[p * k + q] += xi[i * k + p] * xi[i * k + q] } }
        }
        for p in 0..<k { for q in 0...p { c[p * k + q] /= Double(count) } }
        for p in 0..<k {
            for q in 0...p {
                var s = c[p * k + q]
                for t in 0..<q { s -= c[p * k + t] * c[q * k + t] }
                if p == q {
                    precondition(s > 0, "the examples' coefficients are degenerate (N < k?)")
                    c[p * k + p] = s.squareRoot()
                } else {
                    c[p * k + q] = s / c[q * k + q]
                }
            }
        }
        var z = [Double](repeating: 0, count: count * n)
        var w = [Double](repeating: 0, count: k)
        for i in 0..<count {
            // Forward substitution C w = xi_i, then z_i = sum_q sqrt(lambda_q) w_q v_q.
            for p in 0..<k {
                var s = xi[i * k + p]
                for t in 0..<p { s -= c[p * k + t] * w[t] }
                w[p] = s / c[p * k + p]
            }
            for q in 0..<k {
                let a = eigenvalues[q].squareRoot() * w[q]
                for j in 0..<n { z[i * n + j] += a * eigenvectors[q][j] }
            }
        }
        return z
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

    /// Adds grad l_i = U (U^T U) - z_i (z_i^T U) to `g`: O(n r^2), no storage.
    @inlinable
    public func addSampleGradient<V: PointVector>(at x: V, sample s: Int, to g: inout V) {
        let base = s &* size
        for a in 0..<rank {
            // t_a = z^T U_a, then U (U^T U)_a = sum_b U_b (U_b . U_a).
            var t = 0.0
            for j in 0..<size { t += examples[base &+ j] * x[j &* rank &+ a] }
            for j in 0..<size { g[j &* rank &+ a] -= examples[base &+ j] * t }
            for b in 0..<rank {
                var gram = 0.0
                for j in 0..<size { gram += x[j &* rank &+ b] * x[j &* rank &+ a] }
                for j in 0..<size { g[j &* rank &+ a] += x[j &* rank &+ b] * gram }
            }
        }
    }

    /// l_i(U) = 1/4 ||U U^T - z_i z_i^T||_F^2 - c
    ///        = 1/4 (||U^T U||_F^2 - 2 |U^T z_i|^2 + |z_i|^4) - c.
    public func sampleLoss(at x: [Double], sample s: Int) -> Double {
        precondition((0..<sampleCount).contains(s), "sample \(s) of \(sampleCount)")
        let z = examples[(s * size)..<((s + 1) * size)].map { $0 }
        var gram2 = 0.0, proj2 = 0.0, z2 = 0.0
        for a in 0..<rank {
            for b in 0..<rank {
                var gram = 0.0
                for j in 0..<size { gram += x[j * rank + a] * x[j * rank + b] }
                gram2 += gram * gram
            }
            var t = 0.0
            for j in 0..<size { t += z[j] * x[j * rank + a] }
            proj2 += t * t
        }
        for v in z { z2 += v * v }
        return 0.25 * (gram2 - 2 * proj2 + z2 * z2) - exampleOffset
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var startMinimum: [Double]? { nil }
    public var saddle: [Double]? { start }
    public var defaultEscape: EscapeCriterion {
        .radius(0.5 * eigenvalues.prefix(min(rank, targetRank)).reduce(0, +).squareRoot())
    }
}
