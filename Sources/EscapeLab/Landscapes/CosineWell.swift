import Foundation

// Why a periodic well. The heavy-tails study needs a basin whose width and
// height are set independently, and a landscape on which a huge jump is
// harmless. On `double-well` a long alpha-stable jump into the quartic wall
// makes the explicit step unstable (|x| ~ w^2 / sqrt(eta h) is enough) and
// can fling the point over the barrier or to infinity; here the gradient is
// bounded, |L'| <= pi h / (2 w), and a jump just lands in another basin.

/// A 1-D periodic landscape of identical basins (a washboard without tilt):
/// ```
/// L(x) = (h / 2) (1 + cos(pi x / w))
/// ```
/// Minima at odd multiples of w (L = 0, L'' = (h/2)(pi/w)^2), barrier tops at
/// even multiples (L = h, L'' = -(h/2)(pi/w)^2): every basin has half-width w
/// and height h, set independently. Trajectories start in the minimum -w; by
/// default they have escaped on leaving its basin (-2w, 0) on either side
/// (`radius=w`).
public struct CosineWell: LandscapeParsing, FixedDimensionLandscape {
    public typealias Storage = Point1

    public static let specName = "cosine-well"
    public static let summary = "L = (h/2)(1 + cos(pi x / w)) (1-D, periodic); start -w; escape radius=w (out of the basin (-2w, 0))"
    static let barrierParameter = SpecParameter("barrier", \CosineWell.barrier, default: 1.0, .positive, "barrier height h")
    static let widthParameter = SpecParameter("width", \CosineWell.width, default: 1.0, .positive, "basin half-width w")
    public static let parameters = [barrierParameter.info, widthParameter.info]

    /// Barrier height h.
    public let barrier: Double
    /// Basin half-width w (minimum to barrier top).
    public let width: Double
    @usableFromInline let wavenumber: Double
    @usableFromInline let amplitude: Double

    public init(barrier: Double = 1, width: Double = 1) {
        self.barrier = barrier
        self.width = width
        wavenumber = Double.pi / width
        amplitude = barrier / 2
    }

    public init(parsing spec: inout Spec) throws {
        self.init(barrier: try spec.read(Self.barrierParameter), width: try spec.read(Self.widthParameter))
    }

    @inlinable public var dimension: Int { 1 }

    @inlinable
    public func loss<V: PointVector>(at x: V) -> Double {
        amplitude * (1 + cos(wavenumber * x[0]))
    }

    @inlinable
    public func gradient<V: PointVector>(at x: V, into g: inout V) {
        g[0] = -amplitude * wavenumber * sin(wavenumber * x[0])
    }

    @inlinable
    public func hessian<V: PointVector>(at x: V, into h: inout Matrix) {
        h[0, 0] = -amplitude * wavenumber * wavenumber * cos(wavenumber * x[0])
    }

    public var start: [Double] { [-width] }
    public var startMinimum: [Double]? { start }
    public var saddle: [Double]? { [0] }
    public var defaultEscape: EscapeCriterion { .radius(width) }
    /// The barrier tops on both sides, -2w and 0.
    public var exitCount: Int { 2 }
    public var exitSaddles: [[Double]] { [[0], [-2 * width]] }
}
