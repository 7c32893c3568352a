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
    public static let summary = "L = 1/2 (-gamma x0^2 + lambda sum_{i>0} x_i^2); start origin; escape radius=1"
    static let negativeParameter = SpecParameter("neg", \Saddle.negative, default: 1.0, .positive, "magnitude gamma of the negative curvature (along x0)")
    static let positiveParameter = SpecParameter("pos", \Saddle.positive, default: 1.0, .nonNegative, "curvature lambda of the other directions")
    static let dimensionParameter = SpecParameter("dim", \Saddle.dimension, default: 2, 1...maximumDimension, "dimension d")
    public static let parameters = [negativeParameter.info, positiveParameter.info, dimensionParameter.info]

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
        self.init(negative: try spec.read(Self.negativeParameter), positive: try spec.read(Self.positiveParameter),
                  dimension: try spec.read(Self.dimensionParameter))
    }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        0.5 * (positive * x.dot(x) - (positive + negative) * x[0] * x[0])
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        g[0] = -negative * x[0]
        var i = 1
        while i < dimension { g[i] = positive * x[i]; i &+= 1 }
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
