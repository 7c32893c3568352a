/// A quadratic saddle with one unstable direction, d-dimensional:
/// ```
/// L(x) = 1/2 (-gamma x_0^2 + lambda sum_{i>0} x_i^2)
/// ```
/// Trajectories start at the saddle (the origin); by default they have
/// escaped at distance 1 from it (`radius=1`). Noise-free GD from distance r0
/// along x_0 reaches radius R after exactly ceil(log(R/r0)/log(1+eta gamma))
/// steps.
public struct Saddle: LandscapeParsing {
    public static let specName = "saddle"
    public static let summary = "saddle:neg=gamma,pos=lambda,dim=d  L = 1/2 (-gamma x0^2 + lambda sum_{i>0} x_i^2); defaults gamma=1, lambda=1, d=2; start origin; escape radius=1"

    /// The negative curvature's magnitude gamma.
    public let negative: Double
    /// The positive curvature lambda of the other directions.
    public let positive: Double
    public let dimension: Int

    public init(negative: Double = 1, positive: Double = 1, dimension: Int = 2) {
        self.negative = negative
        self.positive = positive
        self.dimension = dimension
    }

    public init(parsing spec: inout Spec) throws {
        self.init(negative: try spec.double("neg", default: 1, .positive),
                  positive: try spec.double("pos", default: 1, .nonNegative),
                  dimension: try spec.int("dim", default: 2, 1...maximumDimension))
    }

    public var spec: String { "saddle:neg=\(negative.compact),pos=\(positive.compact),dim=\(dimension)" }

    public func loss<V: PointVector>(at x: V) -> Double {
        0.5 * (positive * x.dot(x) - (positive + negative) * x[0] * x[0])
    }

    public func gradient<V: PointVector>(at x: V) -> V {
        // Padding lanes of x are zero, so lambda * x keeps them zero.
        var g = positive * x
        g[0] = -negative * x[0]
        return g
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h.zero()
        h[0, 0] = -negative
        for i in 1..<max(dimension, 1) { h[i, i] = positive }
    }

    public var start: [Double] { Array(repeating: 0, count: dimension) }
    public var startMinimum: [Double]? { nil }
    public var saddle: [Double]? { start }
    public var defaultEscape: EscapeCriterion { .radius(1) }
}
