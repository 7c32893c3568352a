import Foundation

/// The symmetric double well, 1-D:
/// ```
/// L(x) = h (k x^2 - 1)^2
/// ```
/// Minima at x = -+1/sqrt(k) with L'' = 8 h k, barrier top x = 0 with
/// L'' = -4 h k and barrier height h. Sharpness k scales every curvature and
/// keeps the barrier: L_k(x) = L_1(sqrt(k) x). Trajectories start in the left
/// minimum; by default they have escaped on reaching the right one.
public struct DoubleWell: LandscapeParsing {
    public static let specName = "double-well"
    public static let summary = "double-well:barrier=h,k=k  L = h (k x^2 - 1)^2 (1-D); defaults h=1, k=1; start -1/sqrt(k); escape x0>=1/sqrt(k)"

    /// Barrier height h.
    public let barrier: Double
    /// Sharpness k.
    public let k: Double
    let fourHK: Double

    public init(barrier: Double = 1, k: Double = 1) {
        self.barrier = barrier
        self.k = k
        self.fourHK = 4 * barrier * k
    }

    public init(parsing spec: inout Spec) throws {
        self.init(barrier: try spec.double("barrier", default: 1, .positive),
                  k: try spec.double("k", default: 1, .positive))
    }

    public var spec: String { "double-well:barrier=\(barrier.compact),k=\(k.compact)" }
    public var dimension: Int { 1 }

    public func loss<V: PointVector>(at x: V) -> Double {
        let t = k * x[0] * x[0] - 1
        return barrier * t * t
    }

    public func gradient<V: PointVector>(at x: V) -> V {
        gradient(at: x, adding: V(repeating: 0))
    }

    @inline(__always)
    public func gradient<V: PointVector>(at x: V, adding v: V) -> V {
        // L' + v = (4 h k x)(k x^2 - 1) + v as two multiply-adds, so the noise
        // joins in the last one (the step's critical path is x -> x).
        let u = x[0]
        let t = (-1.0).addingProduct(k * u, u)
        var g = v
        g[0] = v[0].addingProduct(fourHK * u, t)
        return g
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        let u = x[0]
        h[0, 0] = barrier * (12 * k * k * u * u - 4 * k)
    }

    public var start: [Double] { [-1 / k.squareRoot()] }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { [0] }
    public var defaultEscape: EscapeCriterion { .coordinateAtLeast(0, 1 / k.squareRoot()) }
}
