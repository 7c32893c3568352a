import Foundation

/// A 1-D finite sum of shifted copies of ``AsymmetricWell``: a sharp and a
/// flat minimum whose real minibatch noise grows with the curvature, as SGD's
/// does, with an exact per-sample gradient variance:
/// ```
/// l_i(x) = W(x - a_i) + b_i x,   W = asymmetric-well(h, k_sharp, k_flat)
/// L(x)   = (1/N) sum_i W(x - a_i)  =  W(x) + var(a) W''(x) / 2 + O(a^4)
/// C(x)   = (1/N) sum_i (W'(x - a_i) + b_i)^2 - L'(x)^2  ~  var(a) W''(x)^2 + var(b) - 2 cov(a, b) W''(x)
/// ```
/// N/2 pairs (a, b), a ~ N(0, s^2) then b ~ N(0, t^2) drawn from `seed`
/// (``DataGenerator``, all a first), each followed by its mirror image
/// (-a, -b), so mean(a) = mean(b) = 0 and the minibatch noise is symmetric.
/// The tilts b_i give the noise a floor var(b) where W'' vanishes (at the
/// inflection points, where shifts alone give only O(a^4) noise and the
/// passage time of the diffusion limit diverges, as for `hessian=local`
/// without a floor). Each example is the same well moved by a_i (a data set whose
/// examples disagree on where the minimum is): the gradient noise at a minimum
/// of curvature k is ~ a k, so its variance is k^2 var(a), which makes the
/// sharp minimum (k_s) far noisier than the flat one (k_f): (k_s / k_f)^2
/// times, against k_s / k_f for `sgd` noise (covariance H / B).
/// The mean loss is the sum above (O(N) per step); its minima shift by
/// O(var(a)) and their depths differ by var(a) (k_s - k_f) / 2 to leading
/// order. Start: the sharp minimum of L; escape: the flat minimum of L;
/// the barrier top between them (all three by Newton's method on L').
public struct ShiftedWell: FiniteSumLandscape, LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = Point1

    public static let specName = "shifted-well"
    public static let summary = "1-D finite sum l_i(x) = W(x - a_i) + b_i x of shifted, tilted copies of asymmetric-well W ((a_i, b_i) ~ N(0, spread^2) x N(0, tilt^2) seeded, mirror-image pairs): minibatch noise ~ spread^2 W''(x)^2 + tilt^2; start: the sharp minimum; escape x0 >= the flat minimum"
    static let barrierParameter = SpecParameter("barrier", \ShiftedWell.barrier, default: 1.0, .positive, "barrier height h of W")
    static let sharpParameter = SpecParameter("sharp", \ShiftedWell.sharp, default: 8.0, .positive, "curvature ks of W's left (sharp) minimum")
    static let flatParameter = SpecParameter("flat", \ShiftedWell.flat, default: 2.0, .positive, "curvature kf of W's right (flat) minimum")
    static let countParameter = SpecParameter("n", \ShiftedWell.count, default: 10, 2...1_000_000, "number of examples N (even: mirror-image pairs)")
    static let spreadParameter = SpecParameter("spread", \ShiftedWell.spread, default: 0.05, .positive, "spread s of the shifts a_i")
    static let tiltParameter = SpecParameter("tilt", \ShiftedWell.tilt, default: 0.05, .nonNegative, "spread t of the tilts b_i (the noise floor)")
    static let seedParameter = SpecParameter("seed", \ShiftedWell.seedValue, default: 1, 0...Int(UInt32.max), "data-set seed")
    public static let parameters = [barrierParameter.info, sharpParameter.info, flatParameter.info, countParameter.info,
                                    spreadParameter.info, tiltParameter.info, seedParameter.info]

    /// The barrier height h of W.
    public let barrier: Double
    /// Curvature of W's sharp (left) minimum.
    public let sharp: Double
    /// Curvature of W's flat (right) minimum.
    public let flat: Double
    /// The number of examples N.
    public let count: Int
    /// The spread s of the shifts.
    public let spread: Double
    /// The spread t of the tilts.
    public let tilt: Double
    /// The data-set seed.
    public let seed: UInt32
    /// The shifts a_i (mirror-image pairs).
    public let shifts: [Double]
    /// The tilts b_i (mirror-image pairs).
    public let tilts: [Double]
    /// The shifted well W.
    public let well: AsymmetricWell
    /// Sharp minimum, barrier top and flat minimum of the mean loss L.
    public let criticalPoints: (sharp: Double, top: Double, flat: Double)

    /// - Precondition: `count` is even.
    public init(barrier: Double = 1, sharp: Double = 8, flat: Double = 2, count: Int = 10, spread: Double = 0.05, tilt: Double = 0.05,
                seed: UInt32 = 1) {
        precondition(count >= 2 && count % 2 == 0, "shifted-well needs an even number of examples")
        self.barrier = barrier
        self.sharp = sharp
        self.flat = flat
        self.count = count
        self.spread = spread
        self.tilt = tilt
        self.seed = seed
        let w = AsymmetricWell(barrier: barrier, sharp: sharp, flat: flat)
        well = w
        let rng = DataGenerator(seed: seed)
        func mirrored(_ v: [Double]) -> [Double] { v.flatMap { [$0, -$0] } }
        let a = mirrored((0..<(count / 2)).map { _ in rng.gaussian(sigma: spread) })
        let b = mirrored((0..<(count / 2)).map { _ in rng.gaussian(sigma: tilt) })
        shifts = a
        tilts = b
        // Newton's method on L' = mean W'(x - a_i) from W's critical points.
        func newton(_ x0: Double) -> Double {
            var x = x0
            for _ in 0..<100 {
                var g = 0.0, h = 0.0
                for s in a { let m = w.map(x - s); g += w.slope(m); h += w.curvature(m) }
                let step = g / h
                x -= step
                if abs(step) < 1e-15 * max(1, abs(x)) { break }
            }
            return x
        }
        criticalPoints = (sharp: newton(w.sharpMinimum), top: newton(w.barrierTop), flat: newton(w.flatMinimum))
    }

    public init(parsing spec: inout Spec) throws {
        let h = try spec.read(Self.barrierParameter)
        let ks = try spec.read(Self.sharpParameter)
        let kf = try spec.read(Self.flatParameter)
        let n = try spec.read(Self.countParameter)
        guard n % 2 == 0 else {
            throw SpecError.invalid(.landscape, value: "\(Self.specName):n=\(n)", accepted: "an even n (the examples come in mirror-image pairs)")
        }
        self.init(barrier: h, sharp: ks, flat: kf, count: n, spread: try spec.read(Self.spreadParameter),
                  tilt: try spec.read(Self.tiltParameter), seed: UInt32(try spec.read(Self.seedParameter)))
    }

    var seedValue: Int { Int(seed) }
    @inlinable public var dimension: Int { 1 }
    @inlinable public var sampleCount: Int { count }

    /// The per-sample gradient variance C(x) = (1/N) sum_i (W'(x - a_i) + b_i)^2 - L'(x)^2 (two passes).
    public func gradientVariance(at x: Double) -> Double {
        let g = zip(shifts, tilts).map { well.slope(well.map(x - $0.0)) + $0.1 }
        let mean = g.reduce(0, +) / Double(count)
        return g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
    }

    @inlinable
    public func sampleLoss<V: PointVector>(at x: V, sample i: Int) -> Double {
        well.value(well.map(x[0] - shifts[i])) + tilts[i] * x[0]
    }

    @inlinable @inline(__always)
    public func addSampleGradient<V: PointVector>(at x: V, sample i: Int, to g: inout V) {
        g[0] += well.slope(well.map(x[0] - shifts[i])) + tilts[i]
    }

    public func addSampleHessian<V: PointVector>(at x: V, sample i: Int, weight: Double, into h: inout Matrix) {
        h[0, 0] += weight * well.curvature(well.map(x[0] - shifts[i]))
    }

    public var start: [Double] { [criticalPoints.sharp] }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { [criticalPoints.top] }
    public var defaultEscape: EscapeCriterion { .coordinateAtLeast(0, criticalPoints.flat) }
}
