import Foundation

// The two-dimensional toy of Zhu, Wu, Yu, Wu and Ma (ICML 2019), "The
// Anisotropic Noise in Stochastic Gradient Descent", as in the authors' public
// code (github.com/uuujf/SGDNoise, 2Dim/model.py and run.py):
//   data   X = 0.01 * randn(100, 2) * [sqrt(10), 1] @ K,   K = [[c, -s], [s, c]],
//          c = cos(pi/4), s = sin(pi/4): x_i = 0.01 ((a + b)/sqrt2, (b - a)/sqrt2),
//          a = sqrt(10) z1, b = z2, so the data spread is 0.0316 along (1,-1)
//          and 0.01 along (1,1);
//   loss   l_i(w) = min(10 (c u0 - s u1)^2 + 100 (c u0 + s u1)^2, |v|^2),
//          u = w - x_i - (1, 1), v = w - x_i + (1, 1);
//   start  w = (1, 1).
// The reference draws a new data set for each of its 100 experiments; here
// the data set is fixed by `seed` (GSL's polar Box-Muller normals, not
// numpy's), and runs differ by their noise only.

/// The anisotropic-noise toy (<doc:Theory#Anisotropic-noise>), a finite sum of N = 100
/// per-sample minima of a sharp and a flat quadratic:
/// ```
/// l_i(w) = min( 5 (u0 - u1)^2 + 50 (u0 + u1)^2 ,  |v|^2 )
/// u = w - x_i - (1, 1),  v = w - x_i + (1, 1)
/// ```
/// The sharp branch has Hessian [[110, 90], [90, 110]] (eigenvalue 200 along
/// (1,1), 20 along (1,-1)), the flat one 2 I. Near (1,1) every example is on
/// the sharp branch, and the per-sample gradient covariance is A Cov(x) A
/// (A the sharp Hessian); with Cov(x) = 1e-4 (10 e- e-^T + e+ e+^T) that is
/// 4 e+ e+^T + 0.4 e- e-^T (e+- = (1, +-1)/sqrt2) up to sampling error:
/// aligned with the Hessian (ratio 10 in both), with a diagonal
/// (2.2, 2.2) that is isotropic. Runs start at (1, 1); success in the study is both final
/// coordinates < -0.5 (the flat basin around (-1, -1)).
public struct Zhu2D: FiniteSumLandscape, LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = SIMD2<Double>

    public static let specName = "zhu2d"
    public static let summary = "L = (1/N) sum min(5 (u0-u1)^2 + 50 (u0+u1)^2, |v|^2), u = w - x_i - (1,1), v = w - x_i + (1,1) (Zhu et al. 2019 toy; sharp minimum near (1,1), flat near (-1,-1)); start (1,1); escape none"
    static let countParameter = SpecParameter("n", \Zhu2D.count, default: 100, 2...1_000_000, "number of data points N")
    static let seedParameter = SpecParameter("seed", \Zhu2D.seedValue, default: 1, 0...Int(UInt32.max), "data-set seed")
    public static let parameters = [countParameter.info, seedParameter.info]

    public let count: Int
    public let seed: UInt32
    /// The data points x_i.
    public let points: [SIMD2<Double>]

    public init(count: Int = 100, seed: UInt32 = 1) {
        self.count = count
        self.seed = seed
        let rng = DataGenerator(seed: seed)
        let root2 = 2.0.squareRoot(), root10 = 10.0.squareRoot()
        points = (0..<count).map { _ in
            let a = root10 * rng.gaussian(), b = rng.gaussian()
            return 0.01 * SIMD2((a + b) / root2, (b - a) / root2)
        }
    }

    public init(parsing spec: inout Spec) throws {
        self.init(count: try spec.read(Self.countParameter), seed: UInt32(try spec.read(Self.seedParameter)))
    }

    var seedValue: Int { Int(seed) }
    @inlinable public var dimension: Int { 2 }
    @inlinable public var sampleCount: Int { count }

    /// The Hessian of the sharp branch, [[110, 90], [90, 110]].
    public static let sharpHessian = Matrix(dimension: 2, entries: [110, 90, 90, 110])

    /// (sharp branch value, flat branch value, u, v) for example i.
    @inlinable @inline(__always)
    func branches<V: PointVector>(_ w: V, _ i: Int) -> (Double, Double, SIMD2<Double>, SIMD2<Double>) {
        let x = points[i]
        let u = SIMD2(w[0] - x[0] - 1, w[1] - x[1] - 1)
        let v = SIMD2(w[0] - x[0] + 1, w[1] - x[1] + 1)
        let m = u[0] - u[1], p = u[0] + u[1]
        return (5 * m * m + 50 * p * p, (v * v).sum(), u, v)
    }

    @inlinable
    public func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double {
        let (sharp, flat, _, _) = branches(x, i)
        return min(sharp, flat)
    }

    @inlinable @inline(__always)
    public func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V) {
        let (sharp, flat, u, v) = branches(x, i)
        if sharp <= flat {
            let m = 10 * (u[0] - u[1]), p = 100 * (u[0] + u[1])
            g[0] += m + p
            g[1] += p - m
        } else {
            g[0] += 2 * v[0]
            g[1] += 2 * v[1]
        }
    }

    public func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix) {
        let (sharp, flat, _, _) = branches(x, i)
        if sharp <= flat {
            h[0, 0] += 110 * weight; h[1, 1] += 110 * weight
            h[0, 1] += 90 * weight; h[1, 0] += 90 * weight
        } else {
            h[0, 0] += 2 * weight; h[1, 1] += 2 * weight
        }
    }

    /// The mean data point.
    public var meanPoint: SIMD2<Double> { points.reduce(SIMD2(0, 0), +) / Double(count) }

    public var start: [Double] { [1, 1] }
    /// The sharp minimum (1, 1) + mean(x) (every example on the sharp branch there).
    public var startMinimum: [Double]? { [1 + meanPoint[0], 1 + meanPoint[1]] }
    public var saddle: [Double]? { nil }
    public var defaultEscape: EscapeCriterion { .never }
}
