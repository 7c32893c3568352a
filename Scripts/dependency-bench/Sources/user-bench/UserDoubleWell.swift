// A line-for-line copy of EscapeLab's DoubleWell, declared in the user's module.
import EscapeLab

public struct UserDoubleWell: LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = Point1

    public static let specName = "user-double-well"
    public static let summary = "L = h (k x^2 - 1)^2 (1-D); start -1/sqrt(k); escape x0>=1/sqrt(k)"
    static let barrierParameter = SpecParameter("barrier", \UserDoubleWell.barrier, default: 1.0, .positive, "barrier height h")
    static let kParameter = SpecParameter("k", \UserDoubleWell.k, default: 1.0, .positive,
                                          "sharpness k: every curvature times k, barrier kept")
    public static let parameters = [barrierParameter.info, kParameter.info]

    /// Barrier height h.
    public let barrier: Double
    /// Sharpness k.
    public let k: Double
    @usableFromInline let fourHK: Double

    public init(barrier: Double = 1, k: Double = 1) {
        self.barrier = barrier
        self.k = k
        self.fourHK = 4 * barrier * k
    }

    public init(parsing spec: inout Spec) throws {
        self.init(barrier: try spec.read(Self.barrierParameter), k: try spec.read(Self.kParameter))
    }

    @inlinable public var dimension: Int { 1 }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        let t = k * x[0] * x[0] - 1
        return barrier * t * t
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        let u = x[0]
        let t = (-1.0).addingProduct(k * u, u)
        g[0] = (fourHK * u) * t
    }

    @inlinable @inline(__always)
    public func gradient<V: PointVector>(at x: V, adding v: V, into g: inout V) {
        // L' + v = (4 h k x)(k x^2 - 1) + v as two multiply-adds, so the noise
        // joins in the last one (the step's critical path is x -> x).
        let u = x[0]
        let t = (-1.0).addingProduct(k * u, u)
        g[0] = v[0].addingProduct(fourHK * u, t)
    }

    @inlinable
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        let u = x[0]
        h[0, 0] = barrier * (12 * k * k * u * u - 4 * k)
    }

    public var start: [Double] { [-1 / k.squareRoot()] }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { [0] }
    public var defaultEscape: EscapeCriterion { .coordinateAtLeast(0, 1 / k.squareRoot()) }
}
