import Foundation

// Construction. A double well h (1 - u^2)^2 has two minima of equal depth 0 at
// u = -+1 and a barrier of height h at u = 0. Composing it with a smooth,
// strictly increasing map u(x) keeps exactly those depths and that barrier
// while giving each minimum its own width:
//     u(x) = s(x)/w_f - s(-x)/w_s,   s(x) = delta log(1 + e^(x/delta))
// u' = sigma(x/delta)/w_f + sigma(-x/delta)/w_s > 0, so L has no other critical
// points. Far from 0 (|x| >> delta) u is x/w_f on the right and x/w_s on the
// left, so the curvature at each minimum is 8 h / w^2 up to e^(-w/delta):
// w = sqrt(8 h / k) makes the curvatures the requested k_sharp and k_flat.

/// A smooth 1-D landscape with a sharp and a flat minimum of equal depth:
/// ```
/// L(x) = h (1 - u(x)^2)^2,   u(x) = s(x)/w_f - s(-x)/w_s,
/// s(x) = delta log(1 + exp(x/delta)),   w = sqrt(8 h / k)
/// ```
/// Both minima have L = 0; the barrier top (u = 0) has L = h. The sharp
/// minimum (curvature ~ k_sharp) lies left, the flat one (~ k_flat) right.
/// Trajectories start in the sharp minimum and by default have escaped on
/// reaching the flat one. `hessian` gives the exact curvatures.
public struct AsymmetricWell: LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = Point1

    public static let specName = "asymmetric-well"
    public static let summary = "L = h (1 - u(x)^2)^2 with minima of curvature ks (left) and kf (right), equal depth (1-D); start sharp minimum; escape at the flat minimum"
    static let barrierParameter = SpecParameter("barrier", \AsymmetricWell.barrier, default: 1.0, .positive, "barrier height h")
    static let sharpParameter = SpecParameter("sharp", \AsymmetricWell.sharp, default: 16.0, .positive, "curvature ks of the left (sharp) minimum")
    static let flatParameter = SpecParameter("flat", \AsymmetricWell.flat, default: 2.0, .positive, "curvature kf of the right (flat) minimum")
    static let smoothParameter = SpecParameter("smooth", \AsymmetricWell.smoothing, default: 0.0, .nonNegative,
                                               "smoothing delta of the joint; 0 = 0.05 min(w_s, w_f), w = sqrt(8h/k)")
    public static let parameters = [barrierParameter.info, sharpParameter.info, flatParameter.info, smoothParameter.info]

    public let barrier: Double
    /// Curvature of the left (sharp) minimum.
    public let sharp: Double
    /// Curvature of the right (flat) minimum.
    public let flat: Double
    /// Smoothing length delta of the junction at the barrier.
    public let smoothing: Double
    @usableFromInline let sharpWidth: Double
    @usableFromInline let flatWidth: Double
    /// The sharp minimum, the barrier top and the flat minimum.
    public let sharpMinimum: Double, barrierTop: Double, flatMinimum: Double

    public init(barrier: Double = 1, sharp: Double = 16, flat: Double = 2, smoothing: Double? = nil) {
        self.barrier = barrier
        self.sharp = sharp
        self.flat = flat
        sharpWidth = (8 * barrier / sharp).squareRoot()
        flatWidth = (8 * barrier / flat).squareRoot()
        let delta = smoothing ?? 0.05 * min(sharpWidth, flatWidth)
        self.smoothing = delta
        let ws = sharpWidth, wf = flatWidth
        let u = { (x: Double) -> Double in AsymmetricWell.map(x, delta: delta, ws: ws, wf: wf).u }
        // u is strictly increasing: bisection finds each level exactly.
        func solve(_ level: Double) -> Double {
            var lo = -1e3, hi = 1e3
            for _ in 0..<200 {
                let mid = 0.5 * (lo + hi)
                if u(mid) < level { lo = mid } else { hi = mid }
            }
            return 0.5 * (lo + hi)
        }
        sharpMinimum = solve(-1)
        barrierTop = solve(0)
        flatMinimum = solve(1)
    }

    public init(parsing spec: inout Spec) throws {
        let h = try spec.read(Self.barrierParameter)
        let ks = try spec.read(Self.sharpParameter)
        let kf = try spec.read(Self.flatParameter)
        let delta = try spec.read(Self.smoothParameter)
        self.init(barrier: h, sharp: ks, flat: kf, smoothing: delta > 0 ? delta : nil)
    }

    @inlinable public var dimension: Int { 1 }

    /// u(x), u'(x), u''(x).
    @inlinable @inline(__always)
    static func map(_ x: Double, delta: Double, ws: Double, wf: Double) -> (u: Double, du: Double, d2u: Double) {
        let z = x / delta
        // Stable softplus and logistic.
        let spPlus = max(x, 0) + delta * log1p(exp(-abs(z)))   // s(x)
        let spMinus = spPlus - x                                // s(-x) = s(x) - x
        let sig = StableMath.sigmoid(z)
        let u = spPlus / wf - spMinus / ws
        let du = sig / wf + (1 - sig) / ws
        let d2u = sig * (1 - sig) / delta * (1 / wf - 1 / ws)
        return (u, du, d2u)
    }

    @inlinable @inline(__always)
    func map(_ x: Double) -> (u: Double, du: Double, d2u: Double) {
        Self.map(x, delta: smoothing, ws: sharpWidth, wf: flatWidth)
    }

    /// W = h (1 - u^2)^2 from u(x).
    @inlinable @inline(__always)
    func value(_ m: (u: Double, du: Double, d2u: Double)) -> Double {
        let t = 1 - m.u * m.u
        return barrier * t * t
    }

    /// W'(x) = -4 h u (1 - u^2) u' from u(x), u'(x).
    @inlinable @inline(__always)
    func slope(_ m: (u: Double, du: Double, d2u: Double)) -> Double {
        -4 * barrier * m.u * (1 - m.u * m.u) * m.du
    }

    /// W''(x) = -4 h ((1 - 3u^2) u'^2 + u (1 - u^2) u'').
    @inlinable @inline(__always)
    func curvature(_ m: (u: Double, du: Double, d2u: Double)) -> Double {
        -4 * barrier * ((1 - 3 * m.u * m.u) * m.du * m.du + m.u * (1 - m.u * m.u) * m.d2u)
    }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        value(map(x[0]))
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        g[0] = slope(map(x[0]))
    }

    @inlinable
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h[0, 0] = curvature(map(x[0]))
    }

    public var start: [Double] { [sharpMinimum] }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { [barrierTop] }
    public var defaultEscape: EscapeCriterion { .coordinateAtLeast(0, flatMinimum) }
}
