import EscapeLab

/// A tilted double well, 1-D:
/// ```
/// L(x) = h (x^2 - 1)^2 + t x
/// ```
/// The tilt t (|t| < 8h/3^(3/2)) makes the left minimum deeper for t > 0.
/// Runs start in the right (shallower) minimum and escape on reaching the
/// left one.
public struct TiltedWell: LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = Point1
    public static let specName = "tilted-well"
    public static let summary = "L = h (x^2 - 1)^2 + t x (1-D); start: the right minimum; escape at the left one"
    static let heightParameter = SpecParameter("h", \TiltedWell.height, default: 1.0, .positive, "height h of the untilted barrier")
    static let tiltParameter = SpecParameter("t", \TiltedWell.tilt, default: 0.2, .closed(-1.5, 1.5), "tilt t (positive deepens the left well)")
    public static let parameters = [heightParameter.info, tiltParameter.info]

    public let height: Double
    public let tilt: Double
    /// The critical points: left minimum, barrier top, right minimum.
    public let criticalPoints: [Double]

    public init(height: Double = 1, tilt: Double = 0.2) {
        self.height = height
        self.tilt = tilt
        // L'(x) = 4h x (x^2 - 1) + t: Newton from the untilted critical points.
        criticalPoints = [-1.0, 0.0, 1.0].map { guess in
            var x = guess
            for _ in 0..<50 { x -= (4 * height * x * (x * x - 1) + tilt) / (4 * height * (3 * x * x - 1)) }
            return x
        }
    }

    public init(parsing spec: inout Spec) throws {
        self.init(height: try spec.read(Self.heightParameter), tilt: try spec.read(Self.tiltParameter))
    }

    public var dimension: Int { 1 }

    public func loss<V: PointVector>(at x: V) -> Double {
        let u = x[0], s = u * u - 1
        return height * s * s + tilt * u
    }

    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        let u = x[0]
        g[0] = 4 * height * u * (u * u - 1) + tilt
    }

    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        let u = x[0]
        h[0, 0] = height * (12 * u * u - 4)
    }

    public var start: [Double] { [criticalPoints[2]] }
    public var startMinimum: [Double]? { [criticalPoints[2]] }
    public var saddle: [Double]? { [criticalPoints[1]] }
    public var defaultEscape: EscapeCriterion { .coordinateAtMost(0, criticalPoints[0]) }
}
