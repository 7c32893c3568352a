import Foundation

/// A 1-D finite-sum double well: the double well plus, per example, a seeded
/// random tilt and curvature, so that real minibatch noise has an exact,
/// position-dependent variance C(x) > 0 and the mean loss stays the double well:
/// ```
/// l_i(x) = h (x^2 - 1)^2 + b_i x + c_i x^2 / 2
/// L(x)   = h (x^2 - 1)^2 + mean(b) x + mean(c) x^2 / 2
/// grad l_i - L' = (b_i - mean b) + (c_i - mean c) x
/// C(x)   = var(b) + 2 cov(b, c) x + var(c) x^2      (population moments, 1/N)
/// ```
/// N/2 pairs drawn from `seed` (``DataGenerator``, all b first), b ~ N(0, t^2)
/// and c ~ N(0, q^2), each example followed by its mirror image (-b, -c).
/// The data set is symmetric, so mean(b) = mean(c) = 0 exactly, L is exactly
/// the double well of barrier h, and the minibatch noise (B of N, with or
/// without replacement) is symmetric: its third cumulant vanishes, and its
/// escape times approach the diffusion limit at O(lr) rather than O(sqrt(lr))
/// (an asymmetric sample of 10 examples put B = 1 escapes 9% above the exact
/// time at lr 0.05). C(x) grows away from the barrier top when q > 0: the
/// noise is larger in the well than on the barrier, as SGD noise is where the
/// curvature is larger.
/// D(x) = lr C(x) (N - B) / (2 B (N - 1)) for B of N without replacement
/// (``NoiseDiffusion``). Start: the left minimum; escape: the right minimum
/// (`x0>=` it); the barrier top between them (Newton's method on L').
public struct SampledWell: FiniteSumLandscape, LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = Point1

    public static let specName = "sampled-well"
    public static let summary = "1-D finite sum l_i = h (x^2 - 1)^2 + b_i x + c_i x^2 / 2, (b_i, c_i) ~ N(0, tilt^2) x N(0, curvature^2) seeded, in mirror-image pairs: L is the double well, real minibatch noise has C(x) = var b + 2 cov(b,c) x + var c x^2; start: the left minimum; escape x0 >= the right minimum"
    static let barrierParameter = SpecParameter("barrier", \SampledWell.barrier, default: 1.0, .positive, "barrier height h")
    static let countParameter = SpecParameter("n", \SampledWell.count, default: 10, 2...1_000_000, "number of examples N (even: mirror-image pairs)")
    static let tiltParameter = SpecParameter("tilt", \SampledWell.tilt, default: 1.0, .nonNegative, "spread t of the tilts b_i")
    static let curvatureParameter = SpecParameter("curvature", \SampledWell.curvature, default: 1.0, .nonNegative,
                                                  "spread q of the curvatures c_i")
    static let seedParameter = SpecParameter("seed", \SampledWell.seedValue, default: 1, 0...Int(UInt32.max), "data-set seed")
    public static let parameters = [barrierParameter.info, countParameter.info, tiltParameter.info, curvatureParameter.info,
                                    seedParameter.info]

    /// The barrier height h.
    public let barrier: Double
    /// The number of examples N.
    public let count: Int
    /// The spread t of the tilts.
    public let tilt: Double
    /// The spread q of the curvatures.
    public let curvature: Double
    /// The data-set seed.
    public let seed: UInt32
    /// The tilts b_i (mirror-image pairs).
    public let tilts: [Double]
    /// The curvatures c_i (mirror-image pairs).
    public let curvatures: [Double]
    /// mean(b), mean(c): zero for the symmetric data set, kept so L is the mean of the l_i whatever the data.
    @usableFromInline let meanTilt: Double, meanCurvature: Double
    /// var(b), cov(b, c), var(c) (population, 1/N): C(x) = vb + 2 cbc x + vc x^2.
    public let moments: (vb: Double, cbc: Double, vc: Double)
    /// Left minimum, barrier top, right minimum of L.
    public let criticalPoints: (left: Double, top: Double, right: Double)

    /// - Precondition: `count` is even.
    public init(barrier: Double = 1, count: Int = 10, tilt: Double = 1, curvature: Double = 1, seed: UInt32 = 1) {
        precondition(count >= 2 && count % 2 == 0, "sampled-well needs an even number of examples")
        self.barrier = barrier
        self.count = count
        self.tilt = tilt
        self.curvature = curvature
        self.seed = seed
        let rng = DataGenerator(seed: seed)
        let n = Double(count)
        func mirrored(_ v: [Double]) -> [Double] { v.flatMap { [$0, -$0] } }
        let b = mirrored((0..<(count / 2)).map { _ in rng.gaussian(sigma: tilt) })
        let c = mirrored((0..<(count / 2)).map { _ in rng.gaussian(sigma: curvature) })
        tilts = b
        curvatures = c
        let mb = b.reduce(0, +) / n, mc = c.reduce(0, +) / n
        meanTilt = mb
        meanCurvature = mc
        moments = (vb: b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) } / n,
                   cbc: zip(b, c).reduce(0) { $0 + ($1.0 - mb) * ($1.1 - mc) } / n,
                   vc: c.reduce(0) { $0 + ($1 - mc) * ($1 - mc) } / n)
        // L' = 4 h x^3 - 4 h x + mb + mc x, Newton from the unperturbed critical points.
        func newton(_ x0: Double) -> Double {
            var x = x0
            for _ in 0..<100 {
                let step = (4 * barrier * x * (x * x - 1) + mb + mc * x) / (barrier * (12 * x * x - 4) + mc)
                x -= step
                if abs(step) < 1e-15 * max(1, abs(x)) { break }
            }
            return x
        }
        criticalPoints = (left: newton(-1), top: newton(0), right: newton(1))
    }

    public init(parsing spec: inout Spec) throws {
        let n = try spec.read(Self.countParameter)
        guard n % 2 == 0 else {
            throw SpecError.invalid(.landscape, value: "\(Self.specName):n=\(n)", accepted: "an even n (the examples come in mirror-image pairs)")
        }
        self.init(barrier: try spec.read(Self.barrierParameter), count: n,
                  tilt: try spec.read(Self.tiltParameter), curvature: try spec.read(Self.curvatureParameter),
                  seed: UInt32(try spec.read(Self.seedParameter)))
    }

    var seedValue: Int { Int(seed) }
    @inlinable public var dimension: Int { 1 }
    @inlinable public var sampleCount: Int { count }

    /// The per-sample gradient variance C(x) = var b + 2 cov(b, c) x + var c x^2, in closed form.
    public func gradientVariance(at x: Double) -> Double {
        moments.vb + 2 * moments.cbc * x + moments.vc * x * x
    }

    // The mean loss, gradient and Hessian in closed form (the means of the
    // per-sample ones up to rounding; O(1) instead of O(N)).
    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        let u = x[0], t = u * u - 1
        return barrier * t * t + meanTilt * u + meanCurvature * u * u / 2
    }

    @inlinable @inline(__always)
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        let u = x[0]
        g[0] = 4 * barrier * u * (u * u - 1) + meanTilt + meanCurvature * u
    }

    @inlinable
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        let u = x[0]
        h[0, 0] = barrier * (12 * u * u - 4) + meanCurvature
    }

    @inlinable
    public func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double {
        let u = x[0], t = u * u - 1
        return barrier * t * t + tilts[i] * u + curvatures[i] * u * u / 2
    }

    @inlinable @inline(__always)
    public func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V) {
        let u = x[0]
        g[0] += 4 * barrier * u * (u * u - 1) + tilts[i] + curvatures[i] * u
    }

    public func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix) {
        let u = x[0]
        h[0, 0] += weight * (barrier * (12 * u * u - 4) + curvatures[i])
    }

    public var start: [Double] { [criticalPoints.left] }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { [criticalPoints.top] }
    public var defaultEscape: EscapeCriterion { .coordinateAtLeast(0, criticalPoints.right) }
}
